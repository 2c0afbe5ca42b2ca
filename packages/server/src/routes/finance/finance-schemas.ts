import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_AMOUNT_PENCE } from '@atscale/domain';

/** Schema pieces the finance routes share. Money is always whole pence (integers). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IsoDate = (description?: string) =>
  Type.String({ format: 'date', ...(description ? { description } : {}) });

/** Whole pence, not negative: 12345 is £123.45. Never pounds, never a float. */
export const Pence = (description = 'Whole pence: 12345 is £123.45') =>
  Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_PENCE, description });

/** Whole pence that may be negative (profit, net benefit). */
export const SignedPence = (description = 'Whole pence, may be negative') =>
  Type.Integer({ description });

export const Uuid = Type.String({ format: 'uuid' });

export const CostCentre = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() });

export const Practice = Type.Object({ id: Uuid, odsCode: Type.String(), name: Type.String() });

export const Period = Type.Object(
  {
    from: IsoDate('The first day, YYYY-MM-DD'),
    to: IsoDate('The last day, YYYY-MM-DD'),
  },
  { additionalProperties: false },
);
