import {
  AtscaleError,
  forbidden,
  grantingRole,
  isStandardId,
  MEMBER_STAGES,
  nextDate,
  notFound,
  parseQuarter,
  quarterDates,
  quarterOf,
  quartersTo,
  rag,
  reachOf,
  standardsWith,
  startOfDayInEngland,
  validateThresholds,
  type IsoDate,
  type QuarterDates,
  type StandardDefinition,
  type StandardId,
  type StandardRag,
  type StandardThresholds,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { todayInEngland } from './organisation-today.js';
import { resilienceRepository } from './resilience.js';

/** One practice's measure of one standard in a quarter, and its RAG. */
export interface StandardResult {
  readonly standardId: StandardId;
  /** Null when the records do not allow it to be computed. */
  readonly measure: number | null;
  readonly rag: StandardRag;
}

/** A practice's row of the grid. */
export interface PracticeStandards {
  readonly practiceId: string;
  readonly practiceName: string;
  readonly odsCode: string;
  readonly results: StandardResult[];
}

/** The standards grid for one quarter. */
export interface StandardsGrid {
  readonly quarter: QuarterDates;
  /** True for the quarter today is in: its figures are to date and still move. */
  readonly current: boolean;
  readonly standards: StandardDefinition[];
  readonly practices: PracticeStandards[];
}

/** One standard over several quarters, a series per practice. */
export interface StandardTrend {
  readonly standard: StandardDefinition;
  readonly quarters: QuarterDates[];
  readonly practices: {
    readonly practiceId: string;
    readonly practiceName: string;
    readonly measures: (number | null)[];
    readonly rags: StandardRag[];
  }[];
}

/** The most quarters a trend reads: three years. */
export const STANDARDS_TREND_MAX_QUARTERS = 12;

type Measures = Map<string, Partial<Record<StandardId, number | null>>>;

const round2 = (value: number | null) =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * 100) / 100;

/**
 * Agreement standards (GOV-3) for one caller: each practice's measure of each standard in a
 * financial-year quarter, computed from the records every time it is read (never stored, so a
 * past quarter can never be typed in, and a late-recorded outcome or payment is reflected),
 * and rated against the organisation's thresholds. Counts and rates only: no patient is named,
 * so reads are not audited; threshold changes are.
 */
export function standardsRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const visible = () => {
    const reach = reachOf(principal, 'standards:read');
    if (reach.kind === 'none') throw forbidden('see the agreement standards');
    return (id: string) => reach.kind === 'organisation' || reach.practiceIds.includes(id);
  };

  const definitions = async (q: Queryable = db): Promise<StandardDefinition[]> => {
    const { rows } = await q.query<{ standardId: string; green: number; amber: number }>(
      `select standard_id as "standardId", green::float8 as green, amber::float8 as amber
         from standard_threshold where org_id = $1`,
      [orgId],
    );
    const own: Partial<Record<StandardId, StandardThresholds>> = {};
    for (const row of rows) {
      if (isStandardId(row.standardId)) own[row.standardId] = row;
    }
    return standardsWith(own);
  };

  const practices = async () => {
    const sees = visible();
    const { rows } = await db.query<{ id: string; name: string; odsCode: string }>(
      `select p.id, p.name, p.ods_code as "odsCode" from practice p
         left join membership m on m.org_id = p.org_id and m.practice_id = p.id
        where p.org_id = $1 and (m.stage is null or m.stage = any($2::text[]))
        order by p.name, p.id`,
      [orgId, MEMBER_STAGES],
    );
    return rows.filter((row) => sees(row.id));
  };

  /**
   * Every computable measure of these practices in the quarter. A quarter's instants run from
   * midnight in England on its first day to midnight after its last; the current quarter is
   * measured to date.
   */
  const measure = async (
    ids: readonly string[],
    quarter: QuarterDates,
    today: IsoDate,
  ): Promise<Measures> => {
    const result: Measures = new Map(ids.map((id) => [id, {}]));
    const set = (practiceId: string, standard: StandardId, value: number | null) => {
      const row = result.get(practiceId);
      if (row) row[standard] = round2(value);
    };
    const start = startOfDayInEngland(quarter.from);
    const end = startOfDayInEngland(nextDate(quarter.to));
    const asAt = quarter.to < today ? quarter.to : today;

    // Access: the median wait from a request received in the quarter to the start of the
    // appointment booked for it (cancelled and expired bookings are not the answer).
    const waits = await db.query<{ practiceId: string; days: number | null }>(
      `select r.practice_id as "practiceId",
              percentile_cont(0.5) within group (
                order by extract(epoch from (lower(a.during) - r.received_at)) / 86400.0
              )::float8 as days
         from patient_request r
         join appointment a on a.org_id = r.org_id and a.request_id = r.id
        where r.org_id = $1 and r.practice_id = any($2::uuid[])
          and r.received_at >= $3 and r.received_at < $4
          and a.status in ('booked', 'attended', 'did-not-attend')
        group by r.practice_id`,
      [orgId, ids, start, end],
    );
    for (const row of waits.rows) set(row.practiceId, 'access-wait-days', row.days);

    // Access: face-to-face share and DNA rate of appointments starting in the quarter, by
    // the patient's registered practice.
    const appointments = await db.query<{
      practiceId: string;
      occupied: number;
      inPerson: number;
      attended: number;
      missed: number;
    }>(
      `select a.practice_id as "practiceId", count(*)::int as occupied,
              count(*) filter (where a.channel = 'in-person')::int as "inPerson",
              count(*) filter (where a.status = 'attended')::int as attended,
              count(*) filter (where a.status = 'did-not-attend')::int as missed
         from appointment a
        where a.org_id = $1 and a.practice_id = any($2::uuid[])
          and a.status in ('booked', 'attended', 'did-not-attend')
          and lower(a.during) >= $3 and lower(a.during) < $4
        group by a.practice_id`,
      [orgId, ids, start, end],
    );
    for (const row of appointments.rows) {
      set(
        row.practiceId,
        'face-to-face-share',
        row.occupied > 0 ? (row.inPerson * 100) / row.occupied : null,
      );
      const outcomes = row.attended + row.missed;
      set(row.practiceId, 'dna-rate', outcomes > 0 ? (row.missed * 100) / outcomes : null);
    }

    // Finance: levy invoices due in the quarter, paid on or before their due date. One not
    // yet due (in the current quarter) is left out until it is paid or its date passes.
    const levy = await db.query<{ practiceId: string; due: number; onTime: number }>(
      `select i.practice_id as "practiceId", count(*)::int as due,
              count(*) filter (where i.paid_on is not null and i.paid_on <= i.due_on)::int
                as "onTime"
         from levy_invoice i
        where i.org_id = $1 and i.practice_id = any($2::uuid[])
          and i.due_on between $3::date and $4::date
          and (i.paid_on is not null or i.due_on < $5::date)
        group by i.practice_id`,
      [orgId, ids, quarter.from, quarter.to, today],
    );
    for (const row of levy.rows) {
      set(row.practiceId, 'levy-paid-on-time', row.due > 0 ? (row.onTime * 100) / row.due : null);
    }

    // Quality: moderately or severely frail patients (in the latest frailty run scored by the
    // quarter's end) with a care plan in the 12 months to then.
    const frailty = await db.query<{ practiceId: string; members: number; planned: number }>(
      `with run as (
         select id from frailty_run where org_id = $1 and scored_on <= $3::date
          order by scored_on desc, run_at desc limit 1
       )
       select s.practice_id as "practiceId", count(*)::int as members,
              count(*) filter (where exists (
                select 1 from register_review r
                 where r.org_id = s.org_id and r.register_key = 'frailty'
                   and r.patient_id = s.patient_id and r.kind = 'care-plan'
                   and r.done_on <= $3::date and r.done_on > $3::date - interval '12 months'
              ))::int as planned
         from frailty_score s
         join run on run.id = s.run_id
         join patient p on p.org_id = s.org_id and p.id = s.patient_id
        where s.org_id = $1 and s.practice_id = any($2::uuid[])
          and s.category in ('moderate', 'severe')
          and (p.deregistered_on is null or p.deregistered_on > $3::date)
        group by s.practice_id`,
      [orgId, ids, asAt],
    );
    for (const row of frailty.rows) {
      set(
        row.practiceId,
        'frailty-care-plans',
        row.members > 0 ? (row.planned * 100) / row.members : null,
      );
    }

    // Workforce: the resilience score is computed from the rota as it stands today, so it is
    // a measure of the current quarter only; earlier quarters show no data rather than
    // today's score. It is read with the caller's own rights to see resilience.
    if (quarter.from <= today && today <= quarter.to) {
      try {
        for (const score of await resilienceRepository(db, scope).ranked()) {
          set(score.practiceId, 'resilience-score', score.score);
        }
      } catch (error) {
        if (!(error instanceof AtscaleError) || error.code !== 'forbidden') throw error;
      }
    }
    return result;
  };

  const resultsOf = (
    standards: readonly StandardDefinition[],
    measures: Partial<Record<StandardId, number | null>> | undefined,
  ): StandardResult[] =>
    standards.map((s) => {
      const value = measures?.[s.id] ?? null;
      return { standardId: s.id, measure: value, rag: rag(value, s) };
    });

  const quarterFrom = (key: string | undefined, today: IsoDate) =>
    quarterDates(key === undefined ? quarterOf(today) : parseQuarter(key));

  return {
    /** The standards with the organisation's thresholds, and whether the caller may set them. */
    async standards(): Promise<{ standards: StandardDefinition[]; canManage: boolean }> {
      visible();
      const canManage = reachOf(principal, 'standards:manage').kind === 'organisation';
      return { standards: await definitions(), canManage };
    },

    /** Sets one standard's thresholds for the whole organisation, with why (audited). */
    async setThresholds(
      standardId: string,
      input: StandardThresholds & { readonly reason: string },
    ): Promise<StandardDefinition> {
      if (reachOf(principal, 'standards:manage').kind !== 'organisation') {
        throw forbidden('set the agreement standards’ thresholds');
      }
      if (!isStandardId(standardId)) throw notFound('The standard');
      const current = (await definitions()).find((s) => s.id === standardId);
      if (!current) throw notFound('The standard');
      validateThresholds(current.direction, input);
      const why = input.reason.trim();
      if (why.length === 0 || why.length > 500) {
        const message = 'must say why, in at most 500 characters';
        throw new AtscaleError('validation-failed', `reason: ${message}`, [
          { field: '/reason', message },
        ]);
      }
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into standard_threshold (org_id, standard_id, green, amber, updated_by)
           values ($1, $2, $3, $4, $5)
           on conflict (org_id, standard_id) do update
             set green = excluded.green, amber = excluded.amber,
                 updated_by = excluded.updated_by, updated_at = now()`,
          [orgId, standardId, input.green, input.amber, principal.userId],
        );
        await writeAudit(tx, [
          {
            orgId,
            userId: principal.userId,
            role: grantingRole(principal, 'standards:manage', { orgId }),
            action: 'standard-threshold.update',
            entityType: 'standard',
            entityId: null,
            patientId: null,
            reason: `${standardId}: green ${input.green}, amber ${input.amber} (${why})`,
            requestId,
          },
        ]);
      });
      return { ...current, green: input.green, amber: input.amber };
    },

    /** Every visible practice against every standard in a quarter (default: the current one). */
    async grid(quarterKey?: string): Promise<StandardsGrid> {
      const today = todayInEngland();
      const quarter = quarterFrom(quarterKey, today);
      const rows = await practices();
      const standards = await definitions();
      const measures = await measure(
        rows.map((p) => p.id),
        quarter,
        today,
      );
      return {
        quarter,
        current: quarter.from <= today && today <= quarter.to,
        standards,
        practices: rows.map((p) => ({
          practiceId: p.id,
          practiceName: p.name,
          odsCode: p.odsCode,
          results: resultsOf(standards, measures.get(p.id)),
        })),
      };
    },

    /** One standard for each visible practice over the last `count` quarters, to today. */
    async trend(standardId: string, count = 4): Promise<StandardTrend> {
      if (!Number.isInteger(count) || count < 1 || count > STANDARDS_TREND_MAX_QUARTERS) {
        const message = `must be a whole number from 1 to ${STANDARDS_TREND_MAX_QUARTERS}`;
        throw new AtscaleError('validation-failed', `quarters: ${message}`, [
          { field: '/quarters', message },
        ]);
      }
      const standard = (await definitions()).find((s) => s.id === standardId);
      if (!standard) {
        const message = 'must be one of the agreement standards';
        throw new AtscaleError('validation-failed', `standard: ${message}`, [
          { field: '/standard', message },
        ]);
      }
      const today = todayInEngland();
      const rows = await practices();
      const quarters = quartersTo(today, count);
      const ids = rows.map((p) => p.id);
      const byQuarter: Measures[] = [];
      for (const quarter of quarters) byQuarter.push(await measure(ids, quarter, today));
      return {
        standard,
        quarters,
        practices: rows.map((p) => {
          const measures = byQuarter.map((m) => m.get(p.id)?.[standard.id] ?? null);
          return {
            practiceId: p.id,
            practiceName: p.name,
            measures,
            rags: measures.map((value) => rag(value, standard)),
          };
        }),
      };
    },
  };
}
