import {
  AtscaleError,
  assertIsoDate,
  triageKpis,
  triageKpisByGroup,
  type RequestKind,
  type TriageKpiGrouping,
  type TriageKpis,
  type TriageOutcome,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { reachParams } from './requests.js';

/** The KPIs of one group of a breakdown. */
export interface TriageKpiGroup {
  /** The practice, call centre or triager id, or the day; null: none (a practice's own team). */
  readonly key: string | null;
  readonly label: string;
  readonly kpis: TriageKpis;
}

/** The triage KPIs of a period, overall and broken down. */
export interface TriageKpiReport {
  readonly from: string;
  readonly to: string;
  readonly by: TriageKpiGrouping;
  readonly overall: TriageKpis;
  readonly groups: TriageKpiGroup[];
}

/** The longest period one report covers. */
export const KPI_MAX_DAYS = 366;

interface KpiRow {
  group: string | null;
  label: string | null;
  kind: RequestKind;
  outcome: TriageOutcome | null;
  receivedAt: Date | string;
  triagedAt: Date | string | null;
  appointmentAt: Date | string | null;
}

const iso = (value: Date | string) =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

const GROUP_SQL: Readonly<Record<TriageKpiGrouping, { key: string; label: string }>> = {
  practice: { key: 'r.practice_id::text', label: 'pr.name' },
  team: { key: 'r.triage_team_id::text', label: 'tt.name' },
  triager: { key: 'r.triaged_by::text', label: 'tu.display_name' },
  day: {
    key: `to_char(r.received_at at time zone 'Europe/London', 'YYYY-MM-DD')`,
    label: `to_char(r.received_at at time zone 'Europe/London', 'YYYY-MM-DD')`,
  },
};

const NO_GROUP_LABEL: Readonly<Record<TriageKpiGrouping, string>> = {
  practice: 'No practice',
  team: 'Practices’ own teams',
  triager: 'Not yet triaged',
  day: 'No day',
};

/**
 * Triage KPIs (ACC-2) over the requests received in a period at the practices the caller's
 * `access-report:read` reaches. The answer is counts and times only: no patient is named, so
 * it reads no patient data and is not audited as a patient read. The arithmetic is the
 * domain's (triageKpis).
 */
export function triageKpiRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  return {
    async report(input: {
      readonly from: string;
      readonly to: string;
      readonly by: TriageKpiGrouping;
    }): Promise<TriageKpiReport> {
      const reach = reachParams(principal, 'access-report:read', 'read access reports');
      assertIsoDate(input.from, '/from');
      assertIsoDate(input.to, '/to');
      if (input.to < input.from) {
        throw new AtscaleError('validation-failed', 'The period must end on or after its start', [
          { field: '/to', message: 'The period must end on or after its start' },
        ]);
      }
      const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000 + 1;
      if (days > KPI_MAX_DAYS) {
        const message = `The period can be at most ${String(KPI_MAX_DAYS)} days`;
        throw new AtscaleError('validation-failed', message, [{ field: '/to', message }]);
      }
      const group = GROUP_SQL[input.by];
      const { rows } = await db.query<KpiRow>(
        `select ${group.key} as "group", ${group.label} as label, r.kind, r.outcome,
                r.received_at as "receivedAt", r.triaged_at as "triagedAt",
                (select min(lower(a.during)) from appointment a
                  where a.org_id = r.org_id and a.request_id = r.id
                    and a.status in ('booked', 'attended', 'did-not-attend')) as "appointmentAt"
           from patient_request r
           join practice pr on pr.org_id = r.org_id and pr.id = r.practice_id
           left join triage_team tt on tt.org_id = r.org_id and tt.id = r.triage_team_id
           left join app_user tu on tu.org_id = r.org_id and tu.id = r.triaged_by
          where r.org_id = $1
            and ($2::boolean or r.practice_id = any($3::uuid[]))
            and r.received_at >= ($4::date::timestamp at time zone 'Europe/London')
            and r.received_at < (($5::date + 1)::timestamp at time zone 'Europe/London')`,
        [principal.orgId, reach.wide, reach.practiceIds, input.from, input.to],
      );
      const labels = new Map<string | null, string>();
      const requests = rows.map((row) => {
        labels.set(row.group, row.label ?? NO_GROUP_LABEL[input.by]);
        return {
          group: row.group,
          kind: row.kind,
          outcome: row.outcome,
          receivedAt: iso(row.receivedAt),
          triagedAt: row.triagedAt === null ? null : iso(row.triagedAt),
          appointmentAt: row.appointmentAt === null ? null : iso(row.appointmentAt),
        };
      });
      const groups = triageKpisByGroup(requests).map(({ group: key, kpis }) => ({
        key,
        label: labels.get(key) ?? NO_GROUP_LABEL[input.by],
        kpis,
      }));
      if (input.by !== 'day') groups.sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
      return {
        from: input.from,
        to: input.to,
        by: input.by,
        overall: triageKpis(requests),
        groups,
      };
    },
  };
}
