import {
  CURRENT_MEDICATION_MONTHS,
  EFI_DEFICIT_COUNT,
  FRAILTY_MAX_DEFICITS,
  FRAILTY_MIN_AGE,
  POLYPHARMACY_MIN_MEDICATIONS,
} from '@atscale/domain';
import type { Queryable } from '../../database.js';

/** A scoring run as stored. */
export interface FrailtyRun {
  readonly id: string;
  readonly scoredOn: string;
  readonly codeListId: string;
  readonly codeListVersion: string;
  readonly patients: number;
  readonly runAt: string;
}

export const RUN_COLUMNS = `r.id, to_char(r.scored_on, 'YYYY-MM-DD') as "scoredOn",
  r.code_list_id as "codeListId", l.version as "codeListVersion", r.patients,
  to_char(r.run_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "runAt"`;

/**
 * The deficits present per patient on $2 with code list $3 in organisation $1, as rows of
 * (patient_id, deficit): coded entries (not medications) dated on or before the day whose code
 * the list names, and polypharmacy from 5 or more distinct medication codes dated in the 12
 * months up to the day. The same rule as `scoreFrailty` in the domain, in SQL.
 */
export const DEFICITS_PRESENT_SQL = `
  select e.patient_id, c.deficit, e.code, e.recorded_on
    from coded_entry e
    join code_list_code c on c.org_id = e.org_id and c.code_list_id = $3 and c.code = e.code
   where e.org_id = $1 and e.kind <> 'medication' and e.recorded_on <= $2::date
  union all
  select e.patient_id, 'polypharmacy', null, max(e.recorded_on)
    from coded_entry e
   where e.org_id = $1 and e.kind = 'medication'
     and e.recorded_on <= $2::date
     and e.recorded_on > ($2::date - interval '${CURRENT_MEDICATION_MONTHS} months')::date
   group by e.patient_id
  having count(distinct e.code) >= ${POLYPHARMACY_MIN_MEDICATIONS}`;

/**
 * Scores every patient of every practice of the organisation aged 65 or over on the day, and
 * registered then, in one INSERT ... SELECT: no loop per patient. The categories use the
 * deficit counts of the domain (fit <= 4, mild <= 8, moderate <= 12, severe above), so the
 * SQL and `frailtyCategory` cannot drift apart. Returns the run.
 */
export async function scoreAllPatients(
  tx: Queryable,
  orgId: string,
  on: string,
  codeListId: string,
  runBy: string | null,
): Promise<FrailtyRun> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into frailty_run (org_id, scored_on, code_list_id, patients, run_by)
     values ($1, $2, $3, 0, $4) returning id`,
    [orgId, on, codeListId, runBy],
  );
  const runId = rows[0]?.id ?? '';
  const scored = await tx.query(
    `with eligible as (
       select p.id, p.practice_id, extract(year from age($2::date, p.date_of_birth))::int as age
         from patient p
        where p.org_id = $1
          and p.date_of_birth <= ($2::date - interval '${FRAILTY_MIN_AGE} years')::date
          and (p.registered_on is null or p.registered_on <= $2::date)
          and (p.deregistered_on is null or p.deregistered_on > $2::date)
     ), present as (
       select patient_id, count(distinct deficit)::int as n
         from (${DEFICITS_PRESENT_SQL}) d
        group by patient_id
     )
     insert into frailty_score
       (run_id, org_id, practice_id, patient_id, age, deficit_count, score, category)
     select $4, $1, el.practice_id, el.id, el.age, coalesce(pr.n, 0),
            round(coalesce(pr.n, 0)::numeric / ${EFI_DEFICIT_COUNT}, 4),
            case when coalesce(pr.n, 0) <= ${FRAILTY_MAX_DEFICITS.fit} then 'fit'
                 when pr.n <= ${FRAILTY_MAX_DEFICITS.mild} then 'mild'
                 when pr.n <= ${FRAILTY_MAX_DEFICITS.moderate} then 'moderate'
                 else 'severe' end
       from eligible el
       left join present pr on pr.patient_id = el.id`,
    [orgId, on, codeListId, runId],
  );
  const { rows: runs } = await tx.query<FrailtyRun>(
    `update frailty_run r set patients = $3 from code_list l
      where r.org_id = $1 and r.id = $2 and l.org_id = r.org_id and l.id = r.code_list_id
      returning ${RUN_COLUMNS}`,
    [orgId, runId, scored.rowCount],
  );
  return runs[0] as FrailtyRun;
}

/** The id of the organisation's latest scoring run, or null before the first. */
export async function latestFrailtyRunId(db: Queryable, orgId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    'select id from frailty_run where org_id = $1 order by run_at desc limit 1',
    [orgId],
  );
  return rows[0]?.id ?? null;
}
