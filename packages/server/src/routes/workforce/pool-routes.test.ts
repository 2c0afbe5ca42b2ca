import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscopedAccountRepository } from '@atscale/db';
import { hashPassword } from '../../auth/passwords.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let central: string;
let poolGp: string;
let clinician: string;
let otherCentral: string;
let staffId: string;
const session = { am: '', pm: '' };
// A winter Monday far from the demo's own rotas.
const WEEK = '2099-01-05';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

beforeAll(async () => {
  t = await createTestApp();
  const [first = ''] = t.demo.practiceIds;
  const accounts = unscopedAccountRepository(t.db);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const signInAs = async (
    orgId: string,
    email: string,
    role: 'central-workforce' | 'clinician',
  ): Promise<{ id: string; cookie: string }> => {
    const id = await accounts.createUser({
      orgId,
      email,
      displayName: 'Pool Test',
      passwordHash,
      grants: [{ role, practiceId: role === 'clinician' ? first : null }],
    });
    return { id, cookie: await t.signIn(email) };
  };
  central = (await signInAs(t.demo.orgId, 'pool-central@atscale.test', 'central-workforce')).cookie;
  otherCentral = (await signInAs(t.other.orgId, 'pool-central@other.test', 'central-workforce'))
    .cookie;
  const gp = await signInAs(t.demo.orgId, 'pool-gp@atscale.test', 'clinician');
  poolGp = gp.cookie;
  clinician = await t.signIn('clinician@atscale.test');
  const { rows } = await t.db.query<{ id: string }>(
    `insert into staff_member (org_id, full_name, staff_role, employing_body, user_id)
     values ($1, 'Dr Pool Tester', 'gp', 'organisation', $2) returning id`,
    [t.demo.orgId, gp.id],
  );
  staffId = rows[0]?.id ?? '';
  for (const [key, from, to] of [
    ['am', '08:30', '12:30'],
    ['pm', '13:30', '17:30'],
  ] as const) {
    const { rows: made } = await t.db.query<{ id: string }>(
      `insert into rota_session (org_id, site_id, starts_at, ends_at, period, required_role)
       select $1, id, $3, $4, $5, 'gp' from site where practice_id = $2
        order by is_main desc, id limit 1 returning id`,
      [t.demo.orgId, first, `${WEEK}T${from}:00Z`, `${WEEK}T${to}:00Z`, key],
    );
    session[key] = made[0]?.id ?? '';
  }
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('pool routes', () => {
  it('adds a member, proposes the week without writing, and applies it', async () => {
    const joined = await send('POST', '/api/pools/members', central, {
      staffId,
      pool: 'salaried',
      maxSessionsPerWeek: 6,
      pencePerSession: 55_000,
      joinedOn: '2098-06-01',
    });
    expect(joined.statusCode, joined.body).toBe(204);
    const available = await send('POST', `/api/pools/members/${staffId}/availability`, central, {
      slots: [{ date: WEEK, period: 'am' }],
    });
    expect(available.statusCode, available.body).toBe(204);
    const members = await send('GET', '/api/pools/members', central);
    expect(members.json<{ members: { staffId: string; pool: string }[] }>().members).toContainEqual(
      expect.objectContaining({ staffId, pool: 'salaried' }),
    );

    const proposal = await send('GET', `/api/pools/proposal?weekStart=${WEEK}`, central);
    expect(proposal.statusCode, proposal.body).toBe(200);
    const body = proposal.json<{
      gaps: number;
      proposed: {
        status: string;
        filled: number;
        savingPence: number;
        assignments: { sessionId: string; staffId: string }[];
      };
    }>();
    // Only the morning: they are not available in the afternoon.
    expect(body.proposed).toMatchObject({ status: 'optimal', filled: 1, savingPence: 35_000 });
    expect(body.proposed.assignments).toEqual([
      expect.objectContaining({ sessionId: session.am, staffId }),
    ]);

    const applied = await send('POST', '/api/pools/applications', central, {
      weekStart: WEEK,
      assignments: body.proposed.assignments.map((a) => ({
        sessionId: a.sessionId,
        staffId: a.staffId,
      })),
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const { rows } = await t.db.query<{ source: string }>(
      'select source from session_assignment where session_id = $1 and staff_id = $2',
      [session.am, staffId],
    );
    expect(rows).toEqual([{ source: 'pool' }]);
    const again = await send('POST', '/api/pools/applications', central, {
      weekStart: WEEK,
      assignments: [{ sessionId: session.am, staffId }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().detail).toMatch(/is not a gap/);
  });

  it('lets the pool GP decline one offer and accept another', async () => {
    const offer = async () => {
      const made = await send('POST', '/api/pools/offers', central, {
        sessionId: session.pm,
        staffId,
      });
      expect(made.statusCode, made.body).toBe(201);
      return made.json<{ id: string }>().id;
    };
    const first = await offer();
    const mine = await send('GET', '/api/pools/my-offers', poolGp);
    const mineFirst = mine
      .json<{
        offers: {
          id: string;
          status: string;
          siteName: string;
          startsAt: string;
          endsAt: string;
          requiredRole: string;
        }[];
      }>()
      .offers.find((o) => o.id === first);
    expect(mineFirst?.status).toBe('offered');
    // Where and when the session is, for the pool member to decide.
    expect(mineFirst?.siteName).not.toBe('');
    expect(Date.parse(mineFirst?.endsAt ?? '')).toBeGreaterThan(
      Date.parse(mineFirst?.startsAt ?? ''),
    );
    expect(mineFirst?.requiredRole).toBe('gp');
    const notTheirs = await send('POST', `/api/pools/offers/${first}/response`, clinician, {
      answer: 'accepted',
    });
    expect(notTheirs.statusCode).toBe(404);
    const declined = await send('POST', `/api/pools/offers/${first}/response`, poolGp, {
      answer: 'declined',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json<{ status: string }>().status).toBe('declined');
    const twice = await send('POST', `/api/pools/offers/${first}/response`, poolGp, {
      answer: 'accepted',
    });
    expect(twice.statusCode).toBe(409);

    const second = await offer();
    // Accepting says they can work then, although no afternoon availability was recorded.
    const accepted = await send('POST', `/api/pools/offers/${second}/response`, poolGp, {
      answer: 'accepted',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<{ status: string }>().status).toBe('accepted');
    const { rows } = await t.db.query<{ source: string }>(
      'select source from session_assignment where session_id = $1 and staff_id = $2',
      [session.pm, staffId],
    );
    expect(rows).toEqual([{ source: 'pool' }]);
  });

  it('refuses bad input with 400 naming the field, and other organisations with 404', async () => {
    const badWeek = await send('GET', '/api/pools/proposal?weekStart=monday', central);
    expect(badWeek.statusCode).toBe(400);
    expect(badWeek.json<Problem>().detail).toMatch(/querystring\/weekStart/);
    const badRate = await send(
      'GET',
      `/api/pools/proposal?weekStart=${WEEK}&externalLocumPencePerSession=-5`,
      central,
    );
    expect(badRate.statusCode).toBe(400);
    const badMember = await send('POST', '/api/pools/members', central, {
      staffId,
      pool: 'agency',
      maxSessionsPerWeek: 99,
      pencePerSession: 1,
      joinedOn: '2098-01-01',
    });
    expect(badMember.statusCode).toBe(400);
    expect(badMember.json<Problem>().detail).toMatch(/body\/(pool|maxSessionsPerWeek)/);
    const noAssignments = await send('POST', '/api/pools/applications', central, {
      weekStart: WEEK,
      assignments: [],
    });
    expect(noAssignments.statusCode).toBe(400);
    const badAnswer = await send(
      'POST',
      '/api/pools/offers/00000000-0000-4000-8000-000000000000/response',
      poolGp,
      { answer: 'maybe' },
    );
    expect(badAnswer.statusCode).toBe(400);
    const theirs = await send('POST', '/api/pools/offers', otherCentral, {
      sessionId: session.pm,
      staffId,
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(t.demo.orgId);
  });
});
