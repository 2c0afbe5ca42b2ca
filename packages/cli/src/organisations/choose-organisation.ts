import { AtscaleError } from '@atscale/domain';
import type { Queryable } from '@atscale/db';

/** An organisation as the command line names it. */
export interface ChosenOrganisation {
  readonly id: string;
  readonly name: string;
}

/**
 * The organisation a command acts on: the one named by --org (exact name or id), or the only
 * one when the database has just one. Otherwise it refuses, listing the organisations.
 */
export async function chooseOrganisation(
  db: Queryable,
  wanted: string | undefined,
): Promise<ChosenOrganisation> {
  // Across organisations on purpose: the command line acts for the whole installation.
  const { rows } = await db.query<ChosenOrganisation>(
    'select id::text as id, name from organisation order by name, id',
  );
  const choices = () => rows.map((o) => `"${o.name}" (${o.id})`).join(', ');
  if (rows.length === 0) {
    throw new AtscaleError(
      'not-found',
      'There is no organisation in this database yet (atscale start creates the demo one)',
    );
  }
  if (wanted === undefined) {
    const [only] = rows;
    if (only && rows.length === 1) return only;
    throw new AtscaleError(
      'validation-failed',
      `This database has ${rows.length} organisations: name one with --org. They are ${choices()}`,
    );
  }
  const text = wanted.trim();
  const found = rows.find((o) => o.id === text.toLowerCase() || o.name === text);
  if (!found) {
    throw new AtscaleError(
      'not-found',
      `No organisation has the name or id ${text}. The organisations are ${choices()}`,
    );
  }
  return found;
}
