import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, fillDate, openAppForTests, shoot, signIn } from './steps.js';

// The demo account is central operations (rota:manage everywhere) and practice 1's manager.
const firstPractice = 'Riverside Surgery';

/** The Monday of next week, YYYY-MM-DD. */
function nextMonday(): string {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekday = (new Date(today).getUTCDay() + 6) % 7;
  return new Date(today + (7 - weekday) * 86_400_000).toISOString().slice(0, 10);
}

describe('rota', () => {
  let page: Page;
  const day = nextMonday();
  let gpName = '';

  const openDetails = async (summary: string) => {
    const details = page.locator('details').filter({
      has: page.locator('summary', { hasText: summary }),
    });
    await details.locator('summary').click();
    return details;
  };

  const banner = (text: RegExp) =>
    page.locator('.nhsuk-notification-banner').filter({ hasText: text }).waitFor();

  openAppForTests((opened) => {
    page = opened;
  });

  it('plans a session at practice 1’s main site next week', async () => {
    await signIn(page);
    await page.goto('/workforce/rota');
    await page.getByRole('heading', { level: 1, name: /Rota/ }).waitFor();
    const picker = page.getByLabel('Practice', { exact: true });
    if ((await picker.count()) > 0) await picker.selectOption({ label: firstPractice });
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('table').first().waitFor();
    await expectAccessible(page);
    const form = await openDetails('Add a session');
    const site = form.getByLabel('Site');
    // The main site comes first; with several sites the first option asks for a choice.
    const options = await site.locator('option').allTextContents();
    if (options[0]?.startsWith('Choose')) await site.selectOption({ index: 1 });
    await fillDate(form, 'Date of the session', day);
    // Early, before the demo's own rota starts at 08:00, so that this session is easy to find
    // among the demo's sessions and GPs are free for it.
    await form.getByLabel('Period').selectOption({ label: 'Other times' });
    await form.getByLabel('Start time').fill('06:15');
    await form.getByLabel('End time').fill('07:15');
    await form.getByLabel('Role needed').selectOption({ label: 'GP' });
    await form.getByRole('button', { name: 'Add session' }).click();
    await banner(/Session added/);
    // The new session is short of a GP: the week shows the gap.
    await page.locator('.nhsuk-tag--red', { hasText: 'Gap' }).first().waitFor();
  });

  it('rosters a GP on it', async () => {
    await page
      .getByRole('button', { name: /^Find someone for .* 06:15$/ })
      .first()
      .click();
    const who = page.getByLabel(/^Who works/).first();
    await who.waitFor();
    await who.selectOption({ index: 1 });
    gpName = (await who.locator('option:checked').textContent())?.replace(/ \(GP\)$/, '') ?? '';
    expect(gpName).not.toBe('');
    await page.getByRole('button', { name: 'Roster' }).first().click();
    await banner(/Rostered on/);
    await page.getByRole('link', { name: gpName }).first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'rota-week-1280');
  });

  it('records the GP’s sickness, which opens a gap on the organisation’s list', async () => {
    const form = await openDetails('Record leave or sickness');
    await form.getByLabel('Person').selectOption({ label: gpName });
    await form.getByLabel('Kind of absence').selectOption({ label: 'Sickness' });
    await fillDate(form, 'First day away', day);
    await form.getByRole('button', { name: 'Record absence' }).click();
    await banner(/Absence recorded/);
    await page.locator('.nhsuk-tag--orange', { hasText: 'Sickness' }).first().waitFor();

    await page.goto('/workforce/gaps');
    await page.getByRole('heading', { level: 1, name: 'Rota gaps' }).waitFor();
    const table = page.getByRole('table');
    await table.waitFor();
    const row = table.getByRole('row').filter({ hasText: gpName });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain(firstPractice);
    await expectAccessible(page);
    await shoot(page, 'rota-gaps-1280');
  });
});
