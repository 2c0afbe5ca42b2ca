import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAtscale } from './start-app.js';
import {
  api,
  demo,
  expectAccessible,
  expectRefusalShown,
  fillDate,
  openAppForTests,
  shoot,
  signIn,
  signOut,
} from './steps.js';

// The demo has no central workforce sign-in: the test adds one before the app starts.
const workforce = { email: 'e2e-workforce@atscale.test', password: 'workforce-e2e-pass' };
const practiceName = 'Riverside Surgery';
// A session at an hour nobody else plans, so its rows are easy to find.
const times = { startTime: '19:05', endTime: '19:55' };

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The Monday of next week, YYYY-MM-DD. */
function nextMonday(): string {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekday = (new Date(today).getUTCDay() + 6) % 7;
  return new Date(today + (7 - weekday) * 86_400_000).toISOString().slice(0, 10);
}

describe('workforce journey: sickness, the gap, filled from the pool', () => {
  let page: Page;
  // The week after next: its Monday and its Sunday, the day of the session.
  const weekStart = addDays(nextMonday(), 7);
  const day = addDays(weekStart, 6);
  let practiceId = '';
  let poolGpId = '';
  let gpName = '';
  let poolName = '';

  openAppForTests(
    (opened) => {
      page = opened;
    },
    {
      prepare: async (data) => {
        await runAtscale(['demo', '--scale', 'small', '--data', data]);
        await runAtscale(
          [
            'user',
            'add',
            '--email',
            workforce.email,
            '--role',
            'central-workforce',
            '--name',
            'Wren Fisher',
            '--data',
            data,
          ],
          `${workforce.password}\n`,
        );
      },
    },
  );

  /** The practice's rota, moved on to the session's week. */
  const openRotaWeek = async () => {
    await page.goto('/workforce/rota');
    await page.getByRole('heading', { level: 1, name: /Rota/ }).waitFor();
    const picker = page.getByLabel('Practice', { exact: true });
    if ((await picker.count()) > 0) await picker.selectOption({ label: practiceName });
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Next week' }).click();
    }
    await page.getByRole('table').first().waitFor();
  };

  const banner = (text: RegExp) =>
    page.locator('.nhsuk-notification-banner').filter({ hasText: text }).waitFor();

  it('central workforce puts a GP in the salaried pool, free that Sunday evening', async () => {
    await signIn(page, workforce);
    const me = await api<{ practices: { id: string; name: string }[] }>(page, 'GET', '/api/me');
    practiceId = me.practices.find((p) => p.name === practiceName)?.id ?? '';
    expect(practiceId).not.toBe('');
    const poolGp = await api<{ id: string }>(page, 'POST', '/api/staff', {
      fullName: 'Dr Robin Poole',
      staffRole: 'gp',
      employingBody: 'organisation',
      homePracticeId: practiceId,
    });
    poolGpId = poolGp.id;
    await api(page, 'POST', '/api/pools/members', {
      staffId: poolGpId,
      pool: 'salaried',
      maxSessionsPerWeek: 8,
      pencePerSession: 60_000,
      joinedOn: addDays(nextMonday(), -7),
    });
    await api(page, 'POST', `/api/pools/members/${poolGpId}/availability`, {
      slots: [{ date: day, period: 'evening' }],
    });
    await signOut(page);
  });

  it('the practice manager has a GP rostered on a session that evening', async () => {
    await signIn(page, demo);
    const rota = await api<{ sites: { id: string }[] }>(
      page,
      'GET',
      `/api/rota/sessions?practiceId=${practiceId}&from=${weekStart}&to=${day}`,
    );
    const siteId = rota.sites[0]?.id ?? '';
    const made = await api<{ sessions: { id: string }[] }>(page, 'POST', '/api/rota/sessions', {
      siteId,
      dates: [day],
      period: 'custom',
      ...times,
      requiredRole: 'gp',
    });
    const sessionId = made.sessions[0]?.id ?? '';
    const eligible = await api<{ staff: { staffId: string; fullName: string }[] }>(
      page,
      'GET',
      `/api/rota/sessions/${sessionId}/eligible-staff`,
    );
    const gp = eligible.staff.find((person) => person.staffId !== poolGpId);
    expect(gp).toBeDefined();
    gpName = gp?.fullName ?? '';
    await api(page, 'POST', `/api/rota/sessions/${sessionId}/assignments`, {
      staffId: gp?.staffId,
    });
    await openRotaWeek();
    await page.getByRole('link', { name: gpName }).first().waitFor();
  });

  it('records the GP’s sickness on the rota week, which shows it with a way to cancel it', async () => {
    const form = page.locator('details').filter({
      has: page.locator('summary', { hasText: 'Record leave or sickness' }),
    });
    await form.locator('summary').click();
    await form.getByLabel('Person').selectOption({ label: gpName });
    await form.getByLabel('Kind of absence').selectOption({ label: 'Sickness' });
    await fillDate(form, 'First day away', day);
    await form.getByRole('button', { name: 'Record absence' }).click();
    await banner(/Absence recorded/);
    await page.locator('.nhsuk-tag--orange', { hasText: 'Sickness' }).first().waitFor();
    await page
      .getByRole('button', { name: new RegExp(`^Cancel absence: ${gpName}: Sickness`) })
      .waitFor();
    await expectAccessible(page);
    await signOut(page);
  });

  it('central workforce sees the gap, fills it from the pool and sees what it saves', async () => {
    await signIn(page, workforce);
    await page.goto('/workforce/gaps');
    await page.getByRole('heading', { level: 1, name: 'Rota gaps' }).waitFor();
    const gapRow = () =>
      page
        .getByRole('table', { name: /gaps?$/ })
        .getByRole('row')
        .filter({ hasText: gpName });
    await gapRow().first().waitFor();
    expect(await gapRow().first().textContent()).toContain(practiceName);

    await page.getByLabel('Week to fill from the pools').selectOption(weekStart);
    await page.getByRole('button', { name: 'Fill from pool' }).click();
    await page.getByRole('heading', { name: /^Proposal for the week of/ }).waitFor();
    const proposed = page
      .getByRole('table', { name: 'Proposed assignments' })
      .getByRole('row')
      .filter({ hasText: `${times.startTime} to ${times.endTime}` });
    await proposed.first().waitFor();
    expect(await proposed.count()).toBe(1);
    const cells = await proposed.locator('td').allTextContents();
    expect(cells[1]).toContain(practiceName);
    poolName = (cells[3] ?? '').replace(/ \(\d+ minutes’ travel\)$/, '');
    expect(poolName).not.toBe('');
    expect(cells[4]).toMatch(/^£[\d,]+\.\d\d against £[\d,]+\.\d\d$/);
    await page.getByText('External locums would cost').waitFor();
    await expectAccessible(page);
    await shoot(page, 'workforce-pool-proposal-1280');

    await page.getByRole('button', { name: 'Apply these assignments' }).click();
    await banner(/Filled \d+ sessions? from the pools/);
    await expect
      .poll(() =>
        page
          .getByRole('row')
          .filter({ hasText: `${times.startTime} to ${times.endTime}` })
          .count(),
      )
      .toBe(0);
    await expectAccessible(page);
    await signOut(page);
  });

  it('the practice’s rota week shows the pool GP on the session', async () => {
    await signIn(page, demo);
    await openRotaWeek();
    const cell = page
      .getByRole('table')
      .first()
      .locator('td')
      .filter({ hasText: `${times.startTime}–${times.endTime}` });
    await cell.getByRole('link', { name: poolName }).waitFor();
    expect(await cell.textContent()).not.toContain('Gap:');
    await expectAccessible(page);
    await shoot(page, 'workforce-rota-filled-1280');
  });

  it('cancels the sickness, then changes and removes the session', async () => {
    await page.getByRole('button', { name: new RegExp(`^Cancel absence: ${gpName}`) }).click();
    await banner(/Absence cancelled/);
    const details = page.locator('details').filter({
      has: page.locator('summary', { hasText: 'Change or remove a session' }),
    });
    await details.locator('summary').click();
    const choose = async () => {
      const select = details.getByLabel('Session', { exact: true });
      const label = (await select.locator('option').allTextContents()).find((text) =>
        text.includes(`${times.startTime} to ${times.endTime}`),
      );
      await select.selectOption({ label: label ?? '' });
    };
    await choose();
    await details.getByLabel('Urgency').selectOption('5');
    await details.getByRole('button', { name: 'Save changes to the session' }).click();
    await banner(/Session changed/);
    await expectAccessible(page);
    await choose();
    await details.getByRole('button', { name: 'Remove this session' }).click();
    await details.getByRole('button', { name: 'Yes, remove it' }).click();
    await banner(/Session removed/);
    await expect
      .poll(() =>
        page.getByRole('table').first().getByText(`${times.startTime}–${times.endTime}`).count(),
      )
      .toBe(0);
  });

  it('shows a pool member’s offers page, empty for someone with none', async () => {
    await page.goto('/workforce/my-offers');
    await page.getByRole('heading', { level: 1, name: /My offers/ }).waitFor();
    await page.getByText('No offers are waiting for your answer.').waitFor();
    await expectAccessible(page);
  });

  it('sets the career ladder as an administrator', async () => {
    await page.goto('/workforce');
    await page.getByRole('link', { name: 'Career ladder' }).click();
    await page.getByRole('heading', { level: 1, name: /Career ladder/ }).waitFor();
    const ladder = page.getByRole('group', { name: /Grades on the organisation’s ladder/ });
    for (const grade of ['Salaried GP', 'Associate GP']) {
      await ladder.getByLabel(grade, { exact: true }).check();
    }
    await page.getByRole('button', { name: 'Save the ladder' }).click();
    await banner(/Saved the career ladder: Salaried GP, then Associate GP/);
    await expectAccessible(page);
  });

  it('adds a member of staff, naming the field the server refuses', async () => {
    await page.goto('/workforce/staff');
    await page.getByRole('link', { name: 'Add a member of staff' }).click();
    await page.getByRole('heading', { level: 1, name: /Add a member of staff/ }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Full name').fill('Dr Alex Newman');
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'GP' });
    await page.getByLabel('Employed by').selectOption({ label: 'The organisation (centrally)' });
    await page.getByLabel('Professional registration number').fill('12A3456E');
    await fillDate(page, 'Start date', addDays(nextMonday(), -30));
    const add = () =>
      Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === 'POST' && r.url().endsWith('/api/staff'),
        ),
        page.getByRole('button', { name: 'Add member of staff' }).click(),
      ]);
    const [refused] = await add();
    await expectRefusalShown(page, refused, 'staff-new-registration');
    await expectAccessible(page);
    await page.getByLabel('Professional registration number').fill('7654321');
    await add();
    await banner(/Added Dr Alex Newman/);
    await page.getByRole('link', { name: /See Dr Alex Newman’s details/ }).click();
    await page.getByRole('heading', { level: 1, name: /Dr Alex Newman/ }).waitFor();
  });

  it('central workforce can send a proposal as offers instead, leaving the gap open', async () => {
    await signOut(page);
    await signIn(page, workforce);
    const saturday = addDays(weekStart, 5);
    const rota = await api<{ sites: { id: string }[] }>(
      page,
      'GET',
      `/api/rota/sessions?practiceId=${practiceId}&from=${weekStart}&to=${day}`,
    );
    await api(page, 'POST', '/api/rota/sessions', {
      siteId: rota.sites[0]?.id,
      dates: [saturday],
      period: 'custom',
      ...times,
      requiredRole: 'gp',
    });
    await api(page, 'POST', `/api/pools/members/${poolGpId}/availability`, {
      slots: [{ date: saturday, period: 'evening' }],
    });
    await page.goto('/workforce/gaps');
    await page.getByLabel('Week to fill from the pools').selectOption(weekStart);
    await page.getByRole('button', { name: 'Fill from pool' }).click();
    await page
      .getByRole('table', { name: 'Proposed assignments' })
      .getByRole('row')
      .filter({ hasText: `${times.startTime} to ${times.endTime}` })
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Send as offers instead' }).click();
    await banner(/^Success\s*Offered \d+ sessions? to pool members/);
    // An offer is not an assignment: the session stays a gap until the GP accepts.
    await page
      .getByRole('table', { name: /gaps?$/ })
      .getByRole('row')
      .filter({ hasText: `${times.startTime} to ${times.endTime}` })
      .first()
      .waitFor();
  });
});
