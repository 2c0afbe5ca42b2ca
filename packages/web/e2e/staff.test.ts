import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectFitsWidth,
  expectRefusalShown,
  openAppForTests,
  pathOf,
  phone,
  signIn,
} from './steps.js';

describe('the staff register and the career ladder', () => {
  let page: Page;
  const reason = 'Stepped back from the partnership to salaried work';

  openAppForTests((opened) => {
    page = opened;
  });

  it('opens the staff list from the Workforce section, filtered to GPs', async () => {
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Workforce' })
      .click();
    await page.getByRole('heading', { level: 1, name: /Workforce/ }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { level: 1, name: /Staff/ }).waitFor();
    expect(pathOf(page)).toBe('/workforce/staff');
    await page.getByLabel('Role').selectOption({ label: 'GP' });
    await page.getByRole('button', { name: 'Show staff' }).click();
    const table = page.getByRole('table');
    await expect
      .poll(async () => {
        const roles = await table.locator('tbody tr td:nth-child(2)').allTextContents();
        return roles.length > 0 && roles.every((role) => role === 'GP');
      })
      .toBe(true);
    await expectAccessible(page);
  });

  it('opens a GP who is a partner and records a move down the ladder, seen in the history', async () => {
    const partner = page
      .getByRole('table')
      .locator('tbody tr')
      .filter({ hasText: 'Equity partner' })
      .first();
    const name = (await partner.getByRole('link').textContent()) ?? '';
    await partner.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(pathOf(page)).toMatch(/^\/workforce\/staff\/[0-9a-f-]+$/);
    await expectAccessible(page);

    await page.getByText('Record a move on the career ladder').click();
    await page.getByLabel('New grade').selectOption({ label: 'Salaried GP' });
    const date = page.getByRole('group', { name: 'Date of the move' });
    await date.getByLabel('Day').fill('1');
    await date.getByLabel('Month').fill('4');
    await date.getByLabel('Year').fill('2026');
    await page.getByLabel('Why they move').fill(reason);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/grade-changes')),
      page.getByRole('button', { name: 'Record the move' }).click(),
    ]);
    expect(answer.status()).toBe(201);
    await page
      .getByRole('main')
      .getByText('Recorded a move down to Salaried GP from 1 April 2026')
      .waitFor();

    const history = page.getByRole('table', { name: /Moves on the career ladder/ });
    const row = history.locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toContain(reason);
    expect(await row.textContent()).toContain('Down');
    expect(await row.textContent()).toContain('Equity partner to Salaried GP');
    expect(await row.textContent()).toContain('1 April 2026');
    await expectAccessible(page);
  });

  it('refuses a registration number that is not a GMC number, naming the field, then saves', async () => {
    // Opened afresh, without the last step's success banner.
    await page.reload();
    await page.getByText('Change their details').click();
    await page.getByLabel('Professional registration number').fill('12A3456E');
    await page.getByLabel('Contracted sessions a week').fill('7.5');
    const save = () =>
      Promise.all([
        page.waitForResponse((r) => r.request().method() === 'PATCH'),
        page.getByRole('button', { name: 'Save changes' }).click(),
      ]);
    const [refused] = await save();
    await expectRefusalShown(page, refused, 'staff-edit-registration');
    await page.getByLabel('Professional registration number').fill('1234567');
    const [saved] = await save();
    expect(saved.status()).toBe(200);
    await page.getByRole('main').getByText('Saved the changes').waitFor();
    const details = page.getByRole('main').locator('.nhsuk-summary-list');
    await expect.poll(() => details.textContent()).toContain('GMC number1234567');
    expect(await details.textContent()).toContain('7.5');
    await expectAccessible(page);
  });

  it('fits a phone’s width', async () => {
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await expectAccessible(page);
  });
});
