import {
  AtscaleError,
  assertTransition,
  can,
  canAt,
  complaintDueDates,
  complaintOverdue,
  CQC_KEY_QUESTIONS,
  forbidden,
  isIsoDate,
  notFound,
  patientIdentifierProblem,
  reachOf,
  SIGNIFICANT_EVENT_CATEGORIES,
  SIGNIFICANT_EVENT_KINDS,
  SIGNIFICANT_EVENT_SEVERITIES,
  SIGNIFICANT_EVENT_STATUSES,
  SIGNIFICANT_EVENT_TRANSITIONS,
  significantEventThemes,
  type CqcKeyQuestion,
  type SignificantEventCategory,
  type SignificantEventKind,
  type SignificantEventSeverity,
  type SignificantEventState,
  type SignificantEventStatus,
  type SignificantEventThemes,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { scopedAudit } from './scoped-audit.js';
import { todayInEngland } from './organisation-today.js';

/** An event or complaint as the list shows it. */
export interface SignificantEventSummary {
  readonly id: string;
  readonly kind: SignificantEventKind;
  readonly title: string;
  readonly category: SignificantEventCategory;
  readonly severity: SignificantEventSeverity;
  readonly status: SignificantEventStatus;
  readonly practiceId: string;
  readonly practiceName: string;
  readonly siteId: string | null;
  readonly siteName: string | null;
  readonly occurredOn: string;
  readonly reportedAt: string;
  readonly closedAt: string | null;
  /** Complaints only; null for a significant event. */
  readonly receivedOn: string | null;
  readonly acknowledgementDueOn: string | null;
  readonly acknowledgedOn: string | null;
  readonly responseDueOn: string | null;
  readonly respondedOn: string | null;
  /** What a complaint is late with today. */
  readonly overdue: 'acknowledgement' | 'response' | null;
}

/** One status change on the timeline. */
export interface SignificantEventChange {
  readonly fromStatus: SignificantEventStatus | null;
  readonly toStatus: SignificantEventStatus;
  readonly note: string | null;
  readonly changedBy: string;
  readonly changedAt: string;
}

/** An event with its text, timeline, linked policies and what the caller may do. */
export interface SignificantEventDetail extends SignificantEventSummary {
  readonly description: string;
  readonly keyQuestions: CqcKeyQuestion[];
  readonly reportedBy: { readonly id: string; readonly name: string };
  readonly investigator: { readonly id: string; readonly name: string } | null;
  readonly findings: string | null;
  readonly learning: string | null;
  readonly actionsAgreed: string | null;
  readonly timeline: SignificantEventChange[];
  readonly policies: { readonly id: string; readonly title: string }[];
  readonly canManage: boolean;
  /** The statuses the lifecycle allows next. */
  readonly next: SignificantEventStatus[];
}

/**
 * What reporting an event needs. The text must not identify a patient: no patient link is
 * stored, and text holding an NHS number is refused.
 */
export interface NewSignificantEvent {
  readonly kind: string;
  readonly practiceId: string;
  readonly siteId?: string | null | undefined;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly severity: string;
  readonly occurredOn: string;
  readonly keyQuestions?: readonly string[] | undefined;
  /** Complaints: the day it was received, and a response date agreed with the complainant. */
  readonly receivedOn?: string | undefined;
  readonly agreedResponseBy?: string | undefined;
}

/** Changes to an open event; an absent field is left as it is. */
export interface SignificantEventChanges {
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly category?: string | undefined;
  readonly severity?: string | undefined;
  readonly keyQuestions?: readonly string[] | undefined;
  readonly investigatorId?: string | undefined;
  readonly findings?: string | undefined;
  readonly learning?: string | undefined;
  readonly actionsAgreed?: string | undefined;
  readonly acknowledgedOn?: string | undefined;
  readonly respondedOn?: string | undefined;
}

/** A move along the lifecycle, with any fields it needs filled in on the way. */
export interface SignificantEventTransition extends SignificantEventChanges {
  readonly to: string;
  readonly note?: string | undefined;
}

/** Filters of the list. */
export interface SignificantEventFilter {
  readonly kind?: string | undefined;
  readonly status?: string | undefined;
  readonly practiceId?: string | undefined;
}

const field = (name: string, message: string) =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: `/${name}`, message }]);

const oneOf = <T extends string>(values: readonly T[], value: string, name: string): T => {
  if (!(values as readonly string[]).includes(value)) {
    throw field(name, `must be one of ${values.join(', ')}`);
  }
  return value as T;
};

/** Free text the caller wrote: not blank, and no NHS number in it. */
const text = (value: string, name: string, max: number): string => {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw field(name, 'must not be blank');
  if (trimmed.length > max) throw field(name, `must be at most ${String(max)} characters`);
  const problem = patientIdentifierProblem(trimmed);
  if (problem !== null) throw field(name, problem);
  return trimmed;
};

const date = (value: string, name: string): string => {
  if (!isIsoDate(value)) throw field(name, 'must be a date, YYYY-MM-DD');
  return value;
};

const keyQuestionsOf = (values: readonly string[]): CqcKeyQuestion[] => {
  const unique = [...new Set(values)];
  const unknown = unique.find((q) => !(CQC_KEY_QUESTIONS as readonly string[]).includes(q));
  if (unknown !== undefined) throw field('keyQuestions', `${unknown} is not a CQC key question`);
  return unique as CqcKeyQuestion[];
};

const iso = (value: string | Date | null) =>
  value === null ? null : new Date(value).toISOString();

const SUMMARY_COLUMNS = `e.id, e.kind, e.title, e.category, e.severity, e.status,
  e.practice_id as "practiceId", p.name as "practiceName", e.site_id as "siteId", s.name as "siteName",
  to_char(e.occurred_on, 'YYYY-MM-DD') as "occurredOn", e.reported_at as "reportedAt",
  e.closed_at as "closedAt",
  to_char(e.received_on, 'YYYY-MM-DD') as "receivedOn",
  to_char(e.acknowledgement_due_on, 'YYYY-MM-DD') as "acknowledgementDueOn",
  to_char(e.acknowledged_on, 'YYYY-MM-DD') as "acknowledgedOn",
  to_char(e.response_due_on, 'YYYY-MM-DD') as "responseDueOn",
  to_char(e.responded_on, 'YYYY-MM-DD') as "respondedOn"`;

const FROM = `significant_event e
  join practice p on p.org_id = e.org_id and p.id = e.practice_id
  left join site s on s.org_id = e.org_id and s.id = e.site_id`;

type SummaryRow = Omit<SignificantEventSummary, 'overdue'>;

const summaryOf = (row: SummaryRow, today: string): SignificantEventSummary => ({
  ...row,
  reportedAt: iso(row.reportedAt) ?? '',
  closedAt: iso(row.closedAt),
  overdue:
    row.acknowledgementDueOn !== null && row.responseDueOn !== null
      ? complaintOverdue(
          {
            acknowledgementDueOn: row.acknowledgementDueOn,
            acknowledgedOn: row.acknowledgedOn,
            responseDueOn: row.responseDueOn,
            respondedOn: row.respondedOn,
          },
          today,
        )
      : null,
});

/**
 * Significant events and complaints (GOV) for one caller. Practice staff see and report their
 * own practice's events; governance and the organisation's admin see every practice's; a
 * practice manager investigates and closes their own. Everyone in the organisation sees the
 * themes, which name no practice. Another practice's event is answered as not found. Every
 * write is audited. No patient is linked: the text describes what happened without naming
 * anyone, and text holding an NHS number is refused.
 */
export function significantEventRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  const audit = scopedAudit(scope);

  const readReach = () => {
    const reach = reachOf(principal, 'significant-events:read');
    if (reach.kind === 'none') throw forbidden('see significant events');
    return reach;
  };

  /** The event if the caller may see it, locked when in a transaction that will change it. */
  const find = async (q: Queryable, id: string, lock = false) => {
    const reach = readReach();
    const { rows } = await q.query<{
      id: string;
      practiceId: string;
      kind: SignificantEventKind;
      status: SignificantEventStatus;
      title: string;
      description: string;
      category: SignificantEventCategory;
      severity: SignificantEventSeverity;
      keyQuestions: CqcKeyQuestion[];
      investigatorId: string | null;
      findings: string | null;
      learning: string | null;
      actionsAgreed: string | null;
      receivedOn: string | null;
      acknowledgedOn: string | null;
      respondedOn: string | null;
    }>(
      `select id, practice_id as "practiceId", kind, status, title, description, category, severity,
              key_questions as "keyQuestions", investigator_id as "investigatorId", findings,
              learning, actions_agreed as "actionsAgreed",
              to_char(received_on, 'YYYY-MM-DD') as "receivedOn",
              to_char(acknowledged_on, 'YYYY-MM-DD') as "acknowledgedOn",
              to_char(responded_on, 'YYYY-MM-DD') as "respondedOn"
         from significant_event where org_id = $1 and id = $2 ${lock ? 'for update' : ''}`,
      [orgId, id],
    );
    const event = rows[0];
    if (!event || (reach.kind === 'practices' && !reach.practiceIds.includes(event.practiceId))) {
      throw notFound('The significant event');
    }
    return event;
  };

  const requireManage = (practiceId: string) => {
    if (!canAt(principal, 'significant-events:manage', { orgId, practiceId })) {
      throw forbidden('investigate or close this practice’s significant events');
    }
  };

  const detail = async (id: string): Promise<SignificantEventDetail> => {
    await find(db, id);
    const today = todayInEngland();
    const { rows } = await db.query<
      SummaryRow & {
        description: string;
        keyQuestions: CqcKeyQuestion[];
        reportedById: string;
        reportedByName: string;
        investigatorId: string | null;
        investigatorName: string | null;
        findings: string | null;
        learning: string | null;
        actionsAgreed: string | null;
      }
    >(
      `select ${SUMMARY_COLUMNS}, e.description, e.key_questions as "keyQuestions",
              e.reported_by as "reportedById", r.display_name as "reportedByName",
              e.investigator_id as "investigatorId", i.display_name as "investigatorName",
              e.findings, e.learning, e.actions_agreed as "actionsAgreed"
         from ${FROM}
         join app_user r on r.org_id = e.org_id and r.id = e.reported_by
         left join app_user i on i.org_id = e.org_id and i.id = e.investigator_id
        where e.org_id = $1 and e.id = $2`,
      [orgId, id],
    );
    const row = rows[0];
    if (!row) throw notFound('The significant event');
    const timeline = await db.query<SignificantEventChange>(
      `select h.from_status as "fromStatus", h.to_status as "toStatus", h.note,
              u.display_name as "changedBy", h.changed_at as "changedAt"
         from significant_event_history h join app_user u on u.org_id = h.org_id and u.id = h.changed_by
        where h.org_id = $1 and h.event_id = $2 order by h.id`,
      [orgId, id],
    );
    const policies = await db.query<{ id: string; title: string }>(
      `select p.id, p.title from significant_event_policy l
         join policy p on p.org_id = l.org_id and p.id = l.policy_id
        where l.org_id = $1 and l.event_id = $2 order by p.title`,
      [orgId, id],
    );
    const {
      description,
      keyQuestions,
      reportedById,
      reportedByName,
      investigatorId,
      investigatorName,
      findings,
      learning,
      actionsAgreed,
      ...summary
    } = row;
    return {
      ...summaryOf(summary, today),
      description,
      keyQuestions,
      reportedBy: { id: reportedById, name: reportedByName },
      investigator:
        investigatorId === null ? null : { id: investigatorId, name: investigatorName ?? '' },
      findings,
      learning,
      actionsAgreed,
      timeline: timeline.rows.map((c) => ({ ...c, changedAt: iso(c.changedAt) ?? '' })),
      policies: policies.rows,
      canManage:
        summary.status !== 'closed' &&
        canAt(principal, 'significant-events:manage', { orgId, practiceId: summary.practiceId }),
      next: [...SIGNIFICANT_EVENT_TRANSITIONS[summary.status]],
    };
  };

  /** Checks and normalises changes to an event, against the event as it stands. */
  const checkChanges = async (
    q: Queryable,
    current: { practiceId: string; kind: SignificantEventKind; receivedOn: string | null },
    changes: SignificantEventChanges,
  ) => {
    const out: Record<string, unknown> = {};
    if (changes.title !== undefined) out.title = text(changes.title, 'title', 200);
    if (changes.description !== undefined)
      out.description = text(changes.description, 'description', 20000);
    if (changes.category !== undefined)
      out.category = oneOf(SIGNIFICANT_EVENT_CATEGORIES, changes.category, 'category');
    if (changes.severity !== undefined)
      out.severity = oneOf(SIGNIFICANT_EVENT_SEVERITIES, changes.severity, 'severity');
    if (changes.keyQuestions !== undefined) out.keyQuestions = keyQuestionsOf(changes.keyQuestions);
    if (changes.findings !== undefined) out.findings = text(changes.findings, 'findings', 20000);
    if (changes.learning !== undefined) out.learning = text(changes.learning, 'learning', 20000);
    if (changes.actionsAgreed !== undefined)
      out.actionsAgreed = text(changes.actionsAgreed, 'actionsAgreed', 20000);
    if (changes.investigatorId !== undefined) {
      const user = await q.query(
        `select 1 from app_user where org_id = $1 and id = $2 and disabled_at is null`,
        [orgId, changes.investigatorId],
      );
      if (user.rows.length === 0)
        throw field('investigatorId', 'is not a user of this organisation');
      out.investigatorId = changes.investigatorId;
    }
    for (const name of ['acknowledgedOn', 'respondedOn'] as const) {
      const value = changes[name];
      if (value === undefined) continue;
      if (current.kind !== 'complaint') throw field(name, 'only a complaint has letters');
      date(value, name);
      if (current.receivedOn !== null && value < current.receivedOn) {
        throw field(name, 'must not be before the complaint was received');
      }
      if (value > todayInEngland()) throw field(name, 'must not be in the future');
      out[name] = value;
    }
    return out;
  };

  const COLUMN: Record<string, string> = {
    title: 'title',
    description: 'description',
    category: 'category',
    severity: 'severity',
    keyQuestions: 'key_questions',
    investigatorId: 'investigator_id',
    findings: 'findings',
    learning: 'learning',
    actionsAgreed: 'actions_agreed',
    acknowledgedOn: 'acknowledged_on',
    respondedOn: 'responded_on',
  };

  /** Writes checked changes (and a new status) to the event, in the transaction. */
  const write = async (
    tx: Queryable,
    id: string,
    values: Record<string, unknown>,
    status: SignificantEventStatus | null,
  ) => {
    const sets: string[] = ['updated_at = now()'];
    const params: unknown[] = [orgId, id];
    for (const [key, value] of Object.entries(values)) {
      params.push(value);
      sets.push(`${COLUMN[key] ?? ''} = $${String(params.length)}`);
    }
    if (status !== null) {
      params.push(status);
      sets.push(`status = $${String(params.length)}`);
      sets.push(`closed_at = case when $${String(params.length)} = 'closed' then now() end`);
    }
    await tx.query(
      `update significant_event set ${sets.join(', ')} where org_id = $1 and id = $2`,
      params,
    );
  };

  return {
    /** The events the caller can see, newest first, filtered by kind, status or practice. */
    async list(filter: SignificantEventFilter = {}): Promise<SignificantEventSummary[]> {
      const reach = readReach();
      const kind =
        filter.kind === undefined ? null : oneOf(SIGNIFICANT_EVENT_KINDS, filter.kind, 'kind');
      const status =
        filter.status === undefined
          ? null
          : oneOf(SIGNIFICANT_EVENT_STATUSES, filter.status, 'status');
      const practiceId = filter.practiceId ?? null;
      if (
        practiceId !== null &&
        !canAt(principal, 'significant-events:read', { orgId, practiceId })
      ) {
        throw forbidden('see another practice’s significant events');
      }
      const { rows } = await db.query<SummaryRow>(
        `select ${SUMMARY_COLUMNS} from ${FROM}
          where e.org_id = $1
            and ($2::boolean or e.practice_id = any($3::uuid[]))
            and ($4::text is null or e.kind = $4)
            and ($5::text is null or e.status = $5)
            and ($6::uuid is null or e.practice_id = $6)
          order by e.occurred_on desc, e.reported_at desc, e.id`,
        [
          orgId,
          reach.kind === 'organisation',
          reach.kind === 'practices' ? reach.practiceIds : [],
          kind,
          status,
          practiceId,
        ],
      );
      const today = todayInEngland();
      return rows.map((r) => summaryOf(r, today));
    },

    /** One event with its timeline and linked policies. */
    async get(id: string): Promise<SignificantEventDetail> {
      return detail(id);
    },

    /** Reports a significant event or logs a complaint at a practice (audited). */
    async record(input: NewSignificantEvent): Promise<SignificantEventDetail> {
      const kind = oneOf(SIGNIFICANT_EVENT_KINDS, input.kind, 'kind');
      const practice = await db.query(`select 1 from practice where org_id = $1 and id = $2`, [
        orgId,
        input.practiceId,
      ]);
      if (practice.rows.length === 0)
        throw field('practiceId', 'is not a practice of this organisation');
      if (!canAt(principal, 'significant-events:record', { orgId, practiceId: input.practiceId })) {
        throw forbidden('report significant events for this practice');
      }
      const siteId = input.siteId ?? null;
      if (siteId !== null) {
        const site = await db.query(
          `select 1 from site where org_id = $1 and id = $2 and practice_id = $3`,
          [orgId, siteId, input.practiceId],
        );
        if (site.rows.length === 0) throw field('siteId', 'is not a site of this practice');
      }
      const title = text(input.title, 'title', 200);
      const description = text(input.description, 'description', 20000);
      const category = oneOf(SIGNIFICANT_EVENT_CATEGORIES, input.category, 'category');
      const severity = oneOf(SIGNIFICANT_EVENT_SEVERITIES, input.severity, 'severity');
      const today = todayInEngland();
      const occurredOn = date(input.occurredOn, 'occurredOn');
      if (occurredOn > today) throw field('occurredOn', 'must not be in the future');
      const keyQuestions = keyQuestionsOf(input.keyQuestions ?? []);
      let complaint: {
        receivedOn: string;
        acknowledgementDueOn: string;
        responseDueOn: string;
      } | null = null;
      if (kind === 'complaint') {
        if (input.receivedOn === undefined)
          throw field('receivedOn', 'a complaint needs the day it was received');
        const receivedOn = date(input.receivedOn, 'receivedOn');
        if (receivedOn > today) throw field('receivedOn', 'must not be in the future');
        if (receivedOn < occurredOn)
          throw field('receivedOn', 'must not be before what it is about happened');
        const agreed =
          input.agreedResponseBy === undefined
            ? null
            : date(input.agreedResponseBy, 'agreedResponseBy');
        if (agreed !== null && agreed < receivedOn)
          throw field('agreedResponseBy', 'must not be before the complaint was received');
        complaint = { receivedOn, ...complaintDueDates(receivedOn, agreed) };
      } else {
        for (const name of ['receivedOn', 'agreedResponseBy'] as const) {
          if (input[name] !== undefined) throw field(name, 'only a complaint has this date');
        }
      }
      const id = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `insert into significant_event
             (org_id, practice_id, site_id, kind, title, description, category, severity,
              occurred_on, key_questions, reported_by, received_on, acknowledgement_due_on,
              response_due_on)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
          [
            orgId,
            input.practiceId,
            siteId,
            kind,
            title,
            description,
            category,
            severity,
            occurredOn,
            keyQuestions,
            principal.userId,
            complaint?.receivedOn ?? null,
            complaint?.acknowledgementDueOn ?? null,
            complaint?.responseDueOn ?? null,
          ],
        );
        const created = rows[0]?.id ?? '';
        await tx.query(
          `insert into significant_event_history (org_id, event_id, from_status, to_status, changed_by)
           values ($1, $2, null, 'reported', $3)`,
          [orgId, created, principal.userId],
        );
        await audit(tx, {
          permission: 'significant-events:record',
          action: 'significant-event.record',
          entityType: 'significant_event',
          entityId: created,
          practiceId: input.practiceId,
        });
        return created;
      });
      return detail(id);
    },

    /** Changes an open event's details, investigation or letters without moving it (audited). */
    async update(id: string, changes: SignificantEventChanges): Promise<SignificantEventDetail> {
      await db.transaction(async (tx) => {
        const current = await find(tx, id, true);
        requireManage(current.practiceId);
        if (current.status === 'closed') {
          throw new AtscaleError('conflict', 'A closed significant event cannot change');
        }
        const values = await checkChanges(tx, current, changes);
        if (Object.keys(values).length === 0) return;
        await write(tx, id, values, null);
        await audit(tx, {
          permission: 'significant-events:manage',
          action: 'significant-event.update',
          entityType: 'significant_event',
          entityId: id,
          practiceId: current.practiceId,
        });
      });
      return detail(id);
    },

    /**
     * Moves an event along its lifecycle, filling in what the move needs on the way: an
     * investigator to investigate, findings for learning, learning and actions (and, for a
     * complaint, its letters) to close. Each move goes on the timeline (audited).
     */
    async transition(
      id: string,
      input: SignificantEventTransition,
    ): Promise<SignificantEventDetail> {
      const to = oneOf(SIGNIFICANT_EVENT_STATUSES, input.to, 'to');
      const note = input.note === undefined ? null : text(input.note, 'note', 5000);
      await db.transaction(async (tx) => {
        const current = await find(tx, id, true);
        requireManage(current.practiceId);
        const values = await checkChanges(tx, current, input);
        const after = { ...current, ...values } as SignificantEventState & typeof current;
        assertTransition(current.status, after, to);
        await write(tx, id, values, to);
        await tx.query(
          `insert into significant_event_history
             (org_id, event_id, from_status, to_status, note, changed_by)
           values ($1, $2, $3, $4, $5, $6)`,
          [orgId, id, current.status, to, note, principal.userId],
        );
        await audit(tx, {
          permission: 'significant-events:manage',
          action: `significant-event.${to}`,
          entityType: 'significant_event',
          entityId: id,
          practiceId: current.practiceId,
        });
      });
      return detail(id);
    },

    /** Links a policy of the library to the event, e.g. the one it led to revising (audited). */
    async linkPolicy(id: string, policyId: string): Promise<SignificantEventDetail> {
      await db.transaction(async (tx) => {
        const current = await find(tx, id);
        requireManage(current.practiceId);
        const policy = await tx.query(`select 1 from policy where org_id = $1 and id = $2`, [
          orgId,
          policyId,
        ]);
        if (policy.rows.length === 0) throw field('policyId', 'is not a policy of this library');
        const inserted = await tx.query(
          `insert into significant_event_policy (org_id, event_id, policy_id, linked_by)
           values ($1, $2, $3, $4) on conflict do nothing returning policy_id`,
          [orgId, id, policyId, principal.userId],
        );
        if (inserted.rows.length === 0) {
          throw new AtscaleError('conflict', 'The policy is already linked to this event');
        }
        await audit(tx, {
          permission: 'significant-events:manage',
          action: 'significant-event.link-policy',
          entityType: 'significant_event',
          entityId: id,
          practiceId: current.practiceId,
          reason: `policy ${policyId}`,
        });
      });
      return detail(id);
    },

    /**
     * Removes a policy link from an open event, e.g. one made by mistake (audited). A closed
     * event is the record of what was learned, so its links stay; a link the caller cannot see
     * is answered as not found.
     */
    async unlinkPolicy(id: string, policyId: string): Promise<SignificantEventDetail> {
      await db.transaction(async (tx) => {
        // Locked, so that the event cannot close between the check and the removal.
        const current = await find(tx, id, true);
        requireManage(current.practiceId);
        if (current.status === 'closed') {
          throw new AtscaleError('conflict', 'A closed significant event’s policies cannot change');
        }
        const removed = await tx.query(
          `delete from significant_event_policy
            where org_id = $1 and event_id = $2 and policy_id = $3 returning policy_id`,
          [orgId, id, policyId],
        );
        if (removed.rows.length === 0) throw notFound('The policy link');
        await audit(tx, {
          permission: 'significant-events:manage',
          action: 'significant-event.unlink-policy',
          entityType: 'significant_event',
          entityId: id,
          practiceId: current.practiceId,
          reason: `policy ${policyId}`,
        });
      });
      return detail(id);
    },

    /**
     * The organisation's themes: counts by category and quarter across every practice, with no
     * practice named and small counts suppressed. Everyone in the organisation may see them.
     */
    async themes(
      options: { kind?: string | undefined; quarters?: number | undefined } = {},
    ): Promise<SignificantEventThemes> {
      if (!can(principal, 'significant-events:themes'))
        throw forbidden('see significant event themes');
      const kind =
        options.kind === undefined ? null : oneOf(SIGNIFICANT_EVENT_KINDS, options.kind, 'kind');
      const quarters = options.quarters ?? 8;
      if (!Number.isInteger(quarters) || quarters < 1 || quarters > 20) {
        throw field('quarters', 'must be a whole number from 1 to 20');
      }
      const today = todayInEngland();
      // Only the category and date leave the database: no practice, site or text.
      const { rows } = await db.query<{ category: SignificantEventCategory; occurredOn: string }>(
        `select category, to_char(occurred_on, 'YYYY-MM-DD') as "occurredOn"
           from significant_event
          where org_id = $1 and ($2::text is null or kind = $2)
            and occurred_on >= ($3::date - make_interval(months => $4::int * 3 + 3))`,
        [orgId, kind, today, quarters],
      );
      return significantEventThemes(rows, today, quarters);
    },

    /** Who may be named investigator of a practice's events: its staff and governance. */
    async investigators(practiceId: string): Promise<{ id: string; name: string }[]> {
      if (!canAt(principal, 'significant-events:manage', { orgId, practiceId })) {
        throw forbidden('choose investigators for this practice');
      }
      const practice = await db.query(`select 1 from practice where org_id = $1 and id = $2`, [
        orgId,
        practiceId,
      ]);
      if (practice.rows.length === 0)
        throw field('practiceId', 'is not a practice of this organisation');
      const { rows } = await db.query<{ id: string; name: string }>(
        `select distinct u.id, u.display_name as name
           from app_user u join role_grant g on g.org_id = u.org_id and g.user_id = u.id
          where u.org_id = $1 and u.disabled_at is null
            and (g.practice_id = $2 or g.role in ('governance', 'org-admin'))
          order by u.display_name, u.id`,
        [orgId, practiceId],
      );
      return rows;
    },
  };
}
