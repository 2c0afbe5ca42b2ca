import { readPublicEfiCodeList, type Queryable } from '@atscale/db';
import { EFI_DEFICIT_IDS } from '@atscale/domain';

/**
 * A CSV of coded records that makes a patient severely frail (13 coded deficits of the public
 * list, dated before `before`), for route tests. Codes come from the shipped list, not copies.
 */
export async function severeFrailtyCsv(nhsNumbers: readonly string[], before = '2020-01-01') {
  const list = await readPublicEfiCodeList();
  const codes = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy')
    .slice(0, 13)
    .map((d) => list.deficits[d][0]?.code ?? '');
  const lines = ['nhs_number,code_system,code,date'];
  for (const nhs of nhsNumbers) {
    for (const code of codes) lines.push(`${nhs},http://snomed.info/sct,${code},${before}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Patients of a practice aged 65 or over on a date, oldest first. */
export async function olderPatients(db: Queryable, practiceId: string, on: string, limit = 3) {
  const { rows } = await db.query<{ id: string; nhsNumber: string }>(
    `select id, nhs_number as "nhsNumber" from patient
      where practice_id = $1 and date_of_birth <= ($2::date - interval '65 years')::date
        and deregistered_on is null
      order by date_of_birth, nhs_number limit $3`,
    [practiceId, on, limit],
  );
  return rows;
}
