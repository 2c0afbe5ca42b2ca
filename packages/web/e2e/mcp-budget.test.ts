import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  api,
  demo,
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  desktop,
  shoot,
  signIn,
} from './steps.js';

/** The fully integrated MCP demo organisation's administrator. */
const mcpFull = { email: 'mcp-full@atscale.test', password: 'atscale-demo' };

/** Signs `account` in afresh, whoever was signed in before. */
async function signInAs(page: Page, account: { email: string; password: string }) {
  await page.context().clearCookies();
  await signIn(page, account);
}

/** The part of `GET /api/mcp-budget/years/:financialYear` the form's steps compare. */
interface YearAnswer {
  input: {
    settings: { topSliceBasisPoints: number };
    lines: { amountPence: number }[];
    metrics: unknown[];
    actualPence: Record<string, number>;
  };
}

/** Pence from an amount as the pages show it ("+£1,234.56", "-£7.00"). */
/** Signed in as central finance, the MCP budget screen with its year form opened. */
async function openYearForm(page: Page): Promise<Locator> {
  await signInAs(page, mcpFull);
  await page.goto('/population/mcp-budget');
  await page.getByRole('heading', { level: 1, name: 'MCP budget' }).waitFor();
  await page.getByText('Change this year or set another').click();
  return page.getByRole('form', { name: 'Set a year’s MCP budget' });
}

function penceOf(text: string | null): number {
  const match = /([-−])?\s*\+?£([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`);
  const pence = Number((match[2] ?? '').replace(/,/g, '')) * 100 + Number(match[3]);
  return match[1] ? -pence : pence;
}

/** The amount in cell `column` of the row of `party` in the table `table`. */
async function amountIn(table: Locator, party: string, column: number): Promise<number> {
  const row = table.getByRole('row').filter({ hasText: party });
  return penceOf(await row.getByRole('cell').nth(column).textContent());
}

describe('MCP budget and code registers (POP-2, POP-1 part 3)', () => {
  let page: Page;

  openAppForTests((opened) => {
    page = opened;
  });

  it('shows the fully integrated MCP year: budget by contributor, pool, earn-back, each party', async () => {
    await signInAs(page, mcpFull);
    await page.goto('/population/mcp-budget');
    await page.getByRole('heading', { level: 1, name: 'MCP budget' }).waitFor();
    await page
      .getByText(/^MCP contract \(fully integrated\)/)
      .first()
      .waitFor();

    // The summary: budget, top slice into the pool (3.5% in this demo), earned back.
    const budget = penceOf(
      await page
        .locator('.nhsuk-summary-list__row', { hasText: 'Whole population budget' })
        .locator('dd')
        .first()
        .textContent(),
    );
    expect(budget).toBeGreaterThan(0);
    const slice = page.locator('.nhsuk-summary-list__row', {
      hasText: 'Top slice into the quality pool',
    });
    expect(await slice.textContent()).toContain('(3.5%)');
    expect(penceOf(await slice.locator('dd').first().textContent())).toBe(
      Math.round((budget * 350) / 10_000),
    );

    // Budget by contributor: a chart, and the exact figures add up to the budget.
    await page.getByRole('heading', { level: 2, name: 'Budget by contributor' }).waitFor();
    await page.locator('figure, svg').first().waitFor();
    const variance = page.getByRole('table', { name: 'Actual spend against budget' });
    const contributors = variance.locator('tbody tr');
    expect(await contributors.count()).toBeGreaterThan(1);
    let total = 0;
    for (const row of await contributors.all()) {
      total += penceOf(await row.getByRole('cell').nth(1).textContent());
    }
    expect(total).toBe(budget);

    // Earn-back by metric: the four metrics, the frailty one from the register.
    const metrics = page.getByRole('table', { name: 'Quality metrics and earn-back' });
    expect(await metrics.locator('tbody tr').count()).toBe(4);
    await metrics.getByText(/\(from the frailty register\)/).waitFor();

    // Each party's outcome: the provider and the commissioners, adding up to budget less actual.
    await page.getByRole('heading', { level: 2, name: 'Each party’s outcome' }).waitFor();
    const parties = page.getByRole('table', { name: 'Outcome by party' });
    await parties.getByRole('row').filter({ hasText: 'MCP provider' }).waitFor();
    const outcomes = await Promise.all(
      (await parties.locator('tbody tr').all()).map(async (row) =>
        penceOf(await row.getByRole('cell').nth(1).textContent()),
      ),
    );
    expect(outcomes.length).toBeGreaterThan(2);
    const budgetLessActual = penceOf(
      await page
        .locator('.nhsuk-summary-list__row', { hasText: 'Budget less actual' })
        .locator('dd')
        .first()
        .textContent(),
    );
    expect(outcomes.reduce((s, o) => s + o, 0)).toBe(budgetLessActual);
    await expectAccessible(page);
    await shoot(page, 'mcp-year-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize(desktop);
  });

  it('what-if: top slice, achievement and spend move the parties’ outcomes; 5% is refused', async () => {
    await signInAs(page, mcpFull);
    await page.goto('/population/mcp-budget');
    await page.getByRole('link', { name: 'Try a what-if' }).click();
    await page.getByRole('heading', { level: 1, name: 'MCP budget what-if' }).waitFor();
    const parties = page.getByRole('table', { name: 'Outcome by party' });
    const provider = () => amountIn(parties, 'MCP provider', 2);
    await parties.getByRole('row').filter({ hasText: 'MCP provider' }).waitFor();
    const saved = await provider();
    expect(await amountIn(parties, 'MCP provider', 1)).toBe(saved);

    // Same-day access reaches its target: all-or-nothing earns its part of the pool back.
    const sameDay = page.getByLabel('Urgent requests dealt with the same day (%): achieved');
    await sameDay.fill('90');
    await expect.poll(provider).toBeGreaterThan(saved);
    const achieved = await provider();

    // A bigger top slice (4%): more of the pool is left unearned, the provider loses more.
    const slider = page.getByLabel(/^Top slice:/);
    await slider.fill('400');
    await page.getByText('Top slice: 4% of the budget').waitFor();
    await expect.poll(provider).toBeLessThan(achieved);
    const sliced = await provider();

    // Acute spend halved: a bigger underspend, of which the provider keeps a share.
    const acute = page.getByLabel('Actual spend: Acute (hospital) (£)');
    const acuteSpend = penceOf(`£${await acute.inputValue()}`);
    const halved = Math.round(acuteSpend / 2);
    await acute.fill((halved / 100).toFixed(2));
    await expect.poll(provider).toBeGreaterThan(sliced);
    const withAll = await provider();

    // The server's what-if works out the same figure from the same changes.
    const year = Number(await page.getByLabel('Financial year').inputValue());
    const answer = await api<{ outcome: { parties: { party: string; outcomePence: number }[] } }>(
      page,
      'POST',
      '/api/mcp-budget/what-if',
      {
        financialYear: year,
        topSliceBasisPoints: 400,
        achieved: { 'same-day-access': 90 },
        actualPence: { acute: halved },
      },
    );
    expect(answer.outcome.parties.find((p) => p.party === 'provider')?.outcomePence).toBe(withAll);

    // Spend that is not an amount is named, and the page keeps working.
    await acute.fill('lots');
    await page.getByText('Enter an amount such as 1,234.56').waitFor();
    await acute.fill((halved / 100).toFixed(2));
    await expect.poll(provider).toBe(withAll);

    // 5% is outside the contract's 2.5-4%: the slider goes no further than 4% ...
    await slider.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    await page.getByText('Top slice: 4% of the budget').waitFor();
    expect(await slider.inputValue()).toBe('400');
    await page.getByText('2.5% to 4%').waitFor();
    // ... and the API refuses it with a 400 naming the field, not a 500.
    const refused = await page.evaluate(async (financialYear) => {
      const response = await fetch('/api/mcp-budget/what-if', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ financialYear, topSliceBasisPoints: 500 }),
      });
      return { status: response.status, text: await response.text() };
    }, year);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('topSliceBasisPoints');
    await page.getByRole('heading', { level: 2, name: 'Outcome' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'mcp-what-if-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await shoot(page, 'mcp-what-if-375');
    await page.setViewportSize(desktop);
  });

  it('central finance sets a year in the form: pounds saved as pence, the year shown', async () => {
    const form = await openYearForm(page);
    const shown = Number(await form.getByLabel('Financial year to set').inputValue());
    const source = await api<YearAnswer>(page, 'GET', `/api/mcp-budget/years/${String(shown)}`);
    expect(source.input.lines.length).toBeGreaterThan(0);

    // A new year, 2020/21, from the one on show: a 3% top slice and line 1 typed in pounds.
    await form.getByLabel('Financial year to set').fill('2020');
    await form.getByLabel('Top slice into the quality pool, per cent').fill('3');
    await form.getByLabel('Spend line 1: amount, in pounds').fill('1,234,567.89');
    await form.getByRole('button', { name: 'Save the year' }).click();
    await page.getByText('Saved the MCP budget for 2020/21').waitFor();
    expect(await page.getByLabel('Financial year', { exact: true }).inputValue()).toBe('2020');
    const slice = page.locator('.nhsuk-summary-list__row', {
      hasText: 'Top slice into the quality pool',
    });
    expect(await slice.textContent()).toContain('(3%)');
    const budget = penceOf(
      await page
        .locator('.nhsuk-summary-list__row', { hasText: 'Whole population budget' })
        .locator('dd')
        .first()
        .textContent(),
    );
    expect(penceOf(await slice.locator('dd').first().textContent())).toBe(
      Math.round((budget * 300) / 10_000),
    );
    // What the server keeps: pence, the rest of the year as it was.
    const saved = await api<YearAnswer>(page, 'GET', '/api/mcp-budget/years/2020');
    expect(saved.input.settings.topSliceBasisPoints).toBe(300);
    expect(saved.input.lines[0]?.amountPence).toBe(123_456_789);
    expect(saved.input.lines.slice(1)).toEqual(source.input.lines.slice(1));
    expect(saved.input.metrics).toEqual(source.input.metrics);
    expect(saved.input.actualPence).toEqual(source.input.actualPence);
    await expectAccessible(page);
  });

  it('the year form names a bad field: its own check, and the server’s', async () => {
    const form = await openYearForm(page);
    const shown = await form.getByLabel('Financial year to set').inputValue();
    const before = await api<YearAnswer>(page, 'GET', `/api/mcp-budget/years/${shown}`);

    // 5% is outside the contract's 2.5-4%: named in the summary and at the field.
    const topSlice = form.getByLabel('Top slice into the quality pool, per cent');
    await topSlice.fill('5');
    await form.getByRole('button', { name: 'Save the year' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const message = 'Enter the top slice as a percentage from 2.5 to 4, like 3.5';
    await page.getByRole('link', { name: message }).waitFor();
    expect(await form.locator('#mcp-settings-topSliceBasisPoints-error').textContent()).toContain(
      message,
    );

    // Weights adding up to 101: the server refuses it, named at the first metric's weight.
    await topSlice.fill('3.5');
    const weight = form.getByLabel('Metric 1: weight, per cent of the pool');
    await weight.fill(String(Number(await weight.inputValue()) + 1));
    await form.getByRole('button', { name: 'Save the year' }).click();
    await page.getByRole('link', { name: /The weights must add up to 100, not 101/ }).waitFor();
    expect(await form.locator('#mcp-metrics-0-weightPercent-error').textContent()).toContain(
      'The weights must add up to 100, not 101',
    );
    await expectAccessible(page);
    const after = await api<YearAnswer>(page, 'GET', `/api/mcp-budget/years/${shown}`);
    expect(after.input).toEqual(before.input);
  });

  it('a partner reads the MCP budget but is not offered the form to set a year', async () => {
    // partner@ is a partner of the main demo's first practice: mcp-budget:read, not :manage.
    await signInAs(page, { email: 'partner@atscale.test', password: demo.password });
    await page.goto('/population/mcp-budget');
    await page.getByRole('heading', { level: 1, name: 'MCP budget' }).waitFor();
    await page
      .getByText(/^No MCP budget is set yet|^MCP contract/)
      .first()
      .waitFor();
    expect(await page.getByRole('form', { name: 'Set a year’s MCP budget' }).count()).toBe(0);
    expect(
      await page.getByText(/^Set a year’s budget$|^Change this year or set another$/).count(),
    ).toBe(0);
  });

  it('an administrator defines registers from a loaded code list and from a file of codes', async () => {
    // demo@ is the main demo organisation's administrator (population:manage).
    await signInAs(page, demo);
    await page.goto('/population/registers');
    await page.getByRole('heading', { level: 1, name: 'Registers' }).waitFor();
    const form = page.locator('form', {
      has: page.getByRole('heading', { name: 'Define a register' }),
    });

    // Nothing chosen: the errors are named before anything is sent.
    await form.getByRole('button', { name: 'Define the register' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByText('Enter the register’s name').first().waitFor();

    // From the public eFI list's hypertension codes.
    await form.getByLabel('Name', { exact: true }).fill('Hypertension');
    await form.getByLabel('Key', { exact: true }).fill('hypertension');
    await form.getByLabel('A loaded code list').check();
    const lists = form.getByLabel('Code list', { exact: true });
    await expect.poll(() => lists.locator('option').count()).toBeGreaterThan(1);
    await lists.selectOption({ index: 1 });
    await form.getByLabel('Condition', { exact: true }).selectOption({ label: 'Hypertension' });
    await form.getByRole('button', { name: 'Define the register' }).click();
    await page.getByText(/Hypertension is defined with \d+ codes/).waitFor();
    await expectFiguresPerPractice(page, 'Hypertension');

    // From a small CSV of SNOMED CT codes: the public list's diabetes codes, source and version.
    const list = JSON.parse(
      await readFile(
        new URL('../../db/code-lists/efi-public-snomed.json', import.meta.url),
        'utf8',
      ),
    ) as { deficits: Record<string, { code: string }[]> };
    const codes = (list.deficits['diabetes'] ?? []).map((c) => c.code);
    expect(codes.length).toBeGreaterThan(0);
    await form.getByLabel('Name', { exact: true }).fill('Diabetes (e2e file)');
    await form.getByLabel('Key', { exact: true }).fill('diabetes-e2e');
    await form.getByLabel('A file of codes').check();
    await form.getByLabel('File of SNOMED CT codes').setInputFiles({
      name: 'diabetes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['code', ...codes].join('\n')),
    });
    await form.getByText(`${String(codes.length)} codes read.`).waitFor();
    await form.getByLabel('Source', { exact: true }).fill('atscale public eFI SNOMED CT list');
    await form.getByLabel('Version', { exact: true }).fill('atscale-public-2026.11');
    await form.getByRole('button', { name: 'Define the register' }).click();
    await page
      .getByText(`Diabetes (e2e file) is defined with ${String(codes.length)} codes`)
      .waitFor();
    await expectFiguresPerPractice(page, 'Diabetes (e2e file)');
    await expectAccessible(page);
    await shoot(page, 'registers-1280');
  });
});

/** The register's table lists every practice, with a count and a prevalence at some. */
async function expectFiguresPerPractice(page: Page, name: string): Promise<void> {
  const table = page.getByRole('table', { name: `${name} by practice` });
  await table.waitFor();
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  const texts = await rows.allTextContents();
  expect(texts.some((t) => /\d+\.\d%/.test(t))).toBe(true);
}
