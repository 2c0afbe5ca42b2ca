import { randomUUID } from 'node:crypto';
import {
  addDays,
  complaintDueDates,
  SIGNIFICANT_EVENT_STATUSES,
  type DemoPlan,
  type SignificantEventCategory,
  type SignificantEventKind,
  type SignificantEventSeverity,
  type SignificantEventStatus,
} from '@atscale/domain';
import type { Queryable } from '../database.js';

/**
 * Significant events and complaints for a demo organisation: six per member practice, the
 * older ones closed with their learning (some linked to the policy they led to revising), the
 * recent ones reported, under investigation or at learning; one recent complaint in three is
 * not yet acknowledged, so some show as late. Deterministic: what each practice has follows
 * from its position. The text names no patient, as the repository requires.
 */

interface DemoEvent {
  readonly kind: SignificantEventKind;
  readonly title: string;
  readonly description: string;
  readonly category: SignificantEventCategory;
  readonly severity: SignificantEventSeverity;
  readonly keyQuestions: readonly string[];
  readonly findings: string;
  readonly learning: string;
  readonly actions: string;
  /** The demo policy (by title) a closed event is linked to, if any. */
  readonly policy: string | null;
}

const TEMPLATES: readonly DemoEvent[] = [
  {
    kind: 'significant-event',
    title: 'Vaccine fridge temperature out of range overnight',
    description:
      'The morning check found the vaccine fridge at 11°C; the data logger showed it had been out of range for about six hours.',
    category: 'clinical',
    severity: 'no-harm',
    keyQuestions: ['safe'],
    findings: 'The fridge plug had been knocked out of its switched socket by cleaning staff.',
    learning: 'Vaccine fridges need unswitched sockets and a daily logger download.',
    actions: 'Socket replaced with a labelled unswitched one; stock quarantined and replaced.',
    policy: 'Infection prevention and control',
  },
  {
    kind: 'significant-event',
    title: 'Repeat prescription issued after the medicine was stopped',
    description:
      'A repeat request was issued for a medicine the hospital had stopped at discharge; the pharmacist queried it before it was dispensed.',
    category: 'prescribing',
    severity: 'low',
    keyQuestions: ['safe', 'effective'],
    findings: 'The discharge letter was filed without the medication changes being actioned.',
    learning: 'Discharge letters with medication changes go to the clinical pharmacist first.',
    actions: 'Workflow changed; letters audited monthly for three months.',
    policy: 'Repeat prescribing',
  },
  {
    kind: 'complaint',
    title: 'Could not get through on the telephone at 8 am',
    description:
      'A patient complained of calling repeatedly from 8 am and being told no appointments were left.',
    category: 'access',
    severity: 'no-harm',
    keyQuestions: ['responsive'],
    findings: 'Morning demand exceeded lines for 40 minutes on Mondays.',
    learning: 'Online requests and a call-back queue spread the morning demand.',
    actions: 'Call-back option enabled; Monday staffing increased by one navigator.',
    policy: 'Complaints',
  },
  {
    kind: 'significant-event',
    title: 'Letter sent to the wrong address',
    description:
      'A hospital appointment letter was posted to a previous address still on a duplicate record.',
    category: 'information-governance',
    severity: 'low',
    keyQuestions: ['safe', 'well-led'],
    findings: 'A duplicate registration had not been merged after the patient moved.',
    learning: 'Duplicate records are checked for at every change of address.',
    actions: 'Duplicates report run weekly; data protection officer informed.',
    policy: 'Information governance and data protection',
  },
  {
    kind: 'complaint',
    title: 'Felt rushed and not listened to at an appointment',
    description: 'A patient felt their concerns were dismissed during a short appointment.',
    category: 'communication',
    severity: 'no-harm',
    keyQuestions: ['caring'],
    findings: 'Two problems were raised in a ten-minute slot; the second was deferred abruptly.',
    learning: 'Say at the start how the time will be used and book a follow-up there and then.',
    actions: 'Discussed at the clinical meeting; patient offered a longer appointment.',
    policy: null,
  },
  {
    kind: 'significant-event',
    title: 'Safeguarding referral delayed over a weekend',
    description:
      'A concern raised on a Friday afternoon was not referred until the Monday because the lead was away.',
    category: 'safeguarding',
    severity: 'moderate',
    keyQuestions: ['safe', 'well-led'],
    findings: 'No deputy safeguarding lead was named for the lead’s leave.',
    learning: 'A deputy lead is named on the rota every day.',
    actions: 'Deputy lead added to the daily rota; all staff reminded of the local hub number.',
    policy: 'Safeguarding adults and children',
  },
  {
    kind: 'significant-event',
    title: 'Blood test result not actioned for a week',
    description: 'An abnormal result sat in the inbox of a clinician on leave.',
    category: 'administration',
    severity: 'low',
    keyQuestions: ['safe', 'effective'],
    findings: 'Inbox cover was not set up for planned leave.',
    learning: 'Results inboxes are reassigned before any leave of two days or more.',
    actions: 'Leave checklist updated; weekly unactioned results report added.',
    policy: 'Significant events',
  },
  {
    kind: 'complaint',
    title: 'Receptionist overheard discussing a patient',
    description:
      'A patient complained that details of their visit could be heard in the waiting room.',
    category: 'information-governance',
    severity: 'no-harm',
    keyQuestions: ['caring', 'well-led'],
    findings: 'The reception desk is close to the waiting area and calls were taken there.',
    learning: 'Calls with personal details are taken in the back office.',
    actions: 'Back-office phone installed; confidentiality refresher for reception.',
    policy: 'Chaperoning',
  },
];

/**
 * Days before today of each practice's events, oldest last. Practices' events bunch around the
 * same days (a few days apart) and mostly share a template, so the organisation's themes have
 * cells of three or more to show; one practice in three differs and is suppressed there.
 */
const DAYS_AGO = [8, 40, 130, 220, 310, 420] as const;

interface PlannedEvent {
  readonly template: DemoEvent;
  readonly practiceIndex: number;
  readonly occurredOn: string;
  readonly status: SignificantEventStatus;
  /** Complaints: acknowledged (and, once closed, responded to). */
  readonly acknowledged: boolean;
}

/** What the demo writes, from the plan alone, so the row count is known before writing. */
function plannedEvents(plan: DemoPlan): PlannedEvent[] {
  if (plan.users.length === 0) return [];
  const members = plan.practices.filter((p) => p.membership.stage === 'member').map((p) => p.index);
  const events: PlannedEvent[] = [];
  members.forEach((practiceIndex, j) => {
    DAYS_AGO.forEach((days, k) => {
      const template = TEMPLATES[(k + (j % 3 === 2 ? 4 : 0)) % TEMPLATES.length];
      if (!template) return;
      const daysAgo = days + ((j * 2) % 10);
      const open = SIGNIFICANT_EVENT_STATUSES.slice(0, 3);
      const status: SignificantEventStatus =
        daysAgo > 120 ? 'closed' : (open[(j + k) % 3] ?? 'reported');
      events.push({
        template,
        practiceIndex,
        occurredOn: addDays(plan.today, -daysAgo),
        status,
        acknowledged: status === 'closed' || (j + k) % 3 !== 0,
      });
    });
  });
  return events;
}

const reached = (status: SignificantEventStatus) =>
  SIGNIFICANT_EVENT_STATUSES.slice(0, SIGNIFICANT_EVENT_STATUSES.indexOf(status) + 1);

/** Rows the significant event demo writes: events, their timelines and policy links. */
export function significantEventRowCount(plan: DemoPlan): number {
  return plannedEvents(plan).reduce(
    (n, e) =>
      n + 1 + reached(e.status).length + (e.status === 'closed' && e.template.policy ? 1 : 0),
    0,
  );
}

/** Writes the significant events and complaints, with timelines and policy links. */
export async function writeSignificantEventDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: { practiceIds: readonly string[]; userIds: Readonly<Record<string, string>> },
  wrote: (rows: number) => void,
): Promise<void> {
  const events = plannedEvents(plan);
  if (events.length === 0) return;
  const userId = (i: number) => ids.userIds[plan.users[i]?.key ?? ''] ?? '';
  const central = plan.users.findIndex((u) =>
    u.grants.some(
      (g) => (g.role === 'governance' || g.role === 'org-admin') && g.practiceIndex === null,
    ),
  );
  // The practice's manager reports and investigates where the demo has one; governance otherwise.
  const lead = (practiceIndex: number) => {
    const manager = plan.users.findIndex((u) =>
      u.grants.some((g) => g.role === 'practice-manager' && g.practiceIndex === practiceIndex),
    );
    return userId(manager >= 0 ? manager : Math.max(0, central));
  };
  const policies = await tx.query<{ id: string; title: string }>(
    `select id, title from policy where org_id = $1`,
    [orgId],
  );
  const policyId = new Map(policies.rows.map((p) => [p.title, p.id]));
  const eventIds = events.map(() => randomUUID());
  const rows = events.map((e, i) => {
    const t = e.template;
    const past = (status: SignificantEventStatus) => reached(e.status).includes(status);
    const received = t.kind === 'complaint' ? addDays(e.occurredOn, 1) : null;
    const due = received === null ? null : complaintDueDates(received);
    return {
      id: eventIds[i] ?? '',
      practiceId: ids.practiceIds[e.practiceIndex] ?? '',
      by: lead(e.practiceIndex),
      investigator: past('investigating') ? lead(e.practiceIndex) : null,
      findings: past('learning') ? t.findings : null,
      learning: past('closed') ? t.learning : null,
      actions: past('closed') ? t.actions : null,
      closedAt: past('closed') ? addDays(e.occurredOn, 60) : null,
      received,
      ackDue: due?.acknowledgementDueOn ?? null,
      acknowledged: received !== null && e.acknowledged ? addDays(received, 1) : null,
      responseDue: due?.responseDueOn ?? null,
      responded: received !== null && past('closed') ? addDays(received, 40) : null,
    };
  });
  await tx.query(
    `insert into significant_event
       (id, org_id, practice_id, kind, title, description, category, severity, occurred_on, status,
        key_questions, reported_by, reported_at, investigator_id, findings, learning,
        actions_agreed, closed_at, received_on, acknowledgement_due_on, acknowledged_on,
        response_due_on, responded_on, updated_at)
     select id, $1, practice_id, kind, title, description, category, severity, occurred_on, status,
            string_to_array(questions, ','), by, occurred_on + interval '1 day', investigator,
            findings, learning, actions, closed_on::timestamptz, received, ack_due, acknowledged,
            response_due, responded, coalesce(closed_on, occurred_on)::timestamptz
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::date[], $10::text[], $11::text[], $12::uuid[], $13::uuid[],
                   $14::text[], $15::text[], $16::text[], $17::date[], $18::date[], $19::date[],
                   $20::date[], $21::date[], $22::date[])
         as t (id, practice_id, kind, title, description, category, severity, occurred_on, status,
               questions, by, investigator, findings, learning, actions, closed_on, received,
               ack_due, acknowledged, response_due, responded)`,
    [
      orgId,
      rows.map((r) => r.id),
      rows.map((r) => r.practiceId),
      events.map((e) => e.template.kind),
      events.map((e) => e.template.title),
      events.map((e) => e.template.description),
      events.map((e) => e.template.category),
      events.map((e) => e.template.severity),
      events.map((e) => e.occurredOn),
      events.map((e) => e.status),
      events.map((e) => e.template.keyQuestions.join(',')),
      rows.map((r) => r.by),
      rows.map((r) => r.investigator),
      rows.map((r) => r.findings),
      rows.map((r) => r.learning),
      rows.map((r) => r.actions),
      rows.map((r) => r.closedAt),
      rows.map((r) => r.received),
      rows.map((r) => r.ackDue),
      rows.map((r) => r.acknowledged),
      rows.map((r) => r.responseDue),
      rows.map((r) => r.responded),
    ],
  );
  // The timeline: each stage reached, a fortnight apart from the day after it happened (never
  // after the plan's today).
  const history = events.flatMap((e, i) =>
    reached(e.status).map((to, n) => ({
      eventId: eventIds[i] ?? '',
      from: n === 0 ? null : (SIGNIFICANT_EVENT_STATUSES[n - 1] ?? null),
      to,
      by: rows[i]?.by ?? '',
      at: [addDays(e.occurredOn, n === 3 ? 60 : 1 + n * 14), plan.today].sort()[0] ?? plan.today,
    })),
  );
  await tx.query(
    `insert into significant_event_history (org_id, event_id, from_status, to_status, changed_by, changed_at)
     select $1, event_id, from_status, to_status, by, at::timestamptz
       from unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::date[])
         as t (event_id, from_status, to_status, by, at)`,
    [
      orgId,
      history.map((h) => h.eventId),
      history.map((h) => h.from),
      history.map((h) => h.to),
      history.map((h) => h.by),
      history.map((h) => h.at),
    ],
  );
  const links = events.flatMap((e, i) =>
    e.status === 'closed' && e.template.policy
      ? [{ eventId: eventIds[i] ?? '', policyId: policyId.get(e.template.policy) ?? '' }]
      : [],
  );
  await tx.query(
    `insert into significant_event_policy (org_id, event_id, policy_id)
     select $1, event_id, policy_id from unnest($2::uuid[], $3::uuid[]) as t (event_id, policy_id)`,
    [orgId, links.map((l) => l.eventId), links.map((l) => l.policyId)],
  );
  wrote(events.length + history.length + links.length);
}
