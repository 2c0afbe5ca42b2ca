import {
  AtscaleError,
  FRAILTY_REGISTER_KEY,
  REGISTER_AGE_BANDS,
  forbidden,
  grantingRole,
  notFound,
  parseCodeRegister,
  parseRegisterReview,
  reachOf,
  registerStatus,
  suppressSmall,
  type CodeRegisterInput,
  type IsoDate,
  type RegisterAgeBand,
  type RegisterStatus,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import { latestFrailtyRunId } from './frailty-scoring.js';

/** A register: the built-in frailty one, or one defined by codes. */
export interface PopulationRegister {
  readonly key: string;
  readonly name: string;
  readonly kind: 'frailty' | 'codes';
  /** How many codes define it; null for the frailty register. */
  readonly codes: number | null;
  /** The ages (whole years on the day) it is for; null where open. */
  readonly minAge: number | null;
  readonly maxAge: number | null;
  /** Where its codes came from and their version; null when not given. */
  readonly source: string | null;
  readonly version: string | null;
}

/** A count as shown across practices, with the prevalence it gives (null when suppressed). */
export interface RegisterCount {
  readonly members: number | null;
  readonly denominator: number;
  readonly prevalencePercent: number | null;
}

/** One practice's register figures. */
export interface PracticeRegisterSummary extends RegisterCount {
  readonly practiceId: string;
  readonly practiceName: string;
  /** True when counts of 1-4 are hidden: the caller may not read this practice's patients. */
  readonly suppressed: boolean;
  /** Members with a care plan reviewed within 12 months. */
  readonly carePlansCurrent: number | null;
  /** Members due a care plan or medication review. */
  readonly due: number | null;
  readonly byAgeBand: Record<RegisterAgeBand, RegisterCount>;
}

/** A patient on a practice's register worklist, with their review status. */
export interface RegisterWorklistEntry {
  readonly patientId: string;
  readonly nhsNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly age: number;
  readonly status: RegisterStatus;
}

const FRAILTY_REGISTER: PopulationRegister = {
  key: FRAILTY_REGISTER_KEY,
  name: 'Frailty (moderate and severe)',
  kind: 'frailty',
  codes: null,
  minAge: 65,
  maxAge: null,
  source: null,
  version: null,
};

const AGE_SQL = `extract(year from age($2::date, p.date_of_birth))::int`;

/**
 * The members of a register on a day, as rows (patient_id, practice_id), with $1 the
 * organisation, $2 the day and $3 the latest frailty run or the register's id. A member is
 * registered with the practice on the day; for frailty, moderately or severely frail in the
 * run; for a code register, of an age on the day within its range, with an entry of one of
 * its codes dated on or before the day.
 */
const membersSql = (kind: PopulationRegister['kind']) =>
  kind === 'frailty'
    ? `select p.id as patient_id, p.practice_id
         from frailty_score s
         join patient p on p.org_id = s.org_id and p.id = s.patient_id
        where s.org_id = $1 and s.run_id = $3::uuid and s.category in ('moderate', 'severe')
          and (p.deregistered_on is null or p.deregistered_on > $2::date)`
    : `select p.id as patient_id, p.practice_id
         from patient p
        where p.org_id = $1
          and (p.registered_on is null or p.registered_on <= $2::date)
          and (p.deregistered_on is null or p.deregistered_on > $2::date)
          and exists (
            select 1 from population_register r
             where r.org_id = $1 and r.id = $3::uuid
               and (r.min_age is null or ${AGE_SQL} >= r.min_age)
               and (r.max_age is null or ${AGE_SQL} <= r.max_age))
          and exists (
            select 1 from coded_entry e
              join population_register_code c
                on c.org_id = e.org_id and c.register_id = $3::uuid and c.code = e.code
             where e.org_id = $1 and e.patient_id = p.id and e.recorded_on <= $2::date)`;

/** Each member's latest care plan and medication review, with $4 the register's key. */
const LATEST_REVIEWS_SQL = `
  left join lateral (
    select to_char(max(r.done_on) filter (where r.kind = 'care-plan'), 'YYYY-MM-DD') as care_plan_on,
           to_char(max(r.done_on) filter (where r.kind = 'medication-review'), 'YYYY-MM-DD')
             as medication_review_on
      from register_review r
     where r.org_id = $1 and r.register_key = $4 and r.patient_id = m.patient_id
       and r.done_on <= $2::date
  ) rv on true`;
const BAND_SQL = `case when ${AGE_SQL} >= 85 then '85+' when ${AGE_SQL} >= 75 then '75-84'
  when ${AGE_SQL} >= 65 then '65-74' when ${AGE_SQL} >= 40 then '40-64'
  when ${AGE_SQL} >= 18 then '18-39' else '0-17' end`;

const percent = (members: number | null, denominator: number) =>
  members === null || denominator === 0 ? null : Math.round((members / denominator) * 10_000) / 100;

/** The role under which the caller may read a practice's patients; 404 or 403 otherwise. */
export async function practicePatientRole(
  db: Queryable,
  scope: Scope,
  practiceId: string,
  permission: 'patient:read' | 'population:record' = 'patient:read',
) {
  const orgId = scope.principal.orgId;
  const { rows } = await db.query('select 1 from practice where org_id = $1 and id = $2', [
    orgId,
    practiceId,
  ]);
  if (rows.length === 0) throw notFound('The practice');
  const role = grantingRole(scope.principal, permission, { orgId, practiceId });
  if (role === null) {
    throw forbidden(
      permission === 'patient:read'
        ? "read this practice's patients"
        : "record reviews of this practice's patients",
    );
  }
  return role;
}

/**
 * Registers for schemes (POP-1): definitions, counts and prevalence per practice and age band
 * (counts of 1-4 suppressed for practices whose patients the caller may not read), the
 * practice worklist of who is due (audited per patient), and care plans and medication reviews
 * recorded by the patient's practice (audited).
 */
export function registersRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const codeRegisters = async (): Promise<(PopulationRegister & { id: string })[]> => {
    const { rows } = await db.query<PopulationRegister & { id: string }>(
      `select r.id, r.key, r.name, 'codes' as kind, count(c.code)::int as codes,
              r.min_age as "minAge", r.max_age as "maxAge", r.code_source as source,
              r.code_version as version
         from population_register r
         left join population_register_code c on c.org_id = r.org_id and c.register_id = r.id
        where r.org_id = $1 group by r.id order by r.name`,
      [orgId],
    );
    return rows;
  };
  /** The register of a key with the id its members query takes; 404 when there is none. */
  const resolve = async (key: string) => {
    if (key === FRAILTY_REGISTER_KEY) {
      return { register: FRAILTY_REGISTER, param: await latestFrailtyRunId(db, orgId) };
    }
    const found = (await codeRegisters()).find((r) => r.key === key);
    if (!found) throw notFound('The register');
    const { id, ...register } = found;
    return { register, param: id };
  };
  const readable = () => {
    if (reachOf(principal, 'population:read').kind === 'none') throw forbidden('see registers');
    return reachOf(principal, 'population:read');
  };

  return {
    /** The registers of the organisation: frailty first, then those defined by codes. */
    async registers(): Promise<PopulationRegister[]> {
      readable();
      const defined = await codeRegisters();
      return [FRAILTY_REGISTER, ...defined.map(({ id: _id, ...r }) => r)];
    },

    /**
     * Defines a register by codes (an administrator), audited with where the codes came from.
     * The codes are sent, with their source and version, or taken from a deficit of a loaded
     * code list (`fromCodeList`), whose source and version they keep. A key in use is 409.
     */
    async defineRegister(
      input: Omit<CodeRegisterInput, 'codes'> & {
        readonly codes?: readonly string[] | undefined;
        readonly fromCodeList?: { readonly codeListId: string; readonly deficit: string };
      },
    ): Promise<PopulationRegister> {
      if (reachOf(principal, 'population:manage').kind !== 'organisation') {
        throw forbidden('define registers');
      }
      const role = grantingRole(principal, 'population:manage', { orgId });
      const { fromCodeList, ...rest } = input;
      const refuse = (field: string, message: string): never => {
        throw new AtscaleError('validation-failed', `${field.slice(1)}: ${message}`, [
          { field, message },
        ]);
      };
      let taken: CodeRegisterInput | null = null;
      if (fromCodeList) {
        if (rest.codes !== undefined || rest.source !== undefined || rest.version !== undefined) {
          refuse('/fromCodeList', 'send either codes (with source and version) or fromCodeList');
        }
        const { rows: listed } = await db.query<{ source: string; version: string; code: string }>(
          `select l.name || ' (' || l.source || ')' as source, l.version, c.code
             from code_list l
             join code_list_code c on c.org_id = l.org_id and c.code_list_id = l.id
            where l.org_id = $1 and l.id = $2 and c.deficit = $3 order by c.code`,
          [orgId, fromCodeList.codeListId, fromCodeList.deficit],
        );
        const first = listed[0];
        if (!first) refuse('/fromCodeList', 'no loaded code list has codes for that deficit');
        taken = {
          ...rest,
          codes: listed.map((r) => r.code),
          source: first?.source.slice(0, 2000),
          version: first?.version,
        };
      } else if (rest.codes === undefined) {
        refuse('/codes', 'send the codes, or fromCodeList to take them from a loaded list');
      }
      const register = parseCodeRegister(taken ?? { ...rest, codes: rest.codes ?? [] });
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `insert into population_register (org_id, key, name, created_by, min_age, max_age,
                                            code_source, code_version)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict (org_id, key) do nothing returning id`,
          [
            orgId,
            register.key,
            register.name,
            principal.userId,
            register.minAge ?? null,
            register.maxAge ?? null,
            register.source ?? null,
            register.version ?? null,
          ],
        );
        const id = rows[0]?.id;
        if (id === undefined) {
          throw new AtscaleError('conflict', `A register with the key ${register.key} exists`, [
            { field: '/key', message: 'is already in use' },
          ]);
        }
        await tx.query(
          `insert into population_register_code (org_id, register_id, code)
           select $1, $2, unnest($3::text[])`,
          [orgId, id, register.codes],
        );
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role,
            action: 'register.define',
            entityType: 'population_register',
            entityId: id,
            patientId: null,
            reason:
              `${register.key}: ${register.codes.length} codes` +
              (register.source ? ` from ${register.source}, version ${register.version}` : ''),
            requestId,
          },
        ]);
        return {
          key: register.key,
          name: register.name,
          kind: 'codes',
          codes: register.codes.length,
          minAge: register.minAge ?? null,
          maxAge: register.maxAge ?? null,
          source: register.source ?? null,
          version: register.version ?? null,
        };
      });
    },

    /**
     * Members, care plans current and due, and prevalence per practice and age band on a day:
     * aggregates with no patient in them. Central roles see every practice, practice roles
     * their own; counts of 1-4 are hidden (null) for practices whose patients the caller may
     * not read, since across practices so small a number can point at a person.
     */
    async registerSummary(key: string, on: IsoDate) {
      const reach = readable();
      const { register, param } = await resolve(key);
      const practices = await db.query<{ id: string; name: string }>(
        `select id, name from practice where org_id = $1
            and ($2::boolean or id = any($3::uuid[])) order by name, id`,
        [orgId, reach.kind === 'organisation', reach.kind === 'practices' ? reach.practiceIds : []],
      );
      // Denominators: patients registered on the day, by practice and age band.
      const { rows: lists } = await db.query<{
        practiceId: string;
        band: RegisterAgeBand;
        n: number;
      }>(
        `select p.practice_id as "practiceId", ${BAND_SQL} as band, count(*)::int as n
           from patient p
          where p.org_id = $1
            and (p.registered_on is null or p.registered_on <= $2::date)
            and (p.deregistered_on is null or p.deregistered_on > $2::date)
          group by 1, 2`,
        [orgId, on],
      );
      const { rows: members } = param
        ? await db.query<{
            practiceId: string;
            band: RegisterAgeBand;
            n: number;
            current: number;
            due: number;
          }>(
            `select m.practice_id as "practiceId", ${BAND_SQL} as band, count(*)::int as n,
                    count(*) filter (where (rv.care_plan_on::date + interval '12 months')::date
                      > $2::date)::int as current,
                    count(*) filter (where rv.care_plan_on is null
                      or (rv.care_plan_on::date + interval '12 months')::date <= $2::date
                      or rv.medication_review_on is null
                      or (rv.medication_review_on::date + interval '12 months')::date <= $2::date)::int
                      as due
               from (${membersSql(register.kind)}) m
               join patient p on p.org_id = $1 and p.id = m.patient_id
               ${LATEST_REVIEWS_SQL}
              group by 1, 2`,
            [orgId, on, param, key],
          )
        : { rows: [] };
      const summaries: PracticeRegisterSummary[] = practices.rows.map((practice) => {
        const suppressed =
          grantingRole(principal, 'patient:read', { orgId, practiceId: practice.id }) === null;
        const shown = (n: number) => (suppressed ? suppressSmall(n) : n);
        const mine = members.filter((m) => m.practiceId === practice.id);
        const listOf = (band: RegisterAgeBand) =>
          lists.find((l) => l.practiceId === practice.id && l.band === band)?.n ?? 0;
        const sum = (pick: (m: (typeof mine)[number]) => number) =>
          mine.reduce((total, m) => total + pick(m), 0);
        // Frailty is scored at 65 and over, so its prevalence is of the list aged 65+.
        const counted = REGISTER_AGE_BANDS.filter(
          (b) => register.kind !== 'frailty' || ['65-74', '75-84', '85+'].includes(b),
        );
        const denominator = counted.reduce((total, b) => total + listOf(b), 0);
        const total = shown(sum((m) => m.n));
        return {
          practiceId: practice.id,
          practiceName: practice.name,
          suppressed,
          members: total,
          denominator,
          prevalencePercent: percent(total, denominator),
          carePlansCurrent: shown(sum((m) => m.current)),
          due: shown(sum((m) => m.due)),
          byAgeBand: Object.fromEntries(
            REGISTER_AGE_BANDS.map((band) => {
              const n = shown(mine.find((m) => m.band === band)?.n ?? 0);
              return [
                band,
                {
                  members: n,
                  denominator: listOf(band),
                  prevalencePercent: percent(n, listOf(band)),
                },
              ];
            }),
          ) as Record<RegisterAgeBand, RegisterCount>,
        };
      });
      return { register, on, practices: summaries };
    },

    /**
     * A practice's members of a register with each one's care plan and medication review
     * status on the day, those due first; only those due unless `all`. Only the practice's
     * staff and central roles that read patient records; each patient listed is audited.
     */
    async registerWorklist(
      key: string,
      practiceId: string,
      on: IsoDate,
      all: boolean,
      reason: string | null,
    ) {
      const role = await practicePatientRole(db, scope, practiceId);
      const { register, param } = await resolve(key);
      if (!param) return { register, on, patients: [] };
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<
          Omit<RegisterWorklistEntry, 'status'> & {
            carePlanOn: string | null;
            medicationReviewOn: string | null;
          }
        >(
          `select p.id as "patientId", p.nhs_number as "nhsNumber", p.given_name as "givenName",
                  p.family_name as "familyName",
                  to_char(p.date_of_birth, 'YYYY-MM-DD') as "dateOfBirth", ${AGE_SQL} as age,
                  rv.care_plan_on as "carePlanOn", rv.medication_review_on as "medicationReviewOn"
             from (${membersSql(register.kind)}) m
             join patient p on p.org_id = $1 and p.id = m.patient_id
             ${LATEST_REVIEWS_SQL}
            where m.practice_id = $5
            order by p.family_name, p.given_name, p.nhs_number`,
          [orgId, on, param, key, practiceId],
        );
        const patients: RegisterWorklistEntry[] = rows
          .map(({ carePlanOn, medicationReviewOn, ...patient }) => ({
            ...patient,
            status: registerStatus({ carePlanOn, medicationReviewOn }, on),
          }))
          .filter((p) => all || p.status.due)
          .sort((a, b) => Number(b.status.due) - Number(a.status.due));
        await writeAudit(
          tx,
          patients.map((p) => ({
            orgId,
            userId: principal.userId,
            role,
            action: 'register.worklist',
            entityType: 'patient',
            entityId: p.patientId,
            patientId: p.patientId,
            reason: reason ?? key,
            requestId,
          })),
        );
        return { register, on, patients };
      });
    },

    /**
     * Records a care plan or medication review done for a patient on a register, by their
     * practice's clinician or manager (audited). A patient outside the caller's practices is
     * not found; one not on the register on `today` is 409.
     */
    async recordReview(
      key: string,
      patientId: string,
      input: { kind: string; on: string },
      today: IsoDate,
    ): Promise<{ patientId: string; status: RegisterStatus }> {
      if (reachOf(principal, 'population:record').kind === 'none') {
        throw forbidden('record care plans or medication reviews');
      }
      const { rows: found } = await db.query<{ practiceId: string; dateOfBirth: string }>(
        `select practice_id as "practiceId", to_char(date_of_birth, 'YYYY-MM-DD') as "dateOfBirth"
           from patient where org_id = $1 and id = $2`,
        [orgId, patientId],
      );
      const patient = found[0];
      const role = patient
        ? grantingRole(principal, 'population:record', { orgId, practiceId: patient.practiceId })
        : null;
      if (!patient || role === null) throw notFound('The patient');
      const review = parseRegisterReview(input, today, patient.dateOfBirth);
      const { register, param } = await resolve(key);
      const onRegister = param
        ? await db.query(`select 1 from (${membersSql(register.kind)}) m where m.patient_id = $4`, [
            orgId,
            today,
            param,
            patientId,
          ])
        : { rows: [] };
      if (onRegister.rows.length === 0) {
        throw new AtscaleError('conflict', `The patient is not on the ${register.name} register`);
      }
      return db.transaction(async (tx) => {
        await tx.query(
          `insert into register_review (org_id, register_key, patient_id, kind, done_on, recorded_by)
           values ($1, $2, $3, $4, $5, $6)`,
          [orgId, key, patientId, review.kind, review.on, principal.userId],
        );
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role,
            action: 'register.review',
            entityType: 'patient',
            entityId: patientId,
            patientId,
            reason: `${key} ${review.kind} on ${review.on}`,
            requestId,
          },
        ]);
        const { rows } = await tx.query<{
          carePlanOn: string | null;
          medicationReviewOn: string | null;
        }>(
          `select rv.care_plan_on as "carePlanOn", rv.medication_review_on as "medicationReviewOn"
             from (select $3::uuid as patient_id) m ${LATEST_REVIEWS_SQL}`,
          [orgId, today, patientId, key],
        );
        const last = rows[0] ?? { carePlanOn: null, medicationReviewOn: null };
        return { patientId, status: registerStatus(last, today) };
      });
    },
  };
}
