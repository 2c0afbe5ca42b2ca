import { Type, type TSchema } from '@sinclair/typebox';
import {
  ADMIN_REQUEST_TYPES,
  AtscaleError,
  DELIVERY_CHANNELS,
  RED_FLAG_ADVICE_TEXT,
  RED_FLAG_IDS,
  RED_FLAGS,
  REQUEST_KINDS,
  type AdminRequestType,
  type DeliveryChannel,
  type FieldProblem,
  type PatientIdentity,
  type RedFlagId,
  type RequestKind,
} from '@atscale/domain';
import { REQUEST_DESCRIPTION_MAX_LENGTH, unscopedPublicRequests } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { Problem } from '../../problem.js';
import { inBody } from '../request-fields.js';
import { Enum } from './request-routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Online form answers one client address may send a minute: a person needs one or two. */
export const PUBLIC_SUBMISSIONS_PER_MINUTE = 10;
/** Practice look-ups one client address may make a minute. */
export const PUBLIC_LOOKUPS_PER_MINUTE = 60;

const OdsParams = Type.Object({
  odsCode: Type.String({
    pattern: '^[A-Za-z][0-9A-Za-z][0-9]{4}$',
    description: 'The practice’s ODS code, like A81001',
  }),
});

// The form's own address takes any short code: a malformed one is simply no practice (404),
// so that every field of the body can still be checked and named.
const SubmitParams = Type.Object({
  odsCode: Type.String({ minLength: 1, maxLength: 64, description: 'The practice’s ODS code' }),
});

const PublicPractice = Type.Object({
  odsCode: Type.String(),
  name: Type.String(),
  redFlags: Type.Array(Type.Object({ id: Type.String(), question: Type.String() }), {
    description: 'Asked before anything else, in this order',
  }),
});

const Text = (maxLength: number) => Type.Optional(Type.String({ minLength: 1, maxLength }));

/**
 * The public online request form (ACC-1): no sign-in, found by the practice's ODS code, and
 * rate-limited per client address. Red flags first: any "yes" is answered with the 999/111
 * advice and kept without identity; otherwise the patient must match exactly one person on the
 * register of the practice's organisation, or is asked to call their practice.
 */
export const publicRequestRoutes: RouteModule = (app, { db }) => {
  const form = unscopedPublicRequests(db);

  app.get(
    '/api/public/practices/:odsCode',
    {
      config: {
        public: true,
        rateLimit: { max: PUBLIC_LOOKUPS_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['public'],
        summary: 'A practice’s name and the red-flag questions of its online form (no sign-in)',
        security: [],
        params: OdsParams,
        response: { 200: PublicPractice, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) => {
      const practice = await form.practice(request.params.odsCode);
      return {
        odsCode: practice.odsCode,
        name: practice.name,
        redFlags: RED_FLAGS.map(({ id, question }) => ({ id, question })),
      };
    },
  );

  app.post(
    '/api/public/practices/:odsCode/requests',
    {
      config: {
        public: true,
        rateLimit: { max: PUBLIC_SUBMISSIONS_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['public'],
        summary: 'Send an online request to a practice (no sign-in)',
        description:
          'redFlags lists the red-flag questions answered yes. Any yes: 200 with the 999/111 ' +
          'advice, kept without identity, nothing queued. None: the patient is identified by ' +
          'NHS number and date of birth, or by given name, family name, date of birth and ' +
          'postcode; 201 with a reference when exactly one registered patient matches, else ' +
          '400 asking them to call their practice.',
        security: [],
        params: SubmitParams,
        body: Type.Object(
          {
            redFlags: Type.Array(Enum(RED_FLAG_IDS), {
              maxItems: RED_FLAG_IDS.length,
              description: 'The red flags answered yes; empty when every answer was no',
            }),
            nhsNumber: Text(20),
            givenName: Text(100),
            familyName: Text(100),
            dateOfBirth: Type.Optional(Type.String({ format: 'date' })),
            postcode: Text(10),
            kind: Type.Optional(Enum(REQUEST_KINDS)),
            adminType: Type.Optional(Nullable(Enum(ADMIN_REQUEST_TYPES))),
            description: Text(REQUEST_DESCRIPTION_MAX_LENGTH),
            preferredChannel: Type.Optional(Nullable(Enum(DELIVERY_CHANNELS))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            outcome: Type.Literal('red-flag'),
            advice: Enum(['999', '111'] as const),
            adviceText: Type.String(),
          }),
          201: Type.Object({
            outcome: Type.Literal('queued'),
            reference: Type.String(),
            practiceName: Type.String({ description: 'The patient’s own practice' }),
          }),
          400: Problem,
          404: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const { odsCode } = request.params;
      // The schema's enums have checked these; the type provider cannot see through Type.Unsafe.
      const body = request.body as typeof request.body & {
        redFlags: RedFlagId[];
        kind?: RequestKind;
        adminType?: AdminRequestType | null;
        preferredChannel?: DeliveryChannel | null;
      };
      if (body.redFlags.length > 0) {
        const advice = await form.redirect(odsCode, body.redFlags);
        return reply
          .code(200)
          .send({ outcome: 'red-flag', advice, adviceText: RED_FLAG_ADVICE_TEXT[advice] });
      }
      const missing: FieldProblem[] = [];
      const need = (field: string, value: string | undefined, message: string) => {
        if (value === undefined || value.trim() === '')
          missing.push({ field: `body/${field}`, message });
        return value?.trim() ?? '';
      };
      const dateOfBirth = need('dateOfBirth', body.dateOfBirth, 'Enter your date of birth');
      let identity: PatientIdentity;
      if (body.nhsNumber !== undefined && body.nhsNumber.trim() !== '') {
        identity = { nhsNumber: body.nhsNumber, dateOfBirth };
      } else {
        identity = {
          givenName: need('givenName', body.givenName, 'Enter your first name, or your NHS number'),
          familyName: need('familyName', body.familyName, 'Enter your last name'),
          dateOfBirth,
          postcode: need('postcode', body.postcode, 'Enter your postcode'),
        };
      }
      need('kind', body.kind, 'Choose whether you need medical help or an admin request');
      const description = need('description', body.description, 'Describe what you need');
      if (missing.length > 0) {
        throw new AtscaleError(
          'validation-failed',
          missing.map((m) => m.message).join('; '),
          missing,
        );
      }
      const queued = await inBody(
        () =>
          form.submit(
            odsCode,
            {
              identity,
              kind: body.kind ?? 'clinical',
              adminType: body.adminType ?? null,
              description,
              preferredChannel: body.preferredChannel ?? null,
            },
            request.id,
          ),
        { '/identity/nhsNumber': '/nhsNumber' },
      );
      return reply.code(201).send({ outcome: 'queued', ...queued });
    },
  );
};
