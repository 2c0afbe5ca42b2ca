import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  shoot,
  signIn,
  tinyDemo,
} from './steps.js';

describe('hubs and walk-in clinics', () => {
  let page: Page;

  // The tiny demo (one organisation of three practices) is all these journeys need, and it
  // starts much sooner than the full set of demo organisations.
  openAppForTests(async (opened) => {
    page = opened;
    await signIn(page);
  }, tinyDemo);

  it('sets up a hub and opens its dashboard with fair shares and the week’s trend', async () => {
    await page.goto('/access/hubs');
    await page.getByRole('heading', { level: 1, name: 'Hubs' }).waitFor();
    await page.locator('summary', { hasText: 'Set up a hub' }).click();
    await page.getByLabel('Hub name').fill('Evening Hub (e2e)');
    await page.getByLabel('Release lead time, in minutes').fill('120');
    const sites = page.getByRole('group', { name: 'Sites the hub works from' });
    await sites.getByRole('checkbox').first().check();
    const thresholds = page.getByLabel(/daily in-house threshold/);
    await thresholds.nth(0).fill('20');
    await thresholds.nth(1).fill('15');
    await page.getByRole('button', { name: 'Set up the hub' }).click();
    await page.getByRole('alert').getByText('Evening Hub (e2e) is set up').waitFor();
    await page.getByRole('link', { name: 'Evening Hub (e2e)', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Evening Hub (e2e)' }).waitFor();
    const shares = page.getByRole('table', { name: 'Fair shares and use by practice' });
    await shares.waitFor();
    expect(await shares.locator('tbody tr').count()).toBe(2);
    await page
      .getByText(/Public figures put unused extended-access appointments at 25% to 35%/)
      .waitFor();
    const week = page.getByRole('table', { name: 'The week by day' });
    await week.waitFor();
    expect(await week.locator('tbody tr').count()).toBe(7);
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'hub-dashboard-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('runs a walk-in queue: tickets, call next, and the waiting room screen follows', async () => {
    await page.goto('/access/walk-in');
    await page.getByRole('heading', { level: 1, name: 'Walk-in clinics' }).waitFor();
    await page.locator('summary', { hasText: 'Set up a walk-in queue' }).click();
    await page.getByLabel('Queue name').fill('Bloods (e2e)');
    const site = page.getByLabel('Site', { exact: true });
    const firstSite = await site.locator('option').nth(1).getAttribute('value');
    await site.selectOption(firstSite ?? '');
    await page.getByRole('button', { name: 'Set up the queue' }).click();
    await page.getByRole('alert').getByText('Bloods (e2e) is set up').waitFor();
    await page.getByRole('link', { name: 'Bloods (e2e)', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Bloods (e2e)' }).waitFor();
    await page.getByRole('button', { name: 'Issue a ticket' }).click();
    await page.getByRole('alert').getByText('Ticket 1 issued').waitFor();
    await page.getByRole('button', { name: 'Issue a ticket' }).click();
    await page.getByRole('alert').getByText('Ticket 2 issued').waitFor();
    const waiting = page.getByRole('table', { name: 'Waiting, in order' });
    expect(await waiting.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page);

    // The waiting room screen, in a browser that has not signed in.
    const displayUrl = await page
      .getByRole('link', { name: 'Open the waiting room screen' })
      .getAttribute('href');
    const browser = page.context().browser();
    if (!browser || !displayUrl) throw new Error('no browser or display link');
    const screenContext = await browser.newContext({ baseURL: new URL(page.url()).origin });
    await screenContext.route('https://assets.nhs.uk/**', (route) => route.abort());
    const screen = await screenContext.newPage();
    await screen.goto(displayUrl);
    await screen.getByRole('heading', { level: 1, name: 'Nobody called yet' }).waitFor();
    await screen.getByText('Waiting: 1, 2').waitFor();
    await expectAccessible(screen);

    await page.getByRole('button', { name: 'Call next' }).click();
    await page.getByRole('alert').getByText('Ticket 1 called').waitFor();
    // The screen refreshes itself every few seconds.
    await screen
      .getByRole('heading', { level: 1, name: 'Now calling ticket 1' })
      .waitFor({ timeout: 15_000 });
    await screen.getByText('Waiting: 2').waitFor();
    await shoot(screen, 'walk-in-display-1280');
    await page.getByRole('button', { name: /Seen ticket 1/ }).click();
    await page.getByRole('alert').getByText('Ticket 1 seen').waitFor();
    await screenContext.close();
  });

  it('shows the gaming and DNA reports with their charts and tables', async () => {
    await page.goto('/access/reports');
    await page.getByRole('heading', { level: 1, name: 'Access reports' }).waitFor();
    await page.getByRole('table', { name: 'Practices by week, per 1,000 patients' }).waitFor();
    await page.getByRole('table', { name: 'DNA rate by practice and lead time' }).waitFor();
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    await expectAccessible(page);
  });
});
