import { randomUUID } from 'node:crypto';
import {
  englandTimeToInstant,
  nextDate,
  quarterDates,
  quarterOf,
  shiftQuarter,
  type DemoPlan,
  type IsoDate,
} from '@atscale/domain';
import type { Queryable } from '../database.js';

/**
 * Agreement standards demo (GOV-3). The access demo is built around today, so past quarters
 * would have no requests or appointments to measure. This adds a modest, deterministic history:
 * for each member practice with patients, one clinic a week (Tuesday mornings) from the start of
 * the quarter before last until five weeks before today, each slot booked for a request, so the
 * grid computes real RAGs for the two previous quarters and the current one. Each practice has
 * its own pattern of waits, telephone share and missed appointments (one practice improves
 * between the quarters, another slips) so the grid shows green, amber and red. The history
 * stops five weeks back so that the rota around today, which resilience is scored from, is left
 * as the workforce demo made it. Plus two peer review meetings with findings and actions: one
 * meeting's actions all closed, the other's with one closed, one overdue and one open.
 */

const DAY = 86_400_000;
/** At most this many history appointments per organisation, whatever its scale. */
const MAX_APPOINTMENTS = 12_000;
const MAX_PER_WEEK = 24;
/** The history ends this many days before the plan's today. */
const GAP_DAYS = 35;

/** Per practice (by position, cycling): median wait in days, telephone and DNA per 24. */
const PROFILES = [
  { wait: 1, telephone: 7, missed: 0, drift: 0 },
  { wait: 3, telephone: 12, missed: 2, drift: 0 },
  { wait: 6, telephone: 16, missed: 3, drift: -4 },
  { wait: 2, telephone: 9, missed: 1, drift: 4 },
  { wait: 4, telephone: 5, missed: 1, drift: 0 },
] as const;

const addDays = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The Tuesdays of the history, oldest first. */
function historyTuesdays(today: IsoDate): IsoDate[] {
  const from = quarterDates(shiftQuarter(quarterOf(today), -2)).from;
  const until = addDays(today, -GAP_DAYS);
  const days: IsoDate[] = [];
  for (let d = from; d <= until; d = nextDate(d)) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 2) days.push(d);
  }
  return days;
}

/** The practices that get a history: members with patients and a site. */
const historyPractices = (plan: DemoPlan) =>
  plan.practices.filter((p) => p.listSize > 0 && p.sites.length > 0);

/**
 * The Tuesdays of a plan's history: none at the tiny scale, which tests seed for every server
 * test and whose rota they count session by session.
 */
const planTuesdays = (plan: DemoPlan) => (plan.scale === 'tiny' ? [] : historyTuesdays(plan.today));

const perWeek = (plan: DemoPlan) => {
  const weeks = planTuesdays(plan).length;
  const practices = historyPractices(plan).length;
  if (weeks === 0 || practices === 0) return 0;
  return Math.max(4, Math.min(MAX_PER_WEEK, Math.floor(MAX_APPOINTMENTS / (weeks * practices))));
};

/** The reviewed practices of the two meetings: the first three members with a history. */
const reviewed = (plan: DemoPlan) => historyPractices(plan).slice(0, 3);

/** Rows this writes for a plan, for the progress total. */
export function standardsRowCount(plan: DemoPlan): number {
  if (plan.users.length === 0) return 0;
  const weeks = planTuesdays(plan).length;
  const practices = historyPractices(plan).length;
  // Two sessions a week (one in person, one by telephone), and a slot, request and appointment
  // for each place.
  const history = practices * weeks * (2 + perWeek(plan) * 3);
  const r = reviewed(plan).length;
  // Two meetings, each with its practices, a finding and an action per practice, plus one
  // more action in the recent meeting.
  const reviews = r === 0 ? 0 : 2 * (1 + r * 3) + 1;
  return history + reviews;
}

/** Writes the history and the peer reviews (see the module comment). */
export async function writeStandardsDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: { practiceIds: readonly string[]; userIds: Readonly<Record<string, string>> },
  wrote: (rows: number) => void,
): Promise<void> {
  if (plan.users.length === 0) return;
  const tuesdays = planTuesdays(plan);
  const slotsPerWeek = perWeek(plan);
  const practices = historyPractices(plan);
  const lastQuarterStart = quarterDates(shiftQuarter(quarterOf(plan.today), -1)).from;
  for (const [position, practice] of practices.entries()) {
    const practiceId = ids.practiceIds[practice.index] ?? '';
    const site = await tx.query<{ id: string }>(
      'select id from site where org_id = $1 and practice_id = $2 order by name, id limit 1',
      [orgId, practiceId],
    );
    const siteId = site.rows[0]?.id ?? '';
    const patients = await tx.query<{ id: string }>(
      `select id from patient where org_id = $1 and practice_id = $2
        order by nhs_number limit 400`,
      [orgId, practiceId],
    );
    const profile = PROFILES[position % PROFILES.length] ?? PROFILES[0];
    const sessions = {
      id: [] as string[],
      channel: [] as string[],
      starts: [] as string[],
      ends: [] as string[],
    };
    const rows = {
      slot: [] as string[],
      session: [] as string[],
      request: [] as string[],
      appointment: [] as string[],
      patient: [] as string[],
      starts: [] as string[],
      ends: [] as string[],
      received: [] as string[],
      channel: [] as string[],
      status: [] as string[],
    };
    for (const [week, tuesday] of tuesdays.entries()) {
      // A session says what its slots offer: one for the clinic in person, one by telephone.
      const sessionOf = { 'in-person': randomUUID(), telephone: randomUUID() };
      const start = Date.parse(englandTimeToInstant(tuesday, '08:00'));
      for (const [channel, id] of Object.entries(sessionOf)) {
        sessions.id.push(id);
        sessions.channel.push(channel);
        sessions.starts.push(new Date(start).toISOString());
        sessions.ends.push(new Date(start + slotsPerWeek * 15 * 60_000).toISOString());
      }
      const drift = tuesday >= lastQuarterStart ? profile.drift : 0;
      for (let k = 0; k < slotsPerWeek; k += 1) {
        // Scaled to 24 places, so a smaller clinic keeps the practice's shares.
        const place = Math.floor((k * MAX_PER_WEEK) / slotsPerWeek);
        const slotStart = start + k * 15 * 60_000;
        const wait = Math.max(0, profile.wait + drift + ((k + week) % 3) - 1);
        const channel =
          (place * 7 + week) % MAX_PER_WEEK < profile.telephone ? 'telephone' : 'in-person';
        rows.slot.push(randomUUID());
        rows.session.push(sessionOf[channel]);
        rows.request.push(randomUUID());
        rows.appointment.push(randomUUID());
        const patient =
          patients.rows[(week * slotsPerWeek + k) % Math.max(1, patients.rows.length)];
        rows.patient.push(patient?.id ?? '');
        rows.starts.push(new Date(slotStart).toISOString());
        rows.ends.push(new Date(slotStart + 15 * 60_000).toISOString());
        rows.received.push(new Date(slotStart - wait * DAY - 2 * 3_600_000).toISOString());
        rows.channel.push(channel);
        rows.status.push(
          (place * 5 + week) % MAX_PER_WEEK < profile.missed ? 'did-not-attend' : 'attended',
        );
      }
    }
    await tx.query(
      `insert into rota_session (id, org_id, site_id, starts_at, ends_at, period, required_role,
                                 service, channel, slot_minutes, visibility)
       select id, $1, $2, s, e, 'am', 'gp', 'gp', channel, 15, 'practice'
         from unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[])
           as t (id, s, e, channel)`,
      [orgId, siteId, sessions.id, sessions.starts, sessions.ends, sessions.channel],
    );
    await tx.query(
      `insert into slot (id, org_id, session_id, site_id, practice_id, starts_at, ends_at, service,
                         channel, visibility, capacity, taken)
       select id, $1, session_id, $2, $3, s, e, 'gp', channel, 'practice', 1, 1
         from unnest($4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::text[])
           as t (id, session_id, s, e, channel)`,
      [orgId, siteId, practiceId, rows.slot, rows.session, rows.starts, rows.ends, rows.channel],
    );
    await tx.query(
      // Where the organisation triages in call centres, the request went to the practice's
      // regional one, else the central one, as the access demo routes today's.
      `insert into patient_request (id, org_id, practice_id, patient_id, triage_team_id, channel,
                                    kind, description, preferred_channel, status, urgency,
                                    outcome, received_at, claimed_at, triaged_at, closed_at)
       select id, $1, $2, patient_id,
              case when (select request_routing from organisation_settings where org_id = $1)
                        = 'centre'
                   then coalesce(
                     (select tt.id from triage_team tt join practice p
                         on p.org_id = tt.org_id and p.id = $2 and tt.region = p.region
                       where tt.org_id = $1),
                     (select tt.id from triage_team tt where tt.org_id = $1 and tt.region is null))
              end,
              'phone', 'clinical', 'Routine review (demo history)',
              case when channel = 'telephone' then 'telephone' else 'in-person' end, 'closed',
              'routine', case when channel = 'telephone' then 'telephone' else 'face-to-face-any-site' end,
              r, r + interval '30 minutes', r + interval '30 minutes', r + interval '30 minutes'
         from unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::text[])
           as t (id, patient_id, r, channel)`,
      [orgId, practiceId, rows.request, rows.patient, rows.received, rows.channel],
    );
    await tx.query(
      `insert into appointment (id, org_id, slot_id, site_id, during, service, channel, patient_id,
                                practice_id, request_id, status, booked_at, outcome_recorded_at)
       select id, $1, slot_id, $2, tstzrange(s, e), 'gp', channel, patient_id, $3, request_id,
              status, r + interval '30 minutes', e
         from unnest($4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::text[],
                     $9::uuid[], $10::uuid[], $11::text[], $12::timestamptz[])
           as t (id, slot_id, s, e, channel, patient_id, request_id, status, r)`,
      [
        orgId,
        siteId,
        practiceId,
        rows.appointment,
        rows.slot,
        rows.starts,
        rows.ends,
        rows.channel,
        rows.patient,
        rows.request,
        rows.status,
        rows.received,
      ],
    );
    wrote(sessions.id.length + rows.slot.length * 3);
  }
  await writePeerReviews(tx, orgId, plan, ids, wrote);
}

/** The user who chairs: governance if there is one, else the administrator. */
function chairKey(plan: DemoPlan): string {
  const central = (role: string) =>
    plan.users.find((u) => u.grants.some((g) => g.role === role && g.practiceIndex === null));
  return (central('governance') ?? central('org-admin') ?? plan.users[0])?.key ?? '';
}

/** A user working at the practice (its manager if it has one), else the chair. */
function ownerKey(plan: DemoPlan, practiceIndex: number): string {
  const at = (role?: string) =>
    plan.users.find((u) =>
      u.grants.some((g) => g.practiceIndex === practiceIndex && (!role || g.role === role)),
    );
  return (at('practice-manager') ?? at())?.key ?? chairKey(plan);
}

async function writePeerReviews(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: { practiceIds: readonly string[]; userIds: Readonly<Record<string, string>> },
  wrote: (rows: number) => void,
): Promise<void> {
  const practices = reviewed(plan);
  if (practices.length === 0) return;
  const user = (key: string) => ids.userIds[key] ?? null;
  const chair = user(chairKey(plan));
  const previous = quarterDates(shiftQuarter(quarterOf(plan.today), -1));
  const before = quarterDates(shiftQuarter(quarterOf(plan.today), -2));
  // Three weeks after each quarter closes, and never less than ten days ago.
  const heldAfter = (to: IsoDate) => {
    const held = addDays(to, 20);
    const latest = addDays(plan.today, -10);
    return held < latest ? held : latest;
  };
  const meetings = [
    { heldOn: heldAfter(before.to), title: `Peer review of ${before.label}`, recent: false },
    { heldOn: heldAfter(previous.to), title: `Peer review of ${previous.label}`, recent: true },
  ];
  const findings: Record<number, { standard: string; text: string }> = {
    0: { standard: 'levy-paid-on-time', text: 'Levy paid on time; access standards met.' },
    1: { standard: 'face-to-face-share', text: 'Face-to-face share below the standard.' },
    2: { standard: 'access-wait-days', text: 'Waits from request to appointment too long.' },
  };
  for (const meeting of meetings) {
    const meetingId = randomUUID();
    await tx.query(
      `insert into peer_review_meeting (id, org_id, held_on, title, attendees, created_by)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        meetingId,
        orgId,
        meeting.heldOn,
        meeting.title,
        ['Governance lead', ...practices.map((p) => `Practice manager, ${p.name}`)],
        chair,
      ],
    );
    const practiceIds = practices.map((p) => ids.practiceIds[p.index] ?? '');
    await tx.query(
      `insert into peer_review_practice (org_id, meeting_id, practice_id)
       select $1, $2, unnest($3::uuid[])`,
      [orgId, meetingId, practiceIds],
    );
    const findingIds = practices.map(() => randomUUID());
    await tx.query(
      `insert into peer_review_finding (id, org_id, meeting_id, practice_id, standard_id, text, created_by)
       select id, $1, $2, practice_id, standard_id, text, $3
         from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[])
           as t (id, practice_id, standard_id, text)`,
      [
        orgId,
        meetingId,
        chair,
        findingIds,
        practiceIds,
        practices.map((_, i) => findings[i % 3]?.standard ?? null),
        practices.map((_, i) => findings[i % 3]?.text ?? 'Reviewed.'),
      ],
    );
    // The earlier meeting's actions are all closed; the recent one has one closed, one
    // overdue (due a week after the meeting, still open) and one open (due in a month).
    const actions = practices.map((p, i) => {
      const closed = !meeting.recent || i === 0;
      const dueOn = addDays(meeting.heldOn, meeting.recent && i === 1 ? 7 : 30);
      return {
        practiceId: ids.practiceIds[p.index] ?? '',
        findingId: findingIds[i] ?? null,
        description:
          i === 1
            ? 'Offer face-to-face first for routine requests; report the share monthly'
            : i === 2
              ? 'Add a routine clinic on Thursdays to bring waits down'
              : 'Share the levy reminder process with the other practices',
        ownerId: user(ownerKey(plan, p.index)),
        dueOn,
        closedOn: closed ? addDays(dueOn, -3) : null,
        note: closed ? 'Done and checked at the next meeting' : null,
      };
    });
    if (meeting.recent) {
      const last = practices[practices.length - 1];
      actions.push({
        practiceId: ids.practiceIds[last?.index ?? 0] ?? '',
        findingId: null,
        description: 'Audit DNAs by lead time and send reminders the day before',
        ownerId: user(ownerKey(plan, last?.index ?? 0)),
        dueOn: addDays(plan.today, 30),
        closedOn: null,
        note: null,
      });
    }
    await tx.query(
      `insert into peer_review_action (org_id, meeting_id, practice_id, finding_id, description,
                                       owner_id, due_on, status, closed_on, closure_note,
                                       closed_by, created_by)
       select $1, $2, practice_id, finding_id, description, owner_id, due_on,
              case when closed_on is null then 'open' else 'done' end, closed_on, note,
              case when closed_on is null then null else owner_id end, $3
         from unnest($4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::date[], $9::date[],
                     $10::text[])
           as t (practice_id, finding_id, description, owner_id, due_on, closed_on, note)`,
      [
        orgId,
        meetingId,
        chair,
        actions.map((a) => a.practiceId),
        actions.map((a) => a.findingId),
        actions.map((a) => a.description),
        actions.map((a) => a.ownerId),
        actions.map((a) => a.dueOn),
        actions.map((a) => a.closedOn),
        actions.map((a) => a.note),
      ],
    );
    wrote(1 + practices.length * 2 + actions.length);
  }
}
