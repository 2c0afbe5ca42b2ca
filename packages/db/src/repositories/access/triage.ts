import {
  AtscaleError,
  OUTCOME_RULES,
  TRIAGE_OUTCOMES,
  URGENCIES,
  canAt,
  compareQueued,
  forbidden,
  grantingRole,
  notFound,
  reachOf,
  triageDecisionProblems,
  unclaimedAlert,
  type Permission,
  type RequestRouting,
  type TriageOutcome,
  type UnclaimedAlert,
  type Urgency,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import {
  REQUEST_SELECT,
  loadRequest,
  reachParams,
  requestAudit,
  toPatientRequest,
  type PatientRequest,
  type RequestRow,
} from './requests.js';
import { sqlState, UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION } from '../../sql-errors.js';

/** Which queue: a practice's own, or a call centre's. */
export type QueueSelector = { readonly practiceId: string } | { readonly teamId: string };

/** Live counts of a queue. */
export interface QueueCounts {
  readonly waiting: number;
  readonly claimed: number;
  /** Triaged since midnight in England. */
  readonly triagedToday: number;
  /** Closed since midnight in England (no appointment needed, or admin done). */
  readonly closedToday: number;
  /** Waiting or claimed past their urgency's window. */
  readonly overdue: number;
  /** Waiting or claimed requests by urgency; unassessed ones have none yet. */
  readonly byUrgency: Readonly<Record<Urgency | 'unassessed', number>>;
}

/** A triage queue: the open requests in the order need decides, and its counts. */
export interface TriageQueue {
  readonly queue: {
    readonly kind: 'practice' | 'team';
    readonly id: string;
    readonly name: string;
  };
  readonly asAt: string;
  readonly counts: QueueCounts;
  /** Waiting and claimed requests, most urgent first, then longest waiting. */
  readonly requests: PatientRequest[];
  /** More open requests than one answer holds: the least urgent are left out. */
  readonly truncated: boolean;
  /**
   * Requests nobody has claimed beyond their urgency's window (H-008), of those listed: a
   * truncated queue leaves out only the least urgent and newest, the least likely overdue.
   */
  readonly unclaimed: UnclaimedAlert;
}

/** A triage decision. */
export interface TriageDecision {
  readonly urgency: Urgency;
  readonly outcome: TriageOutcome;
  readonly specialistService?: string | null | undefined;
  readonly note?: string | null | undefined;
}

/** A call centre. */
export interface TriageTeam {
  readonly id: string;
  readonly name: string;
  /** Null: the central call centre; else the region it serves. */
  readonly region: string | null;
  readonly siteId: string | null;
}

/** A new call centre. */
export interface NewTriageTeam {
  readonly name: string;
  readonly region?: string | null | undefined;
  readonly siteId?: string | null | undefined;
}

/** Most requests one queue or worklist answer holds. */
export const QUEUE_LIMIT = 500;

/** The outcomes whose requests wait on the to-book worklist until an appointment is made. */
export const OUTCOMES_NEEDING_APPOINTMENT: readonly TriageOutcome[] = TRIAGE_OUTCOMES.filter(
  (outcome) => OUTCOME_RULES[outcome].needsAppointment,
);

// The SQL twin of compareQueued's urgency rank, to pick which rows fit in one answer.
const URGENCY_ORDER = `case coalesce(r.urgency, 'same-day') ${URGENCIES.map(
  (u, i) => `when '${u}' then ${String(i)}`,
).join(' ')} end`;

const TODAY_START = `(date_trunc('day', now() at time zone 'Europe/London') at time zone 'Europe/London')`;

const conflict = (detail: string) => new AtscaleError('conflict', detail);

const timeOfDay = (value: string | null) =>
  value === null
    ? ''
    : ` at ${new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(value))}`;

/**
 * Total triage for one caller (ACC-2, ACC-7): queues ordered by need, claiming (a conditional
 * UPDATE, so two triagers can never hold the same request), releasing, the triage decision, the
 * to-book worklist, and the organisation's call centres and routing.
 *
 * Scoping: a request is reached through its practice. A practice queue needs `triage:read` at
 * that practice; a call centre's queue shows the requests of the practices the caller reaches
 * (all of them for organisation-wide roles). A call centre's clinicians hold a clinical role
 * (hub-clinician) at each practice the centre triages for, as the pyramidal demo's do: the
 * clinical roles are granted per practice. Claiming and triaging need `triage:act` at the
 * request's practice. Every request returned is audited.
 */
export function triageRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const now = () => new Date().toISOString();

  /** Why a change to a request could not be made, as the error to answer with. */
  const refusal = async (
    q: Queryable,
    id: string,
    permission: Permission,
    what: string,
  ): Promise<AtscaleError> => {
    const row = await loadRequest(q, principal.orgId, id);
    const target = { orgId: principal.orgId, practiceId: row?.practiceId ?? null };
    if (!row || (!canAt(principal, 'triage:read', target) && !canAt(principal, permission, target)))
      return notFound('The request');
    if (!canAt(principal, permission, target)) return forbidden(what);
    const request = toPatientRequest(row, now());
    if (request.status === 'claimed' && request.claimedBy?.id !== principal.userId) {
      return conflict(
        `${request.claimedBy?.displayName ?? 'Someone else'} claimed this request` +
          `${timeOfDay(request.claimedAt)}: only they can triage or release it`,
      );
    }
    if (request.status === 'triaged' || request.status === 'closed') {
      return conflict(`This request was already ${request.status}${timeOfDay(request.triagedAt)}`);
    }
    if (request.status === 'waiting') return conflict('Claim the request before triaging it');
    return conflict('This request cannot be changed now');
  };

  /** Loads, audits and returns a request the caller has just changed. */
  const changed = async (
    tx: Queryable,
    id: string,
    permission: Permission,
    action: string,
  ): Promise<PatientRequest> => {
    const row = await loadRequest(tx, principal.orgId, id);
    if (!row) throw notFound('The request');
    await writeAudit(tx, [requestAudit(scope, permission, row, action)]);
    return toPatientRequest(row, now());
  };

  const requireOrganisationWide = (what: string) => {
    if (reachOf(principal, 'access:manage').kind !== 'organisation') throw forbidden(what);
  };

  return {
    /** A practice's or a call centre's queue, with live counts; each request read is audited. */
    async queue(selector: QueueSelector): Promise<TriageQueue> {
      const reach = reachParams(principal, 'triage:read', 'see triage queues');
      return db.transaction(async (tx) => {
        let queue: TriageQueue['queue'];
        let where: string;
        let id: string;
        if ('practiceId' in selector) {
          const { rows } = await tx.query<{ name: string }>(
            'select name from practice where org_id = $1 and id = $2',
            [principal.orgId, selector.practiceId],
          );
          const practice = rows[0];
          if (!practice) throw notFound('The practice');
          if (
            !canAt(principal, 'triage:read', {
              orgId: principal.orgId,
              practiceId: selector.practiceId,
            })
          ) {
            throw forbidden('see this practice’s triage queue');
          }
          queue = { kind: 'practice', id: selector.practiceId, name: practice.name };
          id = selector.practiceId;
          where = 'r.practice_id = $2 and r.triage_team_id is null';
        } else {
          const { rows } = await tx.query<{ name: string }>(
            'select name from triage_team where org_id = $1 and id = $2',
            [principal.orgId, selector.teamId],
          );
          const team = rows[0];
          if (!team) throw notFound('The call centre');
          queue = { kind: 'team', id: selector.teamId, name: team.name };
          id = selector.teamId;
          where = 'r.triage_team_id = $2';
        }
        const scoped = `r.org_id = $1 and ${where} and ($3::boolean or r.practice_id = any($4::uuid[]))`;
        const params = [principal.orgId, id, reach.wide, reach.practiceIds];
        const { rows } = await tx.query<RequestRow>(
          `${REQUEST_SELECT}
            where ${scoped} and r.status in ('waiting', 'claimed')
            order by ${URGENCY_ORDER}, r.received_at, r.id
            limit ${String(QUEUE_LIMIT + 1)}`,
          params,
        );
        const { rows: countRows } = await tx.query<Record<string, number>>(
          `select count(*) filter (where r.status = 'waiting')::int as waiting,
                  count(*) filter (where r.status = 'claimed')::int as claimed,
                  count(*) filter (where r.triaged_at >= ${TODAY_START})::int as "triagedToday",
                  count(*) filter (where r.closed_at >= ${TODAY_START})::int as "closedToday",
                  count(*) filter (where r.status in ('waiting', 'claimed')
                                     and r.urgency is null)::int as unassessed,
                  ${URGENCIES.map(
                    (u) =>
                      `count(*) filter (where r.status in ('waiting', 'claimed')
                                         and r.urgency = '${u}')::int as "${u}"`,
                  ).join(',\n')}
             from patient_request r
            where ${scoped}
              and (r.status in ('waiting', 'claimed') or r.triaged_at >= ${TODAY_START}
                   or r.closed_at >= ${TODAY_START})`,
          params,
        );
        const at = now();
        const requests = rows
          .slice(0, QUEUE_LIMIT)
          .map((row) => toPatientRequest(row, at))
          .sort(compareQueued);
        await writeAudit(
          tx,
          requests.map((r) =>
            requestAudit(
              scope,
              'triage:read',
              { ...r, patientId: r.patient.id },
              'request.list',
              'triage queue',
            ),
          ),
        );
        const c = countRows[0] ?? {};
        const count = (key: string) => c[key] ?? 0;
        return {
          queue,
          asAt: at,
          counts: {
            waiting: count('waiting'),
            claimed: count('claimed'),
            triagedToday: count('triagedToday'),
            closedToday: count('closedToday'),
            overdue: requests.filter((r) => r.overdue).length,
            byUrgency: {
              unassessed: count('unassessed'),
              ...(Object.fromEntries(URGENCIES.map((u) => [u, count(u)])) as Record<
                Urgency,
                number
              >),
            },
          },
          requests,
          truncated: rows.length > QUEUE_LIMIT,
          unclaimed: unclaimedAlert(requests, at),
        };
      });
    },

    /**
     * Claims a waiting request: one conditional UPDATE, so of two triagers claiming at once
     * exactly one wins and the other hears who holds it (409). Claiming one's own claim again
     * is harmless.
     */
    async claim(id: string): Promise<PatientRequest> {
      const reach = reachParams(principal, 'triage:act', 'triage requests');
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `update patient_request set status = 'claimed', claimed_by = $3, claimed_at = now()
            where org_id = $1 and id = $2 and status = 'waiting'
              and ($4::boolean or practice_id = any($5::uuid[]))`,
          [principal.orgId, id, principal.userId, reach.wide, reach.practiceIds],
        );
        if (rowCount === 1) return changed(tx, id, 'triage:act', 'request.claim');
        const row = await loadRequest(tx, principal.orgId, id);
        if (
          row?.status === 'claimed' &&
          row.claimedById === principal.userId &&
          canAt(principal, 'triage:act', { orgId: principal.orgId, practiceId: row.practiceId })
        ) {
          return changed(tx, id, 'triage:act', 'request.read');
        }
        throw await refusal(tx, id, 'triage:act', 'triage this request');
      });
    },

    /** Puts a request the caller holds back in the queue, for someone else to claim. */
    async release(id: string): Promise<PatientRequest> {
      const reach = reachParams(principal, 'triage:act', 'triage requests');
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `update patient_request set status = 'waiting', claimed_by = null, claimed_at = null
            where org_id = $1 and id = $2 and status = 'claimed' and claimed_by = $3
              and ($4::boolean or practice_id = any($5::uuid[]))`,
          [principal.orgId, id, principal.userId, reach.wide, reach.practiceIds],
        );
        if (rowCount === 1) return changed(tx, id, 'triage:act', 'request.release');
        const error = await refusal(tx, id, 'triage:act', 'triage this request');
        throw error.detail === 'Claim the request before triaging it'
          ? conflict('The request is not claimed: there is nothing to release')
          : error;
      });
    },

    /**
     * Records the triage decision on a request the caller holds. An outcome that needs an
     * appointment leaves it triaged, on the to-book worklist; any other closes it.
     */
    async triage(id: string, decision: TriageDecision): Promise<PatientRequest> {
      const reach = reachParams(principal, 'triage:act', 'triage requests');
      const problems = triageDecisionProblems(decision);
      if (problems.length > 0) {
        throw new AtscaleError(
          'validation-failed',
          problems.map((p) => p.message).join('; '),
          problems,
        );
      }
      const needsAppointment = OUTCOME_RULES[decision.outcome].needsAppointment;
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `update patient_request
              set urgency = $6, outcome = $7, specialist_service = $8, triage_note = $9,
                  triaged_by = $3, triaged_at = now(),
                  status = case when $10::boolean then 'triaged' else 'closed' end,
                  closed_at = case when $10::boolean then null else now() end
            where org_id = $1 and id = $2 and status = 'claimed' and claimed_by = $3
              and ($4::boolean or practice_id = any($5::uuid[]))`,
          [
            principal.orgId,
            id,
            principal.userId,
            reach.wide,
            reach.practiceIds,
            decision.urgency,
            decision.outcome,
            decision.outcome === 'specialist' ? (decision.specialistService?.trim() ?? null) : null,
            decision.note?.trim() || null,
            needsAppointment,
          ],
        );
        if (rowCount === 1) return changed(tx, id, 'triage:act', 'request.triage');
        throw await refusal(tx, id, 'triage:act', 'triage this request');
      });
    },

    /**
     * Closes an admin request as done (a fit note issued, results given): admin requests need
     * no clinician, so whoever records requests at its practice may close them.
     */
    async closeAdmin(id: string, note: string | null): Promise<PatientRequest> {
      const reach = reachParams(principal, 'request:record', 'close requests');
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `update patient_request
              set status = 'closed', urgency = coalesce(urgency, 'routine'), outcome = 'admin-done',
                  triage_note = $6, claimed_by = coalesce(claimed_by, $3),
                  claimed_at = coalesce(claimed_at, now()), triaged_by = $3, triaged_at = now(),
                  closed_at = now()
            where org_id = $1 and id = $2 and kind = 'admin'
              and (status = 'waiting' or (status = 'claimed' and claimed_by = $3))
              and ($4::boolean or practice_id = any($5::uuid[]))`,
          [
            principal.orgId,
            id,
            principal.userId,
            reach.wide,
            reach.practiceIds,
            note?.trim() || null,
          ],
        );
        if (rowCount === 1) return changed(tx, id, 'request:record', 'request.close');
        const row = await loadRequest(tx, principal.orgId, id);
        if (
          row?.kind === 'clinical' &&
          canAt(principal, 'request:record', { orgId: principal.orgId, practiceId: row.practiceId })
        ) {
          throw conflict('A clinical request is closed by its triage: a clinician decides');
        }
        throw await refusal(tx, id, 'request:record', 'close this request');
      });
    },

    /**
     * The to-book worklist: triaged requests whose outcome needs an appointment and that have
     * none held or booked yet, in the practices the caller books for, most urgent first.
     */
    async toBook(practiceId?: string): Promise<PatientRequest[]> {
      const reach = reachParams(principal, 'appointment:book', 'book appointments');
      if (practiceId !== undefined) {
        const { rows } = await db.query('select 1 from practice where org_id = $1 and id = $2', [
          principal.orgId,
          practiceId,
        ]);
        if (rows.length === 0) throw notFound('The practice');
        if (!canAt(principal, 'appointment:book', { orgId: principal.orgId, practiceId })) {
          throw forbidden('book for this practice');
        }
      }
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<RequestRow>(
          `${REQUEST_SELECT}
            where r.org_id = $1 and r.status = 'triaged' and r.outcome = any($2::text[])
              and ($3::boolean or r.practice_id = any($4::uuid[]))
              and ($5::uuid is null or r.practice_id = $5)
              and not exists (select 1 from appointment a
                               where a.org_id = r.org_id and a.request_id = r.id
                                 and a.status in ('held', 'booked', 'attended'))
            order by ${URGENCY_ORDER}, r.received_at, r.id
            limit ${String(QUEUE_LIMIT)}`,
          [
            principal.orgId,
            OUTCOMES_NEEDING_APPOINTMENT,
            reach.wide,
            reach.practiceIds,
            practiceId ?? null,
          ],
        );
        const at = now();
        const requests = rows.map((row) => toPatientRequest(row, at)).sort(compareQueued);
        await writeAudit(
          tx,
          requests.map((r) =>
            requestAudit(
              scope,
              'appointment:book',
              { ...r, patientId: r.patient.id },
              'request.list',
              'to book',
            ),
          ),
        );
        return requests;
      });
    },

    /** The organisation's routing setting and call centres: every role may see them. */
    async teams(): Promise<{ routing: RequestRouting; teams: TriageTeam[] }> {
      const { rows } = await db.query<{ routing: RequestRouting; teams: TriageTeam[] }>(
        `select coalesce((select request_routing from organisation_settings where org_id = $1),
                         'practice') as routing,
                coalesce((select json_agg(json_build_object('id', id, 'name', name,
                                    'region', region, 'siteId', site_id)
                                    order by region nulls first, name)
                            from triage_team where org_id = $1), '[]'::json) as teams`,
        [principal.orgId],
      );
      return rows[0] ?? { routing: 'practice', teams: [] };
    },

    /** Adds a call centre: the central one (no region) or one for a region; one of each. */
    async createTeam(input: NewTriageTeam): Promise<TriageTeam> {
      requireOrganisationWide('set up call centres for the whole organisation');
      const region = input.region?.trim() || null;
      try {
        return await db.transaction(async (tx) => {
          const { rows } = await tx.query<TriageTeam>(
            `insert into triage_team (org_id, name, region, site_id) values ($1, $2, $3, $4)
             returning id, name, region, site_id as "siteId"`,
            [principal.orgId, input.name.trim(), region, input.siteId ?? null],
          );
          const team = rows[0];
          if (!team) throw new Error('the call centre was not created');
          await writeAudit(tx, [
            {
              orgId: principal.orgId,
              userId: principal.userId,
              role: grantingRole(principal, 'access:manage', { orgId: principal.orgId }),
              action: 'triage-team.create',
              entityType: 'triage_team',
              entityId: team.id,
              patientId: null,
              reason: null,
              requestId: scope.requestId,
            },
          ]);
          return team;
        });
      } catch (error) {
        const state = sqlState(error);
        if (state === UNIQUE_VIOLATION) {
          throw conflict(
            region === null
              ? 'There is already a central call centre, or one with this name'
              : `There is already a call centre for ${region}, or one with this name`,
          );
        }
        if (state === FOREIGN_KEY_VIOLATION) {
          throw new AtscaleError('validation-failed', 'The site was not found', [
            { field: '/siteId', message: 'The site was not found' },
          ]);
        }
        throw error;
      }
    },

    /** Sets where the organisation's requests are triaged: practices, or call centres. */
    async setRouting(routing: RequestRouting): Promise<{ routing: RequestRouting }> {
      requireOrganisationWide('change how requests are routed');
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into organisation_settings (org_id, request_routing) values ($1, $2)
           on conflict (org_id) do update set request_routing = $2, updated_at = now()`,
          [principal.orgId, routing],
        );
        await writeAudit(tx, [
          {
            orgId: principal.orgId,
            userId: principal.userId,
            role: grantingRole(principal, 'access:manage', { orgId: principal.orgId }),
            action: 'request-routing.set',
            entityType: 'organisation_settings',
            entityId: principal.orgId,
            patientId: null,
            reason: routing,
            requestId: scope.requestId,
          },
        ]);
      });
      return { routing };
    },
  };
}
