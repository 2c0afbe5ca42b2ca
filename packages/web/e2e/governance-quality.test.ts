import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  api,
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  shoot,
  signIn,
} from './steps.js';

/** Types an ISO date into the NHS.UK date input whose legend is exactly `legend`. */
async function fillExactDate(scope: Page | Locator, legend: string, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso.split('-');
  const group = scope.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

/** The text of every cell in a table's column (0-based), body rows only. */
const columnTexts = (table: Locator, column: number): Promise<string[]> =>
  table.locator(`tbody tr td:nth-child(${String(column + 1)})`).allTextContents();

interface SiteLine {
  id: string;
  name: string;
  gaps: number;
}
interface CqcSummary {
  today: string;
  siteList: SiteLine[];
}
interface CqcSite {
  readiness: { keyQuestions: { keyQuestion: string; gaps: { code: string }[] }[] };
}

describe('governance quality: CQC readiness, standards, peer review and significant events (GOV-2, GOV-3)', () => {
  let page: Page;

  openAppForTests(async (opened) => {
    page = opened;
    await signIn(page);
  });

  it('lists every site with its ratings and readiness, and an added audit closes a gap', async () => {
    await page.goto('/governance/cqc');
    await page.getByRole('heading', { level: 1, name: 'CQC readiness' }).waitFor();
    const table = page.getByRole('table', {
      name: 'Latest rating by key question and readiness of each site',
    });
    await table.waitFor();
    // Every site of the member practices (a prospect's are not the organisation's to inspect),
    // from the organisation's own list of sites.
    const me = await api<{ practices: { id: string }[] }>(page, 'GET', '/api/me');
    const members = new Set(me.practices.map((p) => p.id));
    const { sites } = await api<{ sites: { name: string; practiceId: string | null }[] }>(
      page,
      'GET',
      '/api/sites',
    ).then((all) => ({
      sites: all.sites.filter((s) => s.practiceId === null || members.has(s.practiceId)),
    }));
    expect(sites.length).toBeGreaterThan(members.size); // some practices have branch sites
    expect(await table.locator('tbody tr').count()).toBe(sites.length);
    const siteCells = (await columnTexts(table, 0)).join('\n');
    for (const site of sites) expect(siteCells).toContain(site.name);
    const head = await table.locator('thead th').allTextContents();
    expect(head).toEqual([
      'Site',
      'Inspected',
      'Overall',
      'Safe',
      'Effective',
      'Caring',
      'Responsive',
      'Well-led',
      'Readiness',
      'Gaps',
    ]);
    // Each key question's rating and the readiness are words, not colour alone.
    const ratings = /^(Outstanding|Good|Requires improvement|Inadequate|Not rated)$/;
    for (const column of [2, 3, 4, 5, 6, 7]) {
      for (const text of await columnTexts(table, column)) expect(text).toMatch(ratings);
    }
    for (const text of await columnTexts(table, 8)) {
      expect(text).toMatch(/^(Ready|Some gaps|Not ready)$/);
    }
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    await expectAccessible(page);

    // A site whose Effective key question lacks a recent audit (the demo leaves one in three).
    const summary = await api<CqcSummary>(page, 'GET', '/api/governance/cqc');
    let target: SiteLine | undefined;
    for (const line of summary.siteList) {
      const detail = await api<CqcSite>(page, 'GET', `/api/governance/cqc/sites/${line.id}`);
      const effective = detail.readiness.keyQuestions.find((k) => k.keyQuestion === 'effective');
      if (effective?.gaps.some((g) => g.code === 'no-recent-audit')) {
        target = line;
        break;
      }
    }
    if (target === undefined) throw new Error('no demo site lacks a recent Effective audit');
    const row = table.locator('tbody tr', { has: page.getByRole('link', { name: target.name }) });
    expect(await row.locator('td').last().textContent()).toBe(String(target.gaps));

    await row.getByRole('link', { name: target.name }).click();
    await page.getByRole('heading', { level: 1, name: target.name }).waitFor();
    const registration = page.locator('dl.nhsuk-summary-list');
    await registration.getByText('CQC location id').waitFor();
    expect(await registration.textContent()).toMatch(/CQC provider id\s*1-\d+/);
    expect(await registration.textContent()).toMatch(/Registered manager(?!\s*None)\s*\S/);
    await page.getByText(/^Inspected on \d{1,2} \w+ \d{4}: overall/).waitFor();
    const effective = page.getByRole('region', { name: /^Effective/ });
    await effective.getByText('No audit in the last 12 months').waitFor();
    const evidence = effective.getByRole('table', { name: 'Evidence for Effective' });
    const before = await evidence.locator('tbody tr').count();
    await expectAccessible(page);

    const form = page.getByRole('form', { name: 'Add evidence' });
    await form.getByLabel('Key question').selectOption({ label: 'Effective' });
    await form.getByLabel('Kind').selectOption({ label: 'Audit' });
    await form.getByLabel('Title', { exact: true }).fill('Asthma reviews audit (e2e)');
    await fillExactDate(form, 'Date', summary.today);
    await form.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByText('Added “Asthma reviews audit (e2e)”').waitFor();
    await evidence.getByText('Asthma reviews audit (e2e)').waitFor();
    expect(await evidence.locator('tbody tr').count()).toBe(before + 1);
    expect(await effective.getByText('No audit in the last 12 months').count()).toBe(0);
    await expectAccessible(page);

    // The organisation's summary counts one gap fewer for the site.
    await page.getByRole('link', { name: 'CQC readiness', exact: true }).first().click();
    await table.waitFor();
    expect(await row.locator('td').last().textContent()).toBe(String(target.gaps - 1));
    await expectAccessible(page);
    await shoot(page, 'cqc-readiness-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows the previous quarter’s standards as a RAG grid in words, and a standard over the quarters', async () => {
    await page.goto('/governance/standards');
    await page.getByRole('heading', { level: 1, name: 'Agreement standards' }).waitFor();
    const quarter = page.getByLabel('Quarter', { exact: true });
    const previous = (await quarter.locator('option').nth(1).textContent()) ?? '';
    expect(previous).not.toBe('');
    await quarter.selectOption({ index: 1 });
    const grid = page.getByRole('table', { name: `Standards by practice, ${previous}` });
    await grid.waitFor();
    expect(await grid.locator('tbody tr').count()).toBeGreaterThan(1);
    // Every cell's RAG is a tag with its word; the demo's history gives some red or amber.
    const tags = await grid.locator('tbody strong.nhsuk-tag').allTextContents();
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toMatch(/^(Green|Amber|Red|No data)$/);
    expect(tags.some((t) => t === 'Red' || t === 'Amber')).toBe(true);
    expect(tags.some((t) => t === 'Green' || t === 'Amber' || t === 'Red')).toBe(true);

    await page.getByRole('heading', { level: 2, name: 'Over the quarters' }).waitFor();
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    const standard = page.getByLabel('Standard', { exact: true }).first();
    const name = (await standard.locator('option:checked').textContent()) ?? '';
    const trend = page.getByRole('table', { name: `${name} by quarter` });
    await trend.waitFor();
    expect(await trend.locator('thead th').count()).toBe(5); // the practice and 4 quarters
    expect(await trend.locator('tbody tr').count()).toBeGreaterThan(1);
    await expectAccessible(page);
    await shoot(page, 'standards-1280');
  });

  it('tracks an overdue peer review action and closes an open one with a note', async () => {
    await page.goto('/governance/peer-reviews');
    await page.getByRole('heading', { level: 1, name: 'Peer review' }).waitFor();
    await page.getByRole('table', { name: 'Peer review meetings' }).waitFor();
    const overdue = page.getByRole('table', { name: 'Overdue actions' });
    await overdue.waitFor();
    expect(await overdue.locator('tbody tr').count()).toBeGreaterThan(0);
    await overdue.getByText('Overdue', { exact: true }).first().waitFor();

    const open = page.getByRole('table', { name: 'Open actions' });
    const close = open.getByRole('form', { name: /^Close: / }).first();
    const description = ((await close.getAttribute('aria-label')) ?? '').replace(/^Close: /, '');
    expect(description).not.toBe('');
    const openBefore = await open.locator('tbody tr').count();
    await expectAccessible(page);

    await close.getByLabel('Closure note').fill('Reminders go out the day before (e2e)');
    await close.getByRole('button', { name: 'Close action' }).click();
    const closed = page.getByRole('table', { name: 'Closed actions' });
    const closedRow = closed.locator('tbody tr', { hasText: description });
    await closedRow.getByText(/Reminders go out the day before \(e2e\)/).waitFor();
    expect(await closedRow.getByText('Closed', { exact: true }).count()).toBe(1);
    if (openBefore > 1) {
      expect(await open.locator('tbody tr', { hasText: description }).count()).toBe(0);
    } else {
      await page.getByText('Open actions: none.').waitFor();
    }
    await expectAccessible(page);
  });

  it('records a significant event, takes it through investigation and learning to closed, and the themes name no practice', async () => {
    await page.goto('/governance/significant-events');
    await page
      .getByRole('heading', { level: 1, name: 'Significant events and complaints' })
      .waitFor();
    await page.getByRole('table', { name: 'Events' }).waitFor();
    await page.getByRole('link', { name: 'Report a significant event or complaint' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Report a significant event or complaint' })
      .waitFor();
    const title = 'Prescription left at the wrong pharmacy (e2e)';
    const form = page.getByRole('form', { name: 'Report' });
    await form.getByLabel('A significant event').check();
    const practice = form.getByLabel('Practice', { exact: true });
    const practiceName = (await practice.locator('option').nth(1).textContent()) ?? '';
    await practice.selectOption({ index: 1 });
    // The practice's sites are offered once it is chosen; the site is optional.
    const site = form.getByLabel('Site (optional)');
    await expect.poll(() => site.locator('option').count()).toBeGreaterThan(1);
    expect(await site.locator('option').first().textContent()).toBe('Not at a particular site');
    const siteName = (await site.locator('option').nth(1).textContent()) ?? '';
    await site.selectOption({ index: 1 });
    await form.getByLabel('Title', { exact: true }).fill(title);
    await form
      .getByLabel('What happened')
      .fill('An electronic prescription was nominated to a pharmacy the patient no longer uses.');
    await form.getByLabel('Category').selectOption({ label: 'Prescribing' });
    await form.getByLabel('Harm').selectOption({ index: 1 });
    const { today } = await api<CqcSummary>(page, 'GET', '/api/governance/cqc');
    await fillExactDate(form, 'When it happened', today);
    await form.getByLabel('Safe', { exact: true }).check();
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Report', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText(`Significant event at ${practiceName}`).waitFor();
    const details = page.locator('dl.nhsuk-summary-list');
    await details.getByText(siteName, { exact: true }).waitFor();
    const start = page.getByRole('form', { name: 'Start the investigation' });
    const investigator = start.getByLabel('Investigator');
    await expect.poll(() => investigator.locator('option').count()).toBeGreaterThan(1);
    await investigator.selectOption({ index: 1 });
    await start.getByRole('button', { name: 'Start the investigation' }).click();
    await page.getByText('Moved to investigating').waitFor();

    // A policy linked by mistake can be removed again.
    const link = page.getByRole('form', { name: 'Link a policy' });
    const policy = link.getByLabel('Policy', { exact: true });
    await expect.poll(() => policy.locator('option').count()).toBeGreaterThan(1);
    const policyTitle = (await policy.locator('option').nth(1).textContent()) ?? '';
    await policy.selectOption({ index: 1 });
    await link.getByRole('button', { name: 'Link policy' }).click();
    await page.getByText('Policy linked').waitFor();
    await details.getByRole('link', { name: policyTitle }).waitFor();
    await details.getByRole('button', { name: `Remove ${policyTitle}` }).click();
    await page.getByText(`Policy ${policyTitle} removed`).waitFor();
    await details.getByText('None linked').waitFor();

    const toLearning = page.getByRole('form', { name: 'Record the findings and move to learning' });
    await toLearning
      .getByLabel('Findings')
      .fill('The nomination had not been updated after the patient moved.');
    await toLearning
      .getByRole('button', { name: 'Record the findings and move to learning' })
      .click();
    await page.getByText('Moved to learning').waitFor();
    // Going back from learning reopens the investigation; nothing on the page calls it a start.
    const reopen = page.getByRole('form', { name: 'Reopen the investigation' });
    await reopen.getByRole('button', { name: 'Reopen the investigation' }).waitFor();
    expect(await page.getByRole('form', { name: 'Start the investigation' }).count()).toBe(0);

    const toClosed = page.getByRole('form', { name: 'Record the learning and close' });
    await toClosed.getByLabel('Learning').fill('Check the nominated pharmacy at every issue.');
    await toClosed
      .getByLabel('Actions agreed')
      .fill('Reception confirm the pharmacy when taking requests.');
    await toClosed.getByLabel('Note for the timeline (optional)').fill('Shared at the meeting');
    await toClosed.getByRole('button', { name: 'Record the learning and close' }).click();
    await page.getByText('Moved to closed').waitFor();
    const timeline = page.locator('h2:text-is("Timeline") + ol > li');
    await expect
      .poll(async () => (await timeline.allTextContents()).map((t) => t.split(' by ')[0]))
      .toEqual(['Reported', 'Investigating', 'Learning', 'Closed']);
    expect(await timeline.last().textContent()).toContain(': Shared at the meeting');
    // Closed is the end of the lifecycle: no step (nor policy link) is offered any more.
    expect(await page.getByRole('form').count()).toBe(0);
    await expectAccessible(page);
    await shoot(page, 'significant-event-closed-1280');

    // The themes: counts by category and quarter, and not a practice named on the page.
    await page.goto('/governance/significant-events/themes');
    await page.getByRole('heading', { level: 1, name: 'Themes' }).waitFor();
    const themes = page.getByRole('table', { name: 'Events by category and quarter' });
    await themes.waitFor();
    const counts = await themes.locator('tbody td:not(:first-child)').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) expect(c).toMatch(/^(\d+|fewer than \d+)$/);
    expect(counts.some((c) => /^[1-9]\d*$/.test(c))).toBe(true);
    const me = await api<{ practices: { name: string }[] }>(page, 'GET', '/api/me');
    expect(me.practices.length).toBeGreaterThan(1);
    const body = (await page.locator('main').textContent()) ?? '';
    for (const p of me.practices) expect(body).not.toContain(p.name);
    await expectAccessible(page);
  });
});
