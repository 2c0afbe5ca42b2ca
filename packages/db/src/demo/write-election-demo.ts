import { createHash, randomUUID } from 'node:crypto';
import { countStv, type DemoPlan } from '@atscale/domain';
import type { Queryable } from '../database.js';
import { receiptHash } from '../repositories/elections.js';

/**
 * Board elections for a demo organisation (GOV-4): its partners of member practices get
 * sign-ins (role 'partner' at their practice, linked to their staff record), and there is a
 * finished election, counted and published, and an open one with some ballots cast. Small and
 * deterministic: the ballots below are fixed, so every build counts the same way.
 */

/** The partners of member practices in the plan, by staff index, in register order. */
function demoPartners(plan: DemoPlan): number[] {
  const members = new Set(
    plan.practices.filter((p) => p.membership.stage === 'member').map((p) => p.index),
  );
  return plan.staff.flatMap((s, i) =>
    s.grade !== null &&
    s.grade.endsWith('partner') &&
    s.homePracticeIndex !== null &&
    members.has(s.homePracticeIndex)
      ? [i]
      : [],
  );
}

// The finished election's ballots, by candidate position (0-4), one per partner who voted.
// Quota with 7 ballots and 3 seats: floor(7 / 4) + 1 = 2. The count has a first surplus, an
// exclusion, a second surplus carrying papers of two values, and the last seat by rule 52.
const FINISHED_BALLOTS = [
  [0, 1, 2],
  [0, 2],
  [0, 3, 1],
  [1, 0],
  [2, 4],
  [3, 2],
  [4, 3],
];
// Ballots already cast in the open election, by candidate position (0-3 standing).
const OPEN_BALLOTS = [
  [1, 0, 2],
  [2, 3],
  [0, 1],
];
const CANDIDATES = 5;
const SEATS = 3;

const STATEMENTS = [
  'I have led our practice through two CQC inspections rated Good. I want the board to share what works across every member practice.',
  'Access is where patients feel us. I will push for the hub to take more same-day demand so our GPs can see the patients who need continuity.',
  'Ten years as a partner and five as our finance lead. I will keep the levy fair and the central savings visible to every practice.',
  'Our workforce is our risk. I want a resilience plan for every practice before the next winter, not after it.',
  'I would bring the view of a smaller practice to the board and make sure the partnership agreement works for us as well as the big sites.',
];

/** Rows the election demo writes for a plan: the progress total's share. */
export function electionRowCount(plan: DemoPlan): number {
  const partners = demoPartners(plan).length;
  if (partners < FINISHED_BALLOTS.length + 1) return partners * 2;
  return (
    partners * 2 + // sign-ins and their partner roles
    2 + // the two elections
    CANDIDATES * 2 + // candidates in each
    partners * 2 + // the register of voters of each
    FINISHED_BALLOTS.length +
    OPEN_BALLOTS.length
  );
}

/** A partner's sign-in: partner@atscale.test for the main demo's first partner. */
function partnerEmail(plan: DemoPlan, position: number): string {
  const main = plan.users.some((u) => u.email === 'demo@atscale.test');
  if (main && position === 0) return 'partner@atscale.test';
  const slug = plan.organisation.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `partner-${String(position + 1)}.${slug}@atscale.test`;
}

// Receipt codes nobody was shown: the demo's ballots only need distinct, stable hashes.
const demoReceipt = (orgId: string, election: string, n: number) =>
  receiptHash(
    createHash('sha256')
      .update(`${orgId}:${election}:${String(n)}`)
      .digest('hex'),
  );

/** Writes the partners' sign-ins and the two elections. */
export async function writeElectionDemo(
  tx: Queryable,
  orgId: string,
  plan: DemoPlan,
  ids: { staffIds: readonly string[]; practiceIds: readonly string[]; passwordHash: string },
  wrote: (rows: number) => void,
): Promise<void> {
  const partners = demoPartners(plan);
  const userIds = partners.map(() => randomUUID());
  const people = partners.map((staffIndex, position) => {
    const staff = plan.staff[staffIndex];
    return {
      userId: userIds[position] ?? '',
      staffId: ids.staffIds[staffIndex] ?? '',
      name: staff?.fullName ?? 'Partner',
      email: partnerEmail(plan, position),
      practiceId: ids.practiceIds[staff?.homePracticeIndex ?? -1] ?? null,
    };
  });
  await tx.query(
    `insert into app_user (id, org_id, email, display_name, password_hash)
     select u.id, $1, u.email, u.name, $2
       from unnest($3::uuid[], $4::text[], $5::text[]) as u(id, email, name)`,
    [
      orgId,
      ids.passwordHash,
      people.map((p) => p.userId),
      people.map((p) => p.email),
      people.map((p) => p.name),
    ],
  );
  await tx.query(
    `insert into role_grant (org_id, user_id, role, practice_id)
     select $1, g.user_id, 'partner', g.practice_id
       from unnest($2::uuid[], $3::uuid[]) as g(user_id, practice_id)`,
    [orgId, people.map((p) => p.userId), people.map((p) => p.practiceId)],
  );
  await tx.query(
    `update staff_member s set user_id = l.user_id
       from unnest($2::uuid[], $3::uuid[]) as l(staff_id, user_id)
      where s.org_id = $1 and s.id = l.staff_id`,
    [orgId, people.map((p) => p.staffId), people.map((p) => p.userId)],
  );
  wrote(people.length * 2);
  if (people.length < FINISHED_BALLOTS.length + 1) return;

  const finished = randomUUID();
  const open = randomUUID();
  const finishedCandidates = people.slice(0, CANDIDATES).map(() => randomUUID());
  // The open election's candidates are the register's last five; the last withdrew.
  const openPeople = people.slice(-CANDIDATES);
  const openCandidates = openPeople.map(() => randomUUID());
  const seed = createHash('sha256').update(`${orgId}:demo-election`).digest('hex').slice(0, 32);
  const finishedBallots = FINISHED_BALLOTS.map((b) => b.map((i) => finishedCandidates[i] ?? ''));
  const sheet = countStv({
    seats: SEATS,
    candidates: finishedCandidates,
    ballots: finishedBallots,
    seed,
  });
  await tx.query(
    `insert into election (id, org_id, title, seats, status, created_at, voting_opened_at,
                           voting_closed_at, counted_at, published_at, count_seed, count_sheet)
     values ($1, $2, 'Board election 2025', $3, 'published', now() - interval '400 days',
             now() - interval '370 days', now() - interval '356 days',
             now() - interval '356 days', now() - interval '355 days', $4, $5::jsonb),
            ($6, $2, 'Board election 2026', $3, 'voting', now() - interval '30 days',
             now() - interval '3 days', null, null, null, $4, null)`,
    [finished, orgId, SEATS, seed, JSON.stringify(sheet), open],
  );
  const candidates = [
    ...people.slice(0, CANDIDATES).map((p, i) => ({
      id: finishedCandidates[i] ?? '',
      election: finished,
      userId: p.userId,
      statement: STATEMENTS[i] ?? 'I am standing.',
      withdrawn: false,
    })),
    ...openPeople.map((p, i) => ({
      id: openCandidates[i] ?? '',
      election: open,
      userId: p.userId,
      statement: STATEMENTS[(i + 2) % STATEMENTS.length] ?? 'I am standing.',
      withdrawn: i === CANDIDATES - 1,
    })),
  ];
  await tx.query(
    `insert into election_candidate (id, org_id, election_id, user_id, statement, nominated_by,
                                     withdrawn_at)
     select c.id, $1, c.election_id, c.user_id, c.statement, c.user_id,
            case when c.withdrawn then now() - interval '5 days' end
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::boolean[])
            as c(id, election_id, user_id, statement, withdrawn)`,
    [
      orgId,
      candidates.map((c) => c.id),
      candidates.map((c) => c.election),
      candidates.map((c) => c.userId),
      candidates.map((c) => c.statement),
      candidates.map((c) => c.withdrawn),
    ],
  );
  // Who voted: in the finished election all but the first partner; in the open one, the
  // register's last few (so partner@atscale.test has still to vote).
  const voters = [
    ...people.map((p, i) => ({ election: finished, userId: p.userId, voted: i > 0 })),
    ...people.map((p, i) => ({
      election: open,
      userId: p.userId,
      voted: i >= people.length - OPEN_BALLOTS.length,
    })),
  ];
  await tx.query(
    `insert into election_voter (org_id, election_id, user_id, has_voted)
     select $1, v.election_id, v.user_id, v.voted
       from unnest($2::uuid[], $3::uuid[], $4::boolean[]) as v(election_id, user_id, voted)`,
    [orgId, voters.map((v) => v.election), voters.map((v) => v.userId), voters.map((v) => v.voted)],
  );
  const ballots = [
    ...finishedBallots.map((preferences, n) => ({
      election: finished,
      preferences,
      hash: demoReceipt(orgId, finished, n),
    })),
    ...OPEN_BALLOTS.map((b, n) => ({
      election: open,
      preferences: b.map((i) => openCandidates[i] ?? ''),
      hash: demoReceipt(orgId, open, n),
    })),
  ];
  // Preferences go in as text joined by commas (uuids have none) since unnest flattens arrays.
  await tx.query(
    `insert into election_ballot (org_id, election_id, preferences, receipt_hash)
     select $1, b.election_id, string_to_array(b.preferences, ',')::uuid[], b.hash
       from unnest($2::uuid[], $3::text[], $4::text[]) as b(election_id, preferences, hash)`,
    [
      orgId,
      ballots.map((b) => b.election),
      ballots.map((b) => b.preferences.join(',')),
      ballots.map((b) => b.hash),
    ],
  );
  wrote(2 + candidates.length + voters.length + ballots.length);
}
