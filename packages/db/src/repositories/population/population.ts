import {
  EFI_DEFICITS,
  FRAILTY_AGE_BANDS,
  FRAILTY_CATEGORIES,
  assertIsoDate,
  forbidden,
  grantingRole,
  grantsFor,
  notFound,
  parseEfiCodeList,
  reachOf,
  type EfiDeficitId,
  type FrailtyAgeBand,
  type FrailtyCategory,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import {
  codeListById,
  currentCodeList,
  listCodeLists,
  storeCodeList,
  type StoredCodeList,
} from './code-lists.js';
import { importCodedFile, type CodedImportResult, type CodedImportSource } from './coded-import.js';
import {
  DEFICITS_PRESENT_SQL,
  RUN_COLUMNS,
  scoreAllPatients,
  type FrailtyRun,
} from './frailty-scoring.js';
import { practicePatientRole, registersRepository } from './registers.js';

/** Counts of one practice in a frailty run, by category and by age band and category. */
export interface PracticeFrailty {
  readonly practiceId: string;
  readonly practiceName: string;
  readonly scored: number;
  readonly byCategory: Record<FrailtyCategory, number>;
  readonly byAgeBand: Record<FrailtyAgeBand, Record<FrailtyCategory, number>>;
}

/** A patient on a practice's frailty worklist (moderate or severe). */
export interface FrailtyWorklistEntry {
  readonly patientId: string;
  readonly nhsNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly age: number;
  readonly deficitCount: number;
  readonly score: number;
  readonly category: 'moderate' | 'severe';
}

/** One deficit found for a patient, with the entries that show it. */
export interface FrailtyDeficitEvidence {
  readonly deficit: EfiDeficitId;
  readonly label: string;
  /** The coded entries (code and date) behind it; for polypharmacy, the latest medication date. */
  readonly evidence: { readonly code: string | null; readonly date: string }[];
}

const ageBandSql = `case when s.age >= 85 then '85+' when s.age >= 80 then '80-84'
  when s.age >= 75 then '75-79' when s.age >= 70 then '70-74' else '65-69' end`;

const zeroCategories = () =>
  Object.fromEntries(FRAILTY_CATEGORIES.map((c) => [c, 0])) as Record<FrailtyCategory, number>;

/**
 * Population health for one caller: coded-record imports and frailty scoring (central
 * analysts), code lists (an administrator), aggregate frailty counts per practice (no patient
 * in them), and patient-level worklists and detail, which only the patient's practice and
 * central roles that read patient records may see, each read audited.
 */
export function populationRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;
  const need = (permission: 'population:import' | 'population:manage', what: string) => {
    if (reachOf(principal, permission).kind !== 'organisation') throw forbidden(what);
    return grantingRole(principal, permission, { orgId });
  };
  const latestRun = async (): Promise<FrailtyRun | null> => {
    const { rows } = await db.query<FrailtyRun>(
      `select ${RUN_COLUMNS} from frailty_run r
         join code_list l on l.org_id = r.org_id and l.id = r.code_list_id
        where r.org_id = $1 order by r.run_at desc limit 1`,
      [orgId],
    );
    return rows[0] ?? null;
  };
  /** Practices the caller may see patients of, checked against the practice asked for. */
  const patientReach = (practiceId: string) => practicePatientRole(db, scope, practiceId);

  return {
    ...registersRepository(db, scope),

    /** Imports one file of coded records (central analysts); see `importCodedFile`. */
    async importFile(source: CodedImportSource): Promise<CodedImportResult> {
      const role = need('population:import', 'import coded records');
      return importCodedFile(
        db,
        { orgId, userId: principal.userId, role, requestId, reason: null },
        source,
        'body',
      );
    },

    /** The organisation's code lists, newest first. */
    async codeLists(): Promise<StoredCodeList[]> {
      if (reachOf(principal, 'population:read').kind === 'none') throw forbidden('see code lists');
      return listCodeLists(db, orgId);
    },

    /** Loads another version of the eFI code list, checked in full first (an administrator). */
    async loadCodeList(input: unknown): Promise<StoredCodeList> {
      const role = need('population:manage', 'load code lists');
      const list = parseEfiCodeList(input);
      return db.transaction(async (tx) => {
        const stored = await storeCodeList(tx, orgId, list, principal.userId);
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role,
            action: 'code-list.load',
            entityType: 'code_list',
            entityId: stored.id,
            patientId: null,
            reason: `${list.name} ${list.version}: ${stored.codes} codes`,
            requestId,
          },
        ]);
        return stored;
      });
    },

    /**
     * Scores every patient aged 65+ of every practice on a date with a code list (the current
     * one when none is named), in one set-based statement, and records the run (audited).
     */
    async runScoring(on: string, codeListId: string | null): Promise<FrailtyRun> {
      const role = need('population:import', 'run frailty scoring');
      assertIsoDate(on, '/on');
      const list = codeListId
        ? await codeListById(db, orgId, codeListId)
        : await currentCodeList(db, orgId);
      if (!list) throw notFound('The code list');
      return db.transaction(async (tx) => {
        const run = await scoreAllPatients(tx, orgId, on, list.id, principal.userId);
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role,
            action: 'frailty.run',
            entityType: 'frailty_run',
            entityId: run.id,
            patientId: null,
            reason: `scored ${run.patients} patients on ${on} with ${list.version}`,
            requestId,
          },
        ]);
        return run;
      });
    },

    /**
     * Counts of the latest run per practice, by category and age band: aggregates with no
     * patient in them. Central roles see every practice; practice roles their own.
     */
    async summary(): Promise<{ run: FrailtyRun | null; practices: PracticeFrailty[] }> {
      const reach = reachOf(principal, 'population:read');
      if (reach.kind === 'none') throw forbidden('see frailty counts');
      const run = await latestRun();
      if (!run) return { run: null, practices: [] };
      const { rows } = await db.query<{
        practiceId: string;
        practiceName: string;
        band: FrailtyAgeBand;
        category: FrailtyCategory;
        n: number;
      }>(
        `select s.practice_id as "practiceId", p.name as "practiceName",
                ${ageBandSql} as band, s.category, count(*)::int as n
           from frailty_score s
           join practice p on p.org_id = s.org_id and p.id = s.practice_id
          where s.org_id = $1 and s.run_id = $2
            and ($3::boolean or s.practice_id = any($4::uuid[]))
          group by 1, 2, 3, 4
          order by 2, 1`,
        [
          orgId,
          run.id,
          reach.kind === 'organisation',
          reach.kind === 'practices' ? reach.practiceIds : [],
        ],
      );
      const practices = new Map<string, PracticeFrailty>();
      for (const row of rows) {
        let p = practices.get(row.practiceId);
        if (!p) {
          p = {
            practiceId: row.practiceId,
            practiceName: row.practiceName,
            scored: 0,
            byCategory: zeroCategories(),
            byAgeBand: Object.fromEntries(
              FRAILTY_AGE_BANDS.map((b) => [b, zeroCategories()]),
            ) as Record<FrailtyAgeBand, Record<FrailtyCategory, number>>,
          };
          practices.set(row.practiceId, p);
        }
        p.byCategory[row.category] += row.n;
        p.byAgeBand[row.band][row.category] += row.n;
        practices.set(row.practiceId, { ...p, scored: p.scored + row.n });
      }
      return { run, practices: [...practices.values()] };
    },

    /**
     * A practice's moderate and severe patients in the latest run, most frail first: only for
     * the practice's own staff and central roles that read patient records. Each patient listed
     * is audited as `frailty.worklist`.
     */
    async worklist(
      practiceId: string,
      reason: string | null,
    ): Promise<{ run: FrailtyRun | null; patients: FrailtyWorklistEntry[] }> {
      const role = await patientReach(practiceId);
      const run = await latestRun();
      if (!run) return { run: null, patients: [] };
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<FrailtyWorklistEntry>(
          `select p.id as "patientId", p.nhs_number as "nhsNumber", p.given_name as "givenName",
                  p.family_name as "familyName", to_char(p.date_of_birth, 'YYYY-MM-DD') as "dateOfBirth",
                  s.age, s.deficit_count as "deficitCount", s.score::float8 as score, s.category
             from frailty_score s
             join patient p on p.org_id = s.org_id and p.id = s.patient_id
            where s.org_id = $1 and s.run_id = $2 and s.practice_id = $3
              and s.category in ('moderate', 'severe')
            order by s.deficit_count desc, p.family_name, p.given_name, p.nhs_number`,
          [orgId, run.id, practiceId],
        );
        await writeAudit(
          tx,
          rows.map((p) => ({
            orgId,
            userId: principal.userId,
            role,
            action: 'frailty.worklist',
            entityType: 'patient',
            entityId: p.patientId,
            patientId: p.patientId,
            reason,
            requestId,
          })),
        );
        return { run, patients: rows };
      });
    },

    /**
     * A patient's frailty in the latest run, with each deficit found and the codes and dates
     * behind it (audited as `frailty.read`). A patient outside the caller's reach is not found.
     */
    async patientDetail(patientId: string, reason: string | null) {
      if (reachOf(principal, 'patient:read').kind === 'none')
        throw forbidden('read patient records');
      const grants = grantsFor(principal, 'patient:read');
      const { rows: found } = await db.query<{ practiceId: string }>(
        `select practice_id as "practiceId" from patient where org_id = $1 and id = $2`,
        [orgId, patientId],
      );
      const practiceId = found[0]?.practiceId;
      const role =
        practiceId === undefined
          ? null
          : grantingRole(principal, 'patient:read', { orgId, practiceId });
      if (practiceId === undefined || role === null) {
        if (practiceId !== undefined) {
          await writeAudit(db, [
            {
              orgId,
              userId: principal.userId,
              role: grants.wide,
              action: 'frailty.read-refused',
              entityType: 'patient',
              entityId: patientId,
              patientId,
              reason,
              requestId,
            },
          ]);
        }
        throw notFound('The patient');
      }
      const run = await latestRun();
      return db.transaction(async (tx) => {
        const { rows: scores } = await tx.query<{
          age: number;
          deficitCount: number;
          score: number;
          category: FrailtyCategory;
        }>(
          `select age, deficit_count as "deficitCount", score::float8 as score, category
             from frailty_score where org_id = $1 and run_id = $2 and patient_id = $3`,
          [orgId, run?.id ?? null, patientId],
        );
        const { rows: evidence } = run
          ? await tx.query<{ deficit: EfiDeficitId; code: string | null; date: string }>(
              `select d.deficit, d.code, to_char(d.recorded_on, 'YYYY-MM-DD') as date
                 from (${DEFICITS_PRESENT_SQL}) d
                where d.patient_id = $4
                order by d.deficit, d.recorded_on, d.code`,
              [orgId, run.scoredOn, run.codeListId, patientId],
            )
          : { rows: [] };
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role,
            action: 'frailty.read',
            entityType: 'patient',
            entityId: patientId,
            patientId,
            reason,
            requestId,
          },
        ]);
        const deficits: FrailtyDeficitEvidence[] = EFI_DEFICITS.flatMap((d) => {
          const shown = evidence.filter((e) => e.deficit === d.id);
          return shown.length === 0
            ? []
            : [
                {
                  deficit: d.id,
                  label: d.label,
                  evidence: shown.map(({ code, date }) => ({ code, date })),
                },
              ];
        });
        return { patientId, run, score: scores[0] ?? null, deficits };
      });
    },
  };
}
