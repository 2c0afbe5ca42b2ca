import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { electionRepository, receiptHash } from './elections.js';
import { createTestOrganisation, type TestOrganisation } from './organisation-test-fixtures.js';

let t: TestDatabase;
let org: TestOrganisation;
let admin: Principal;
let partners: Principal[];
let staffPartner: Principal;
let partnerOfProspect: Principal;
let navigator: Principal;
let outsider: Principal;

const scope = (principal: Principal) => electionRepository(t.db, { principal, requestId: null });

/** Gives a principal their partner role in the database, where eligibility is read. */
async function grantPartner(principal: Principal, practiceId: string) {
  await t.db.query(
    `insert into role_grant (org_id, user_id, role, practice_id) values ($1, $2, 'partner', $3)`,
    [principal.orgId, principal.userId, practiceId],
  );
}

async function refusedWith(work: Promise<unknown>, code: string) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtscaleError);
  expect((error as AtscaleError).code).toBe(code);
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createTestOrganisation(t.db, {
    form: 'autonomy-super-partnership',
    createdOn: '2016-01-01',
    practices: 3,
  });
  const [first = '', second = '', prospect = ''] = org.practiceIds;
  await t.db.query(
    `insert into membership (org_id, practice_id, stage, stage_since)
     values ($1, $2, 'member', '2016-01-01'), ($1, $3, 'member', '2016-01-01'),
            ($1, $4, 'due-diligence', '2024-01-01')`,
    [org.orgId, first, second, prospect],
  );
  admin = await org.principal([{ role: 'governance', practiceId: null }]);
  partners = [];
  for (let i = 0; i < 6; i++) {
    const practiceId = i % 2 === 0 ? first : second;
    const p = await org.principal([{ role: 'partner', practiceId }]);
    await grantPartner(p, practiceId);
    partners.push(p);
  }
  // A partner who signs in as a clinician: a partner by their grade on the staff register.
  staffPartner = await org.principal([{ role: 'clinician', practiceId: first }]);
  await t.db.query(
    `insert into staff_member (org_id, full_name, staff_role, grade, employing_body,
                               home_practice_id, user_id)
     values ($1, 'Dr Staff Partner', 'gp', 'equity-partner', 'practice', $2, $3)`,
    [org.orgId, first, staffPartner.userId],
  );
  partnerOfProspect = await org.principal([{ role: 'partner', practiceId: prospect }]);
  await grantPartner(partnerOfProspect, prospect);
  navigator = await org.principal([{ role: 'care-navigator', practiceId: first }]);
  const other = await createTestOrganisation(t.db, {
    form: 'hub-network',
    createdOn: '2016-01-01',
    practices: 1,
  });
  outsider = await other.principal([{ role: 'org-admin', practiceId: null }]);
});
afterAll(() => t.dispose());

describe('board elections (GOV-4)', () => {
  it('takes the partners of member practices as eligible, by role or staff grade', async () => {
    const eligible = (await scope(admin).eligiblePartners()).map((p) => p.userId).sort();
    expect(eligible).toEqual([...partners, staffPartner].map((p) => p.userId).sort());
    expect(eligible).not.toContain(partnerOfProspect.userId);
  });

  it('runs an election from nominations to published results', async () => {
    const created = await scope(admin).create({ title: 'Board 2026' });
    expect(created).toMatchObject({ seats: 7, status: 'nominations', eligible: null });
    const small = await scope(admin).create({ title: 'Board 2027', seats: 2 });
    const id = small.id;
    const [a, b, c, d, e, f] = partners as [Principal, ...Principal[]];
    const ca = await scope(a).nominate(id, { statement: 'I will chair well.' });
    expect(ca.nominatedBySelf).toBe(true);
    const cb = await scope(a).nominate(id, { userId: b?.userId, statement: 'Nominated by A.' });
    expect(cb.nominatedBySelf).toBe(false);
    const cc = await scope(c ?? a).nominate(id, { statement: 'Finance.' });
    const cs = await scope(staffPartner).nominate(id, { statement: 'Staff partner.' });
    // Not a partner of a member practice: refused.
    await refusedWith(scope(navigator).nominate(id, { statement: 'Me' }), 'forbidden');
    await refusedWith(
      scope(admin).nominate(id, { userId: partnerOfProspect.userId, statement: 'x' }),
      'validation-failed',
    );
    await refusedWith(scope(a).nominate(id, { statement: 'Again' }), 'conflict');
    // Withdrawal before voting: the staff partner withdraws; another partner cannot for them.
    await refusedWith(scope(a).withdraw(id, cs.id), 'forbidden');
    expect((await scope(staffPartner).withdraw(id, cs.id)).withdrawn).toBe(true);

    await refusedWith(scope(a).openVoting(id), 'forbidden');
    const open = await scope(admin).openVoting(id);
    expect(open).toMatchObject({ status: 'voting', eligible: 7, candidates: 3 });
    await refusedWith(scope(a).nominate(id, { statement: 'late' }), 'conflict');
    await refusedWith(scope(a).cast(id, [cs.id]), 'validation-failed');
    await refusedWith(scope(a).cast(id, [ca.id, ca.id]), 'validation-failed');
    await refusedWith(scope(navigator).cast(id, [ca.id]), 'forbidden');

    // 7 voters, 6 vote: quota = floor(6 / 3) + 1 = 3.
    const receipts: string[] = [];
    const votes: [Principal | undefined, string[]][] = [
      [a, [ca.id, cb.id]],
      [b, [cb.id, ca.id]],
      [c, [ca.id, cc.id]],
      [d, [cc.id, ca.id]],
      [e, [ca.id]],
      [f, [cc.id, cb.id]],
    ];
    for (const [voter, prefs] of votes) {
      receipts.push((await scope(voter ?? a).cast(id, prefs)).receipt);
    }
    expect(receipts[0]).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await refusedWith(scope(a).cast(id, [ca.id]), 'conflict');
    expect((await scope(a).get(id)).me).toMatchObject({ eligible: true, hasVoted: true });

    // Turnout for managers: who has voted, never how.
    const register = await scope(admin).voters(id);
    expect(register.filter((v) => v.hasVoted)).toHaveLength(6);
    expect(register.find((v) => v.userId === staffPartner.userId)?.hasVoted).toBe(false);
    await refusedWith(scope(a).voters(id), 'forbidden');

    await refusedWith(scope(admin).count(id), 'conflict');
    const idsOf = async () =>
      (
        await t.db.query<{ id: string }>(`select id from election_ballot where election_id = $1`, [
          id,
        ])
      ).rows.map((r) => r.id);
    const castIds = await idsOf();
    await scope(admin).closeVoting(id);
    // Closing rewrites the ballot box: the same six ballots, none with the id it was cast with.
    const closedIds = await idsOf();
    expect(closedIds).toHaveLength(6);
    expect(closedIds.filter((x) => castIds.includes(x))).toEqual([]);
    await refusedWith(scope(b ?? a).cast(id, [ca.id]), 'conflict');
    const counted = await scope(admin).count(id);
    // A 3 first preferences (quota 3) elected at stage 1 with no surplus; C 2, B 1: B is
    // excluded and its paper (B, A) has no continuing preference; C takes the last seat.
    expect(counted.countSheet.quota).toBe(3);
    expect(counted.countSheet.elected).toEqual([ca.id, cc.id]);
    expect(counted).toMatchObject({ eligible: 7, ballots: 6 });
    // Members see results only once published.
    await refusedWith(scope(a).results(id), 'conflict');
    await scope(admin).publish(id);
    expect((await scope(a).results(id)).countSheet.stages.length).toBeGreaterThan(1);

    // Each voter can check their ballot is counted; a made-up receipt is not found.
    expect(await scope(a).verifyReceipt(id, receipts[0] ?? '')).toEqual({
      found: true,
      counted: true,
    });
    expect(
      await scope(a).verifyReceipt(id, (receipts[0] ?? '').toLowerCase().replace(/-/g, ' ')),
    ).toEqual({ found: true, counted: true });
    expect(await scope(a).verifyReceipt(id, 'AAAA-BBBB-CCCC-DDDD')).toEqual({
      found: false,
      counted: false,
    });
  });

  it('stores no link from a ballot to a voter, and nothing that orders ballots by time', async () => {
    const { rows: columns } = await t.db.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
        where table_name = 'election_ballot' order by column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'election_id',
      'id',
      'org_id',
      'preferences',
      'receipt_hash',
    ]);
    // No time of any kind, and the id is a random uuid, not a sequence.
    expect(columns.filter((c) => /time|date|serial|integer|bigint/.test(c.data_type))).toEqual([]);
    const { rows: defaults } = await t.db.query<{ column_default: string | null }>(
      `select column_default from information_schema.columns
        where table_name = 'election_ballot' and column_name = 'id'`,
    );
    expect(defaults[0]?.column_default).toBe('gen_random_uuid()');
    // No foreign key from the ballot box to users or to the register of voters.
    const { rows: keys } = await t.db.query<{ target: string }>(
      `select ccu.table_name as target
         from information_schema.table_constraints tc
         join information_schema.constraint_column_usage ccu
           on ccu.constraint_name = tc.constraint_name
        where tc.table_name = 'election_ballot' and tc.constraint_type = 'FOREIGN KEY'`,
    );
    expect(new Set(keys.map((k) => k.target))).toEqual(new Set(['election']));
    // The register records that a partner voted, not when.
    const { rows: voterColumns } = await t.db.query<{ column_name: string }>(
      `select column_name from information_schema.columns
        where table_name = 'election_voter' order by column_name`,
    );
    expect(voterColumns.map((c) => c.column_name)).toEqual([
      'election_id',
      'has_voted',
      'org_id',
      'user_id',
    ]);
    // What the stored ballots hold: receipt hashes, never the receipts or a user id.
    const { rows: ballots } = await t.db.query(`select * from election_ballot`);
    const userIds = new Set([...partners, staffPartner].map((p) => p.userId));
    for (const ballot of ballots) {
      expect(JSON.stringify(ballot)).not.toMatch(
        new RegExp([...userIds].join('|').replace(/-/g, '\\-')),
      );
    }
  });

  it('leaves nothing in the ballot box that follows the order or transaction of each vote', async () => {
    const election = await scope(admin).create({ title: 'Order', seats: 1 });
    const [a, b, c] = partners;
    if (!a || !b || !c) throw new Error('the fixture has six partners');
    const candidate = await scope(a).nominate(election.id, { statement: 'Me' });
    await scope(admin).openVoting(election.id);
    const voterTransactions: string[] = [];
    for (const voter of [a, b, c]) {
      await scope(voter).cast(election.id, [candidate.id]);
      const { rows } = await t.db.query<{ xmin: string }>(
        `select xmin::text as xmin from election_voter where election_id = $1 and user_id = $2`,
        [election.id, voter.userId],
      );
      voterTransactions.push(rows[0]?.xmin ?? '');
    }
    const { rows: box } = await t.db.query<{ xmin: string; receipt_hash: string }>(
      `select xmin::text as xmin, receipt_hash from election_ballot
        where election_id = $1 order by ctid`,
      [election.id],
    );
    expect(box).toHaveLength(3);
    // Every ballot was written by the last cast, so none carries its own voter's transaction.
    expect(new Set(box.map((r) => r.xmin))).toEqual(new Set([voterTransactions[2]]));
    expect(box.map((r) => r.xmin)).not.toContain(voterTransactions[0]);
    expect(box.map((r) => r.xmin)).not.toContain(voterTransactions[1]);
    // Stored in receipt-hash order, which says nothing about when each was cast.
    const hashes = box.map((r) => r.receipt_hash);
    expect(hashes).toEqual([...hashes].sort());
  });

  it('takes one ballot when the same partner casts twenty at once', async () => {
    const election = await scope(admin).create({ title: 'Race', seats: 1 });
    const a = partners[0] ?? admin;
    const candidate = await scope(a).nominate(election.id, { statement: 'Me' });
    await scope(admin).openVoting(election.id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => scope(a).cast(election.id, [candidate.id])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(19);
    refused.forEach((r) => {
      expect((r.reason as AtscaleError).code).toBe('conflict');
    });
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from election_ballot where election_id = $1`,
      [election.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('keeps only the hash of a receipt', () => {
    expect(receiptHash('abcd-efgh')).toBe(receiptHash('ABCD EFGH'));
    expect(receiptHash('ABCD-EFGH')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses another organisation', async () => {
    const [election] = await scope(admin).list();
    expect(election).toBeDefined();
    const id = election?.id ?? '';
    expect(await scope(outsider).list()).toEqual([]);
    await refusedWith(scope(outsider).get(id), 'not-found');
    await refusedWith(scope(outsider).results(id), 'not-found');
    await refusedWith(scope(outsider).voters(id), 'not-found');
    await refusedWith(scope(outsider).verifyReceipt(id, 'AAAA'), 'not-found');
  });
});
