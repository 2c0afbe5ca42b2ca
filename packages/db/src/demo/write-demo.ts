import { randomUUID } from 'node:crypto';
import {
  AtscaleError,
  type DemoPlan,
  type DemoSiteRef,
  type DemoTotals,
  type OrganisationForm,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import { insertGrants } from '../repositories/unscoped-accounts.js';
import {
  accessRowCount,
  sessionOffersOf,
  type SessionOfferColumns,
  writeAccessActivity,
  writeAccessPlaces,
} from './write-access-demo.js';
import { financeRowCount, writeFinanceDemo } from './write-finance-demo.js';
import { electionRowCount, writeElectionDemo } from './write-election-demo.js';
import { policyRowCount, writePolicyDemo } from './write-policy-demo.js';
import {
  significantEventRowCount,
  writeSignificantEventDemo,
} from './write-significant-event-demo.js';
import { standardsRowCount, writeStandardsDemo } from './write-standards-demo.js';
import { cqcRowCount, writeCqcDemo } from './write-cqc-demo.js';
import { mcpBudgetRowCount, writeMcpBudgetDemo } from './write-mcp-budget-demo.js';
import {
  hasPopulationDemo,
  writePopulationDemo,
  type PopulationDemo,
} from './write-population-demo.js';

/** How far a demo build has got, in rows written of the rows it will write. */
export interface DemoProgress {
  readonly done: number;
  readonly total: number;
}

/** How to write demo plans. */
export interface WriteDemoOptions {
  /** The password hash every demo sign-in gets. */
  readonly passwordHash: string;
  /** Called after each batch of rows. */
  readonly onProgress?: ((progress: DemoProgress) => void) | undefined;
  /** Patients per INSERT statement (default 5,000). */
  readonly batchSize?: number | undefined;
}

/** One demo organisation as written: its ids, for tests, the CLI and the start banner. */
export interface WrittenDemo {
  readonly orgId: string;
  readonly name: string;
  readonly form: OrganisationForm;
  /** Every practice's id, in the plan's order (members first, then prospects). */
  readonly practiceIds: readonly string[];
  /** User ids by the plan's user keys (`admin`, `clinician`, `navigator`). */
  readonly userIds: Readonly<Record<string, string>>;
  /** The sign-in emails, in the plan's order. */
  readonly signIns: readonly string[];
  readonly totals: DemoTotals;
  /** Rows written for this organisation, in every table. */
  readonly rows: number;
  /** The coded records and frailty scores loaded after (main demo only), else null. */
  readonly population?: PopulationDemo | null;
}

const DEFAULT_BATCH = 5_000;

/** How many rows a plan writes across all tables: the progress total. */
export function demoRowCount(plan: DemoPlan): number {
  const practices = plan.practices;
  const sum = (f: (p: DemoPlan['practices'][number]) => number) =>
    practices.reduce((total, p) => total + f(p), 0);
  return (
    2 + // organisation and its form change
    practices.length * 2 + // practice and membership
    sum((p) => p.listSizes.length + p.sites.length) +
    sum((p) => p.membership.history.length + p.membership.dueDiligence.length) +
    plan.organisationSites.length +
    plan.staff.length +
    plan.costCentres.length +
    plan.costCentreAssignments.length +
    plan.costCentreMerges.length +
    plan.users.reduce((total, u) => total + 1 + u.grants.length, 0) +
    workforceRowCount(plan) +
    accessRowCount(plan) +
    financeRowCount(plan) +
    electionRowCount(plan) +
    policyRowCount(plan) +
    significantEventRowCount(plan) +
    standardsRowCount(plan) +
    cqcRowCount(plan) +
    mcpBudgetRowCount(plan) +
    plan.totals.patients
  );
}

/** Rows of the workforce beyond the staff register: grade history to crisis deployments. */
function workforceRowCount(plan: DemoPlan): number {
  const w = plan.workforce;
  return (
    w.gradeChanges.length +
    w.staffSites.length +
    w.sessions.length +
    w.assignments.length +
    w.absences.length +
    w.poolMembers.length +
    w.poolAvailability.length +
    w.crises.reduce((n, c) => n + 1 + c.deployedStaffIndexes.length, 0)
  );
}

/**
 * Writes demo organisations in ONE transaction, so a failure leaves nothing behind. Every table
 * is filled with `insert ... select from unnest(...)`, patients in batches, calling
 * `onProgress` after each statement. Refuses (conflict) when any demo sign-in already exists.
 */
export async function writeDemoPlans(
  db: Database,
  plans: readonly DemoPlan[],
  options: WriteDemoOptions,
): Promise<WrittenDemo[]> {
  const total = plans.reduce((sum, plan) => sum + demoRowCount(plan), 0);
  let done = 0;
  const advance = (rows: number) => {
    done += rows;
    options.onProgress?.({ done, total });
  };
  const written = await db.transaction(async (tx) => {
    const taken = await takenDemoSignIns(tx, plans);
    if (taken.length > 0) throw demoAlreadyThere(taken);
    options.onProgress?.({ done, total });
    const all: WrittenDemo[] = [];
    for (const plan of plans) {
      all.push(await writePlan(tx, plan, options, advance));
    }
    return all;
  });
  // The embedded database never gathers statistics by itself (no autovacuum): without them the
  // planner guesses, and after a bulk load it guesses badly (an organisation-wide index scan
  // where a primary key lookup would do). A server's autovacuum would get there in time.
  await db.query('analyze');
  // Coded records go through the import path, which takes its own transactions: after the
  // rest of the demo is committed, and only for the main demo organisation.
  const withPopulation: WrittenDemo[] = [];
  for (const [i, demo] of written.entries()) {
    const plan = plans[i];
    const population =
      plan && hasPopulationDemo(plan)
        ? await writePopulationDemo(db, plan, {
            orgId: demo.orgId,
            practiceIds: demo.practiceIds,
            adminId: demo.userIds.admin ?? null,
          })
        : null;
    withPopulation.push({ ...demo, population });
  }
  return withPopulation;
}

/** The demo sign-ins of these plans that already exist in the database, sorted. */
export async function takenDemoSignIns(
  db: Queryable,
  plans: readonly DemoPlan[],
): Promise<string[]> {
  const emails = plans.flatMap((plan) => plan.users.map((u) => u.email));
  const { rows } = await db.query<{ email: string }>(
    'select email from app_user where email = any($1::text[]) order by email',
    [emails],
  );
  return rows.map((r) => r.email);
}

/** The error for demo sign-ins that already exist: the demo is already in that database. */
export function demoAlreadyThere(emails: readonly string[]): AtscaleError {
  return new AtscaleError(
    'conflict',
    `This database already has the demo sign-ins ${emails.join(', ')}: that demo is already ` +
      'here. Build it into a new, empty database (--data DIR, or another DATABASE_URL)',
  );
}

/** The id a query returned in its first row, or an error saying what was not made. */
function firstId(rows: readonly { id: string }[], what: string): string {
  const id = rows[0]?.id;
  if (!id) throw new Error(`${what} insert returned no id`);
  return id;
}

async function writePlan(
  tx: Queryable,
  plan: DemoPlan,
  options: WriteDemoOptions,
  advance: (rows: number) => void,
): Promise<WrittenDemo> {
  let rows = 0;
  const wrote = (n: number) => {
    rows += n;
    advance(n);
  };
  const org = await tx.query<{ id: string }>(
    'insert into organisation (name, form) values ($1, $2) returning id',
    [plan.organisation.name, plan.organisation.form],
  );
  const orgId = firstId(org.rows, 'organisation');
  await tx.query(
    `insert into organisation_form_change (org_id, form, effective_from, reason)
     values ($1, $2, $3, $4)`,
    [
      orgId,
      plan.organisation.form,
      plan.organisation.startedOn,
      plan.organisation.formChangeReason,
    ],
  );
  wrote(2);

  const practices = plan.practices;
  const inserted = await tx.query<{ id: string; ods_code: string }>(
    `insert into practice (org_id, ods_code, name, contract_type, contract_holding, address_line_1,
                           address_line_2, address_line_3, postcode, phone, opened_on, region,
                           status)
     select $1, p.ods_code, p.name, p.contract_type, p.contract_holding, p.line_1, p.line_2,
            p.line_3, p.postcode, p.phone, p.opened_on, p.region, 'active'
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::text[], $11::date[], $12::text[])
            as p(ods_code, name, contract_type, contract_holding, line_1, line_2, line_3,
                 postcode, phone, opened_on, region)
     returning id, ods_code`,
    [
      orgId,
      practices.map((p) => p.odsCode),
      practices.map((p) => p.name),
      practices.map((p) => p.contractType),
      practices.map((p) => p.contractHolding),
      practices.map((p) => p.addressLines[0] ?? null),
      practices.map((p) => p.addressLines[1] ?? null),
      practices.map((p) => p.addressLines[2] ?? null),
      practices.map((p) => p.postcode),
      practices.map((p) => p.phone),
      practices.map((p) => p.openedOn),
      practices.map((p) => p.region),
    ],
  );
  const idByOds = new Map(inserted.rows.map((r) => [r.ods_code, r.id]));
  const practiceIds = practices.map((p) => {
    const id = idByOds.get(p.odsCode);
    if (!id) throw new Error(`practice ${p.odsCode} was not inserted`);
    return id;
  });
  const idOf = (index: number | null): string | null =>
    index === null ? null : (practiceIds[index] ?? null);
  wrote(practices.length);

  const sizes = practices.flatMap((p) =>
    p.listSizes.map((s) => ({ id: practiceIds[p.index], ...s })),
  );
  await tx.query(
    `insert into practice_list_size (org_id, practice_id, date, list_size)
     select $1, s.practice_id, s.date, s.list_size
       from unnest($2::uuid[], $3::date[], $4::int[]) as s(practice_id, date, list_size)`,
    [orgId, sizes.map((s) => s.id), sizes.map((s) => s.date), sizes.map((s) => s.listSize)],
  );
  wrote(sizes.length);

  // Ids are made here, so that the rota can name the sites and staff it was planned with.
  const sites = [
    ...practices.flatMap((p) =>
      p.sites.map((s, i) => ({
        id: randomUUID(),
        key: `${p.index}:${i}`,
        practiceId: idOf(p.index),
        ...s,
      })),
    ),
    ...plan.organisationSites.map((s, i) => ({
      id: randomUUID(),
      key: `org:${i}`,
      practiceId: null,
      ...s,
    })),
  ];
  const siteIds = new Map(sites.map((s) => [s.key, s.id]));
  const siteIdOf = (ref: DemoSiteRef): string => {
    const id = siteIds.get(
      ref.practiceIndex === null ? `org:${ref.siteIndex}` : `${ref.practiceIndex}:${ref.siteIndex}`,
    );
    if (!id) throw new Error(`the plan has no site ${JSON.stringify(ref)}`);
    return id;
  };
  await tx.query(
    `insert into site (id, org_id, practice_id, name, address_line_1, address_line_2,
                       address_line_3, postcode, latitude, longitude, services, is_main)
     select s.id, $1, s.practice_id, s.name, s.line_1, s.line_2, s.line_3, s.postcode,
            s.latitude, s.longitude, string_to_array(s.services, ','), s.is_main
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::numeric[], $9::numeric[], $10::text[], $11::boolean[], $12::uuid[])
            as s(practice_id, name, line_1, line_2, line_3, postcode, latitude, longitude,
                 services, is_main, id)`,
    [
      orgId,
      sites.map((s) => s.practiceId),
      sites.map((s) => s.name),
      sites.map((s) => s.addressLines[0] ?? null),
      sites.map((s) => s.addressLines[1] ?? null),
      sites.map((s) => s.addressLines[2] ?? null),
      sites.map((s) => s.postcode),
      sites.map((s) => s.latitude),
      sites.map((s) => s.longitude),
      // Service names are kebab-case words, so a comma can join them.
      sites.map((s) => s.services.join(',')),
      sites.map((s) => s.isMain),
      sites.map((s) => s.id),
    ],
  );
  wrote(sites.length);

  await writeMembership(tx, orgId, plan, practiceIds);
  wrote(
    practices.reduce(
      (n, p) => n + 1 + p.membership.history.length + p.membership.dueDiligence.length,
      0,
    ),
  );

  await writeCostCentres(tx, orgId, plan, practiceIds);
  wrote(plan.costCentres.length + plan.costCentreAssignments.length + plan.costCentreMerges.length);

  const staff = plan.staff;
  const staffIds = staff.map(() => randomUUID());
  await tx.query(
    `insert into staff_member (id, org_id, full_name, staff_role, grade, employing_body,
                               home_practice_id, contracted_sessions, date_of_birth, started_on,
                               registration_number, skills, resilience_team)
     select s.id, $1, s.full_name, s.staff_role, s.grade, s.employing_body, s.home_practice_id,
            s.sessions, s.date_of_birth, s.started_on, s.registration_number,
            string_to_array(s.skills, ','), s.resilience_team
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::numeric[],
                   $8::date[], $9::date[], $10::uuid[], $11::text[], $12::text[], $13::boolean[])
            as s(full_name, staff_role, grade, employing_body, home_practice_id, sessions,
                 date_of_birth, started_on, id, registration_number, skills, resilience_team)`,
    [
      orgId,
      staff.map((s) => s.fullName),
      staff.map((s) => s.staffRole),
      staff.map((s) => s.grade),
      staff.map((s) => s.employingBody),
      staff.map((s) => idOf(s.homePracticeIndex)),
      staff.map((s) => s.contractedSessions),
      staff.map((s) => s.dateOfBirth),
      staff.map((s) => s.startedOn),
      staffIds,
      staff.map((s) => s.registrationNumber),
      // Skill names are kebab-case words, so a comma can join them.
      staff.map((s) => s.skills.join(',')),
      staff.map((s) => s.resilienceTeam),
    ],
  );
  wrote(staff.length);

  const places = await writeAccessPlaces(tx, orgId, plan, { siteIdOf, practiceIds }, wrote);
  const sessionIds = await writeWorkforce(
    tx,
    orgId,
    plan,
    { siteIdOf, staffIds, practiceIds, offerOf: sessionOffersOf(plan, places) },
    wrote,
  );

  const userIds: Record<string, string> = {};
  for (const user of plan.users) {
    const created = await tx.query<{ id: string }>(
      `insert into app_user (org_id, email, display_name, password_hash)
       values ($1, $2, $3, $4) returning id`,
      [orgId, user.email, user.displayName, options.passwordHash],
    );
    const userId = firstId(created.rows, 'user');
    await insertGrants(
      tx,
      orgId,
      userId,
      user.grants.map((g) => ({ role: g.role, practiceId: idOf(g.practiceIndex) })),
    );
    userIds[user.key] = userId;
    wrote(1 + user.grants.length);
  }

  const patientIdPrefix = await writePatients(
    tx,
    orgId,
    plan,
    practiceIds,
    options.batchSize ?? DEFAULT_BATCH,
    wrote,
  );
  await writeAccessActivity(
    tx,
    orgId,
    plan,
    { ...places, siteIdOf, practiceIds, staffIds, sessionIds, userIds, patientIdPrefix },
    wrote,
  );
  await writeFinanceDemo(tx, orgId, plan, { practiceIds, userIds }, wrote);
  await writeElectionDemo(
    tx,
    orgId,
    plan,
    { staffIds, practiceIds, passwordHash: options.passwordHash },
    wrote,
  );
  await writePolicyDemo(tx, orgId, plan, { practiceIds, userIds }, wrote);
  await writeSignificantEventDemo(tx, orgId, plan, { practiceIds, userIds }, wrote);
  await writeStandardsDemo(tx, orgId, plan, { practiceIds, userIds }, wrote);
  await writeCqcDemo(tx, orgId, plan, { siteIdOf, staffIds, userIds }, wrote);
  await writeMcpBudgetDemo(tx, orgId, plan, { userIds }, wrote);

  return {
    orgId,
    name: plan.organisation.name,
    form: plan.form,
    practiceIds,
    userIds,
    signIns: plan.users.map((u) => u.email),
    totals: plan.totals,
    rows,
  };
}

async function writeMembership(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  practiceIds: readonly string[],
): Promise<void> {
  const practices = plan.practices;
  await tx.query(
    `insert into membership (org_id, practice_id, stage, stage_since, signing_document,
                             decided_by, decision_reason)
     select $1, m.practice_id, m.stage, m.stage_since, m.signing_document, m.decided_by,
            m.decision_reason
       from unnest($2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[])
            as m(practice_id, stage, stage_since, signing_document, decided_by, decision_reason)`,
    [
      orgId,
      practiceIds,
      practices.map((p) => p.membership.stage),
      practices.map((p) => p.membership.stageSince),
      practices.map((p) => p.membership.signingDocument),
      practices.map((p) => p.membership.decidedBy),
      practices.map((p) => p.membership.decisionReason),
    ],
  );
  const changes = practices.flatMap((p) =>
    p.membership.history.map((c) => ({ practiceId: practiceIds[p.index], ...c })),
  );
  // Ordered, so the history's ids rise with its dates as they would have been recorded.
  await tx.query(
    `insert into membership_stage_change (org_id, practice_id, from_stage, to_stage, changed_on,
                                          decided_by, decision_reason, signing_document, note)
     select $1, c.practice_id, c.from_stage, c.to_stage, c.changed_on, c.decided_by,
            c.decision_reason, c.signing_document, c.note
       from unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[],
                   $8::text[], $9::text[]) with ordinality
            as c(practice_id, from_stage, to_stage, changed_on, decided_by, decision_reason,
                 signing_document, note, n)
      order by c.changed_on, c.n`,
    [
      orgId,
      changes.map((c) => c.practiceId),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      changes.map((c) => c.on),
      changes.map((c) => c.decidedBy),
      changes.map((c) => c.decisionReason),
      changes.map((c) => c.signingDocument),
      changes.map((c) => c.note),
    ],
  );
  const items = practices.flatMap((p) =>
    p.membership.dueDiligence.map((d) => ({ practiceId: practiceIds[p.index], ...d })),
  );
  await tx.query(
    `insert into due_diligence_item (org_id, practice_id, item, rating, evidence, assessed_at)
     select $1, d.practice_id, d.item, d.rating, d.evidence, d.assessed_on + time '12:00'
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[])
            as d(practice_id, item, rating, evidence, assessed_on)`,
    [
      orgId,
      items.map((d) => d.practiceId),
      items.map((d) => d.item),
      items.map((d) => d.rating),
      items.map((d) => d.evidence),
      items.map((d) => d.assessedOn),
    ],
  );
}

async function writeCostCentres(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  practiceIds: readonly string[],
): Promise<void> {
  if (plan.costCentres.length === 0) return;
  const centres = await tx.query<{ id: string; code: string }>(
    `insert into cost_centre (org_id, code, name)
     select $1, c.code, c.name from unnest($2::text[], $3::text[]) as c(code, name)
     returning id, code`,
    [orgId, plan.costCentres.map((c) => c.code), plan.costCentres.map((c) => c.name)],
  );
  const idByCode = new Map(centres.rows.map((r) => [r.code, r.id]));
  const centreId = (code: string): string => {
    const id = idByCode.get(code);
    if (!id) throw new Error(`cost centre ${code} was not inserted`);
    return id;
  };
  const assignments = plan.costCentreAssignments;
  await tx.query(
    `insert into cost_centre_assignment (org_id, practice_id, cost_centre_id, effective_from)
     select $1, a.practice_id, a.cost_centre_id, a.effective_from
       from unnest($2::uuid[], $3::uuid[], $4::date[]) as a(practice_id, cost_centre_id, effective_from)`,
    [
      orgId,
      assignments.map((a) => practiceIds[a.practiceIndex]),
      assignments.map((a) => centreId(a.costCentreCode)),
      assignments.map((a) => a.effectiveFrom),
    ],
  );
  for (const merge of plan.costCentreMerges) {
    await tx.query(
      `insert into cost_centre_merge (org_id, from_cost_centre_ids, into_cost_centre_id,
                                      effective_from, reason)
       values ($1, $2::uuid[], $3, $4, $5)`,
      [
        orgId,
        merge.fromCodes.map(centreId),
        centreId(merge.intoCode),
        merge.effectiveFrom,
        merge.reason,
      ],
    );
  }
}

/** Rows of one workforce table per statement, so that progress moves on a big plan. */
const WORKFORCE_BATCH = 5_000;

/** Writes `rows` in batches of {@link WORKFORCE_BATCH}, one statement each. */
async function inBatches<T>(
  rows: readonly T[],
  write: (batch: readonly T[], offset: number) => Promise<unknown>,
  wrote: (rows: number) => void,
): Promise<void> {
  for (let at = 0; at < rows.length; at += WORKFORCE_BATCH) {
    const batch = rows.slice(at, at + WORKFORCE_BATCH);
    await write(batch, at);
    wrote(batch.length);
  }
}

/**
 * The plan's workforce beyond the register: grade history, extra sites, the rota and who is on
 * it (the exclusion constraint checks nobody is in two places at once), leave and sickness,
 * the pools and their availability, crises and the resilience team deployed to them.
 */
async function writeWorkforce(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: {
    readonly siteIdOf: (ref: DemoSiteRef) => string;
    readonly staffIds: readonly string[];
    readonly practiceIds: readonly string[];
    /** What each session offers patients (its access columns), or null. */
    readonly offerOf: (sessionIndex: number) => SessionOfferColumns | null;
  },
  wrote: (rows: number) => void,
): Promise<string[]> {
  const w = plan.workforce;
  const staffId = (index: number): string => {
    const id = ids.staffIds[index];
    if (!id) throw new Error(`the plan has no member of staff ${String(index)}`);
    return id;
  };
  await inBatches(
    w.gradeChanges,
    (batch) =>
      tx.query(
        `insert into grade_change (org_id, staff_id, from_grade, to_grade, effective_from, reason)
         select $1, g.staff_id, g.from_grade, g.to_grade, g.effective_from, g.reason
           from unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[])
                as g(staff_id, from_grade, to_grade, effective_from, reason)`,
        [
          orgId,
          batch.map((g) => staffId(g.staffIndex)),
          batch.map((g) => g.from),
          batch.map((g) => g.to),
          batch.map((g) => g.on),
          batch.map((g) => g.reason),
        ],
      ),
    wrote,
  );
  await inBatches(
    w.staffSites,
    (batch) =>
      tx.query(
        `insert into staff_site (org_id, staff_id, site_id)
         select $1, s.staff_id, s.site_id from unnest($2::uuid[], $3::uuid[]) as s(staff_id, site_id)`,
        [orgId, batch.map((s) => staffId(s.staffIndex)), batch.map((s) => ids.siteIdOf(s.site))],
      ),
    wrote,
  );
  // Ordered ids (one random prefix, then a counter), as for patients: the indexes on the
  // sessions and on who is rostered on them are appended to rather than split at random.
  const prefix = randomUUID().replaceAll('-', '').slice(0, 20);
  const sessionIds = w.sessions.map((_, n) => {
    const hex = `${prefix}${n.toString(16).padStart(12, '0')}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
  await inBatches(
    w.sessions,
    (batch, offset) =>
      tx.query(
        `insert into rota_session (id, org_id, site_id, starts_at, ends_at, period, required_role,
                                   required_skills, staff_needed, urgency, unpopular, service,
                                   channel, slot_minutes, visibility, room_id, hub_id)
         select s.id, $1, s.site_id, s.starts_at, s.ends_at, s.period, s.required_role,
                string_to_array(s.required_skills, ','), s.staff_needed, s.urgency, s.unpopular,
                s.service, s.channel, s.slot_minutes, s.visibility, s.room_id, s.hub_id
           from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                       $7::text[], $8::text[], $9::int[], $10::int[], $11::boolean[],
                       $12::text[], $13::text[], $14::int[], $15::text[], $16::uuid[], $17::uuid[])
                as s(id, site_id, starts_at, ends_at, period, required_role, required_skills,
                     staff_needed, urgency, unpopular, service, channel, slot_minutes, visibility,
                     room_id, hub_id)`,
        [
          orgId,
          sessionIds.slice(offset, offset + batch.length),
          batch.map((s) => ids.siteIdOf(s.site)),
          batch.map((s) => s.startsAt),
          batch.map((s) => s.endsAt),
          batch.map((s) => s.period),
          batch.map((s) => s.requiredRole),
          batch.map((s) => s.requiredSkills.join(',')),
          batch.map((s) => s.staffNeeded),
          batch.map((s) => s.urgency),
          batch.map((s) => s.unpopular),
          ...offerColumns(batch.length, offset, ids.offerOf),
        ],
      ),
    wrote,
  );
  await inBatches(
    // In session order, for the same reason.
    [...w.assignments].sort((a, b) => a.sessionIndex - b.sessionIndex),
    (batch) =>
      tx.query(
        `insert into session_assignment (org_id, session_id, staff_id, source)
         select $1, a.session_id, a.staff_id, a.source
           from unnest($2::uuid[], $3::uuid[], $4::text[]) as a(session_id, staff_id, source)`,
        [
          orgId,
          batch.map((a) => sessionIds[a.sessionIndex]),
          batch.map((a) => staffId(a.staffIndex)),
          batch.map((a) => a.source),
        ],
      ),
    wrote,
  );
  await inBatches(
    w.absences,
    (batch) =>
      tx.query(
        `insert into absence (org_id, staff_id, kind, starts_on, ends_on)
         select $1, a.staff_id, a.kind, a.starts_on, a.ends_on
           from unnest($2::uuid[], $3::text[], $4::date[], $5::date[])
                as a(staff_id, kind, starts_on, ends_on)`,
        [
          orgId,
          batch.map((a) => staffId(a.staffIndex)),
          batch.map((a) => a.kind),
          batch.map((a) => a.startsOn),
          batch.map((a) => a.endsOn),
        ],
      ),
    wrote,
  );
  await inBatches(
    w.poolMembers,
    (batch) =>
      tx.query(
        `insert into pool_member (org_id, staff_id, pool, max_sessions_per_week,
                                  pence_per_session, joined_on)
         select $1, m.staff_id, m.pool, m.max_sessions, m.pence, m.joined_on
           from unnest($2::uuid[], $3::text[], $4::int[], $5::int[], $6::date[])
                as m(staff_id, pool, max_sessions, pence, joined_on)`,
        [
          orgId,
          batch.map((m) => staffId(m.staffIndex)),
          batch.map((m) => m.pool),
          batch.map((m) => m.maxSessionsPerWeek),
          batch.map((m) => m.pencePerSession),
          batch.map((m) => m.joinedOn),
        ],
      ),
    wrote,
  );
  await inBatches(
    w.poolAvailability,
    (batch) =>
      tx.query(
        `insert into pool_availability (org_id, staff_id, available_on, period)
         select $1, a.staff_id, a.available_on, a.period
           from unnest($2::uuid[], $3::date[], $4::text[]) as a(staff_id, available_on, period)`,
        [
          orgId,
          batch.map((a) => staffId(a.staffIndex)),
          batch.map((a) => a.date),
          batch.map((a) => a.period),
        ],
      ),
    wrote,
  );
  for (const crisis of w.crises) {
    const made = await tx.query<{ id: string }>(
      `insert into crisis (org_id, practice_id, reason, starts_on, ends_on)
       values ($1, $2, $3, $4, $5) returning id`,
      [orgId, ids.practiceIds[crisis.practiceIndex], crisis.reason, crisis.startsOn, crisis.endsOn],
    );
    await tx.query(
      `insert into crisis_deployment (org_id, crisis_id, staff_id)
       select $1, $2, unnest($3::uuid[])`,
      [orgId, firstId(made.rows, 'crisis'), crisis.deployedStaffIndexes.map(staffId)],
    );
    wrote(1 + crisis.deployedStaffIndexes.length);
  }
  return sessionIds;
}

/** The access columns of a batch of sessions, one array per column, in insert order. */
function offerColumns(
  count: number,
  offset: number,
  offerOf: (sessionIndex: number) => SessionOfferColumns | null,
): [
  (string | null)[],
  (string | null)[],
  (number | null)[],
  (string | null)[],
  (string | null)[],
  (string | null)[],
] {
  const offers = Array.from({ length: count }, (_, n) => offerOf(offset + n));
  return [
    offers.map((o) => o?.service ?? null),
    offers.map((o) => o?.channel ?? null),
    offers.map((o) => o?.slotMinutes ?? null),
    offers.map((o) => o?.visibility ?? null),
    offers.map((o) => o?.roomId ?? null),
    offers.map((o) => o?.hubId ?? null),
  ];
}

// Patient ids: the first 20 hex digits of one random UUID per build ($14, version and variant
// digits included), then a 12-digit counter ($15 + the row's position). They are ordered, so
// the primary key's index is appended to instead of split at random places (inserting 100,000
// patients on PGlite took a fifth less time), and still unique: 74 random bits per build.
const PATIENT_SQL = `
  insert into patient (id, org_id, practice_id, nhs_number, given_name, family_name,
                       date_of_birth, sex, postcode, registered_on, contact_phone, contact_email,
                       contact_preference)
  select overlay($14::text placing lpad(to_hex($15::bigint + r.n), 12, '0') from 21)::uuid,
         $1, ($2::uuid[])[r.practice], r.nhs_number, r.given_name, r.family_name, r.date_of_birth,
         r.sex, r.postcode, r.registered_on, r.contact_phone, r.contact_email, r.contact_preference
    from unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[],
                $10::date[], $11::text[], $12::text[], $13::text[]) with ordinality
         as r(practice, nhs_number, given_name, family_name, date_of_birth, sex, postcode,
              registered_on, contact_phone, contact_email, contact_preference, n)`;

/**
 * Streams the plan's patients into the database a batch at a time: the columns of one batch
 * are the only patients held in memory. Returns the ids' random prefix (their first 20 hex
 * digits): the patient at position n of the plan's order has the counter n + 1 after it.
 */
async function writePatients(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  practiceIds: readonly string[],
  batchSize: number,
  wrote: (rows: number) => void,
): Promise<string> {
  const columns = () => ({
    practice: [] as number[],
    nhsNumber: [] as string[],
    givenName: [] as string[],
    familyName: [] as string[],
    dateOfBirth: [] as string[],
    sex: [] as string[],
    postcode: [] as string[],
    registeredOn: [] as string[],
    contactPhone: [] as (string | null)[],
    contactEmail: [] as (string | null)[],
    contactPreference: [] as (string | null)[],
  });
  const idPrefix = `${randomUUID().replaceAll('-', '').slice(0, 20)}${'0'.repeat(12)}`;
  let written = 0;
  let batch = columns();
  const flush = async () => {
    const n = batch.nhsNumber.length;
    if (n === 0) return;
    const b = batch;
    batch = columns();
    await tx.query(PATIENT_SQL, [
      orgId,
      practiceIds,
      b.practice,
      b.nhsNumber,
      b.givenName,
      b.familyName,
      b.dateOfBirth,
      b.sex,
      b.postcode,
      b.registeredOn,
      b.contactPhone,
      b.contactEmail,
      b.contactPreference,
      idPrefix,
      written,
    ]);
    written += n;
    wrote(n);
  };
  for (const patient of plan.patients()) {
    // SQL arrays count from 1.
    batch.practice.push(patient.practiceIndex + 1);
    batch.nhsNumber.push(patient.nhsNumber);
    batch.givenName.push(patient.givenName);
    batch.familyName.push(patient.familyName);
    batch.dateOfBirth.push(patient.dateOfBirth);
    batch.sex.push(patient.sex);
    batch.postcode.push(patient.postcode);
    batch.registeredOn.push(patient.registeredOn);
    batch.contactPhone.push(patient.contactPhone);
    batch.contactEmail.push(patient.contactEmail);
    batch.contactPreference.push(patient.contactPreference);
    if (batch.nhsNumber.length >= batchSize) await flush();
  }
  await flush();
  return idPrefix.slice(0, 20);
}
