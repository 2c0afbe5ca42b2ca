import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  pathOf,
  phone,
  shoot,
  signIn,
} from './steps.js';

describe('practice resilience', () => {
  let page: Page;

  openAppForTests((opened) => {
    page = opened;
  });

  it('shows the practices ranked worst first, with reasons and a chart', async () => {
    await signIn(page);
    await page.goto('/workforce/resilience');
    await page.getByRole('heading', { level: 1, name: /Practice resilience/ }).waitFor();
    const table = page.getByRole('table', { name: 'Practices by resilience, worst first' });
    await table.waitFor();
    const scores = await table
      .locator('tbody tr td:nth-child(2)')
      .evaluateAll((cells) => cells.map((cell) => Number.parseInt(cell.textContent, 10)));
    expect(scores.length).toBeGreaterThan(0);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(await table.locator('.nhsuk-tag').count()).toBe(scores.length);
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'resilience-dashboard-1280');
  });

  it('opens a practice with its components, reasons and 8-week trend', async () => {
    const table = page.getByRole('table', { name: 'Practices by resilience, worst first' });
    const link = table.getByRole('link').first();
    const name = (await link.textContent()) ?? '';
    await link.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(pathOf(page)).toMatch(/^\/workforce\/resilience\/[^/]+$/);
    await page.getByRole('table', { name: 'What the score is made of' }).waitFor();
    const trend = page.getByRole('table', { name: 'Resilience score by week' });
    expect(await trend.locator('tbody tr').count()).toBe(8);
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'resilience-practice-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await expectAccessible(page);
  });

  it('declares a crisis at the practice, which then shows in its crises', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('summary', { hasText: 'Declare a crisis' }).click();
    const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
      .format(new Date())
      .split('-');
    await page.getByLabel('What has happened').fill('Two GPs off sick (e2e)');
    const first = page.getByRole('group', { name: 'First day' });
    await first.getByLabel('Day').fill(day ?? '');
    await first.getByLabel('Month').fill(month ?? '');
    await first.getByLabel('Year').fill(year ?? '');
    const last = page.getByRole('group', { name: 'Last day' });
    await last.getByLabel('Day').fill(day ?? '');
    await last.getByLabel('Month').fill(month ?? '');
    await last.getByLabel('Year').fill(String(Number(year) + 1));
    const [refused] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/crises') && r.request().method() === 'POST',
      ),
      page.getByRole('button', { name: 'Declare a crisis' }).click(),
    ]);
    // A year is longer than a crisis may be declared for: the server names the last day.
    expect(refused.status()).toBe(400);
    await page
      .getByRole('alert')
      .getByText(/at most 92 days/)
      .waitFor();
    await last.getByLabel('Year').fill(year ?? '');
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/crises') && r.request().method() === 'POST',
      ),
      page.getByRole('button', { name: 'Declare a crisis' }).click(),
    ]);
    expect(created.status()).toBe(201);
    const crises = page.getByRole('table', { name: 'This practice’s crises, newest first' });
    await crises.getByText('Two GPs off sick (e2e)').waitFor();
    await expectAccessible(page);
  });
});
