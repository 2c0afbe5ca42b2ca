import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  desktop,
  errorSummary,
  expectAccessible,
  expectFitsWidth,
  focusedId,
  openAppForTests,
  phone,
  shoot,
  signIn,
} from './steps.js';

// Far-future dates, after anything the demo seed records, so these moves are always allowed.
const moveDate = { day: '1', month: '1', year: '2099' };
const mergeDate = { day: '1', month: '2', year: '2099' };

describe('the cost centres page', () => {
  let page: Page;

  const fillDate = async (id: string, date: { day: string; month: string; year: string }) => {
    await page.locator(`#${id}-day`).fill(date.day);
    await page.locator(`#${id}-month`).fill(date.month);
    await page.locator(`#${id}-year`).fill(date.year);
  };
  const main = () => page.getByRole('main');
  const successBanner = () => page.locator('.nhsuk-notification-banner--success');
  // The organisation's total on the date shown: the number before "patients on".
  const total = async () => {
    const item = main().locator('.app-totals li').first();
    const words = (await item.textContent()) ?? '';
    return Number(/^([\d,]+)/.exec(words.trim())?.[1]?.replace(/,/g, ''));
  };

  openAppForTests(async (opened) => {
    page = opened;
    // The demo user is the organisation's admin, so manages cost centres.
    await signIn(page);
  });

  it('opens as at today, accessibly, with the forms for an organisation admin', async () => {
    await page.goto('/organisation/cost-centres');
    await page.getByRole('heading', { level: 1, name: /Cost centres/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Merges' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Add a cost centre' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'cost-centres-1280');
  });

  it('shows what is wrong with a form in the error summary', async () => {
    await page.getByRole('button', { name: 'Add cost centre' }).click();
    const summary = await errorSummary(page);
    expect(await summary.textContent()).toContain('Enter a code');
    expect(await page.title()).toMatch(/^Error: /);
    await summary.getByRole('link', { name: 'Enter a code' }).click();
    expect(await focusedId(page)).toBe('create-code');
    await expectAccessible(page);

    // The server's refusal shows the same way: a code with a space in it.
    await page.getByLabel('Code', { exact: true }).fill('two words');
    await page.getByLabel('Name', { exact: true }).fill('Refused');
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/cost-centres')),
      page.getByRole('button', { name: 'Add cost centre' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await summary.getByRole('link', { name: /letters, digits and hyphens/ }).waitFor();
    await shoot(page, 'cost-centres-error-1280');
  });

  it('adds two cost centres, moves a practice into each, and shows them in the table', async () => {
    for (const [code, name] of [
      ['E2E-A', 'End to end A'],
      ['E2E-B', 'End to end B'],
    ] as const) {
      await page.getByLabel('Code', { exact: true }).fill(code);
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByRole('button', { name: 'Add cost centre' }).click();
      await successBanner().getByText(`Cost centre ${code} ${name} added.`).waitFor();
    }
    for (const [index, code] of [
      [1, 'E2E-A'],
      [2, 'E2E-B'],
    ] as const) {
      await page.locator('#assign-practice').selectOption({ index });
      await page
        .locator('#assign-costCentre')
        .selectOption({ label: `${code} End to end ${code.slice(-1)}` });
      await fillDate('assign-effectiveFrom', moveDate);
      await page.getByRole('button', { name: 'Move practice' }).click();
      await successBanner()
        .getByText(new RegExp(`is in ${code} .* from 1 January 2099`))
        .waitFor();
    }
    const table = page.getByRole('table', { name: 'Cost centres on 1 January 2099' });
    await table.waitFor();
    await shoot(page, 'cost-centres-moved-1280');
    for (const code of ['E2E-A', 'E2E-B']) {
      const row = table.getByRole('row').filter({ hasText: code });
      expect(await row.getByRole('link').count()).toBe(1);
      expect(await row.textContent()).toContain('Open');
    }
    await expectAccessible(page);
  });

  it('merges them from a date; the totals the day before and the day of the merge agree', async () => {
    await page.getByRole('checkbox', { name: /^E2E-A / }).check();
    await page.getByRole('checkbox', { name: /^E2E-B / }).check();
    await page.getByRole('radio', { name: 'A new cost centre' }).check();
    await page.getByLabel('Code of the new cost centre').fill('E2E-AB');
    await page.getByLabel('Name of the new cost centre').fill('End to end merged');
    await fillDate('merge-effectiveFrom', mergeDate);
    await page.getByLabel('Why they merge').fill('Two practices become one cost centre');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Merge cost centres' }).click();
    await successBanner()
      .getByText(/E2E-A, E2E-B merged into E2E-AB/)
      .waitFor();

    const after = page.getByRole('table', { name: 'Cost centres on 1 February 2099' });
    await after.waitFor();
    const merged = after.getByRole('row').filter({ hasText: 'E2E-AB' });
    expect(await merged.getByRole('link').count()).toBe(2);
    const closed = after.getByRole('row').filter({ hasText: 'End to end A' });
    expect(await closed.textContent()).toContain('Merged into E2E-AB from 1 February 2099');
    const merges = page.getByRole('table', { name: 'Merges of cost centres, newest first' });
    expect(await merges.getByRole('row').filter({ hasText: 'E2E-AB' }).textContent()).toContain(
      'Two practices become one cost centre',
    );
    const totalAfter = await total();
    expect(totalAfter).toBeGreaterThan(0);
    await page.getByRole('figure').locator('svg').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'cost-centres-merged-1280');

    await fillDate('asAt', { day: '31', month: '1', year: '2099' });
    await page.getByRole('button', { name: 'Show' }).click();
    const before = page.getByRole('table', { name: 'Cost centres on 31 January 2099' });
    await before.waitFor();
    expect(await before.getByRole('row').filter({ hasText: 'E2E-AB' }).textContent()).toContain(
      'No practices',
    );
    expect(await total()).toBe(totalAfter);
  });

  it('fits a 375 px screen without scrolling sideways', async () => {
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await shoot(page, 'cost-centres-375');
    await page.setViewportSize(desktop);
  });
});
