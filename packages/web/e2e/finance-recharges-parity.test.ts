import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { financialYearLabel, financialYearOf, formatPounds } from '@atscale/domain';
import {
  api,
  desktop,
  expectAccessible,
  expectFitsWidth,
  fillDate,
  openAppForTests,
  phone,
  shoot,
  signIn,
  signOut,
} from './steps.js';
import { runAtscale } from './start-app.js';

interface Practice {
  id: string;
  odsCode: string;
  name: string;
}
interface Invoice {
  id: string;
  invoiceNumber: string;
  provider: Practice;
  recipient: Practice;
  netPence: number;
  vatPence: number;
  grossPence: number;
  status: string;
}
interface ParityPlan {
  markPence: number;
  centres: { costCentre: { id: string; name: string } }[];
  path: { year: number; sumPence: number; transfers: { transferPence: number }[] }[];
}

/** Text for a regular expression that matches it literally. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Today in England, as the app counts it. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const year = financialYearOf(today);
// Last month: wholly past, so usage in it may be invoiced now.
const [thisYear, thisMonth] = today.split('-').map(Number) as [number, number];
const month =
  thisMonth === 1
    ? `${String(thisYear - 1)}-12`
    : `${String(thisYear)}-${String(thisMonth - 1).padStart(2, '0')}`;

// Figures no demo amount is likely to share, so the pages can be searched for them.
const unitPricePence = 12_345; // £123.45 a session, standard-rated: VAT shows apart
const sessions = 3;
const budgetPence = 987_654; // £9,876.54 of private fees for the year
const serviceName = 'Shared practice nurse (e2e)';
// The federation's first practice, and a manager of it, who sees its recharges read-only.
const managedOds = 'Y93001';
const manager = { email: 'manager@e2e.test', password: 'manager-e2e-password-1' };

/**
 * A federation: its members are separate businesses, so a standard-rated service bears VAT on
 * its recharge invoices (in a super-partnership every recharge is outside the scope of VAT).
 */
const federation = {
  prepare: async (data: string) => {
    await runAtscale(['demo', '--scale', 'tiny', '--form', 'federation', '--data', data]);
    await runAtscale(
      [
        'user',
        'add',
        '--email',
        manager.email,
        '--role',
        `practice-manager:${managedOds}`,
        '--name',
        'Pat Manager',
        '--data',
        data,
      ],
      `${manager.password}\n`,
    );
  },
};

describe('the recharges, budgets and parity screens', () => {
  let page: Page;
  let provider: Practice;
  let recipient: Practice;
  let agreementId: string;
  let centre: { id: string; name: string };

  openAppForTests(async (opened) => {
    page = opened;
    await signIn(page, { email: 'federation@atscale.test', password: 'atscale-demo' });
    // A federation keeps no profit per cost centre, so the demo has none: give two practices
    // one each from the month recharged, as the run posts to both practices' ledgers.
    const listing = await api<{ unassignedPractices: Practice[] }>(
      page,
      'GET',
      '/api/cost-centres',
    );
    const first = listing.unassignedPractices.find((p) => p.odsCode === managedOds);
    const second = listing.unassignedPractices.find((p) => p.odsCode !== managedOds);
    if (!first || !second) throw new Error('the demo has fewer than two practices');
    recipient = first;
    provider = second;
    for (const [index, practice] of [recipient, provider].entries()) {
      const made = await api<{ id: string; name: string }>(page, 'POST', '/api/cost-centres', {
        code: `E2E-${String(index + 1)}`,
        name: `${practice.name} (e2e)`,
      });
      await api(page, 'POST', '/api/cost-centres/assignments', {
        practiceId: practice.id,
        costCentreId: made.id,
        effectiveFrom: `${month}-01`,
      });
      if (practice === recipient) centre = made;
    }
    const agreement = await api<{ id: string }>(page, 'POST', '/api/finance/recharge-agreements', {
      providerPracticeId: provider.id,
      recipientPracticeId: recipient.id,
      serviceName,
      unit: 'session',
      unitPricePence,
      vatTreatment: 'standard',
      startsOn: `${month}-01`,
    });
    agreementId = agreement.id;
    await api(page, 'POST', `/api/finance/recharge-agreements/${agreementId}/usage`, {
      usedOn: `${month}-15`,
      quantity: sessions,
      note: 'Cover for leave (e2e)',
    });
  }, federation);

  it('shows the agreement and its usage, runs the month and shows the invoice’s VAT apart', async () => {
    await page.goto('/finance/recharges');
    await page.getByRole('heading', { level: 1, name: /Recharges/ }).waitFor();
    const agreements = page.getByRole('table', { name: 'Recharge agreements' });
    const row = agreements.getByRole('row', {
      name: new RegExp(escaped(serviceName)),
    });
    expect(await row.textContent()).toContain(`${formatPounds(unitPricePence)} a session`);
    expect(await row.textContent()).toContain('Standard rate');

    await page.getByLabel('Agreement', { exact: true }).selectOption(agreementId);
    const usage = page.getByRole('table', { name: `Usage of ${serviceName}` });
    const used = usage.getByRole('row', { name: /Cover for leave \(e2e\)/ });
    expect(await used.textContent()).toContain('Not invoiced yet');
    expect(await used.textContent()).toContain(formatPounds(sessions * unitPricePence));
    await expectAccessible(page);

    await page.getByRole('combobox', { name: 'Month', exact: true }).selectOption(month);
    await page.getByRole('button', { name: /Invoice the recharges for/ }).click();
    await page
      .getByRole('alert')
      .getByText(/Invoiced the recharges for/)
      .waitFor();

    const invoices = await api<{ invoices: Invoice[] }>(
      page,
      'GET',
      `/api/finance/recharge-invoices?month=${month}&practiceId=${provider.id}`,
    );
    const invoice = invoices.invoices.find(
      (i) => i.provider.id === provider.id && i.recipient.id === recipient.id,
    );
    if (!invoice) throw new Error('the run made no invoice from the provider to the recipient');
    const net = sessions * unitPricePence;
    expect(invoice.netPence).toBe(net);
    expect(invoice.vatPence).toBe(Math.round(net * 0.2));
    expect(invoice.grossPence).toBe(net + invoice.vatPence);

    const table = page.getByRole('table', {
      name: `Recharge invoices ${financialYearLabel(year)}`,
    });
    const head = await table.getByRole('row').first().textContent();
    expect(head).toMatch(/Net.*VAT.*Gross/);
    const line = table.getByRole('row', { name: new RegExp(invoice.invoiceNumber) });
    const text = (await line.textContent()) ?? '';
    for (const pence of [invoice.netPence, invoice.vatPence, invoice.grossPence]) {
      expect(text).toContain(formatPounds(pence));
    }
    expect(text).toContain('Unpaid');
    const print = line.getByRole('link', { name: `Print invoice ${invoice.invoiceNumber}` });
    expect(await print.getAttribute('href')).toBe(
      `/api/finance/recharge-invoices/${invoice.id}/print`,
    );
    expect(await used.textContent()).toContain(invoice.invoiceNumber);
    await expectAccessible(page);
    await shoot(page, 'finance-recharges-1280');

    await line.getByRole('button', { name: `Mark paid invoice ${invoice.invoiceNumber}` }).click();
    await page
      .getByRole('alert')
      .getByText(`Recorded recharge invoice ${invoice.invoiceNumber} paid`)
      .waitFor();
    const stored = await api<Invoice>(page, 'GET', `/api/finance/recharge-invoices/${invoice.id}`);
    expect(stored.status).toBe('paid');
  });

  it('records usage in the browser and removes it while it is not invoiced', async () => {
    await page.goto('/finance/recharges');
    await page.getByLabel('Agreement', { exact: true }).selectOption(agreementId);
    await page.getByText('Record usage of this service').click();
    const form = page.getByRole('form', { name: 'Record usage' });
    await fillDate(form, 'Date used', `${month}-20`);
    await form.getByLabel('How many (sessions)').fill('2');
    await form.getByLabel('Note (optional)').fill('Extra clinic (e2e)');
    await form.getByRole('button', { name: 'Record the usage' }).click();
    await page
      .getByRole('alert')
      .getByText(/Recorded 2 × session/)
      .waitFor();
    const usage = page.getByRole('table', { name: `Usage of ${serviceName}` });
    const row = usage.getByRole('row', { name: /Extra clinic \(e2e\)/ });
    expect(await row.textContent()).toContain('Not invoiced yet');
    // The invoiced row has no remove button: only usage not yet invoiced may be removed.
    const invoiced = usage.getByRole('row', { name: /Cover for leave \(e2e\)/ });
    expect(await invoiced.getByRole('button').count()).toBe(0);
    await row.getByRole('button', { name: /^Remove/ }).click();
    await page
      .getByRole('alert')
      .getByText(/Removed the usage of/)
      .waitFor();
    await expect.poll(async () => await row.count()).toBe(0);
    const stored = await api<{ usage: unknown[] }>(
      page,
      'GET',
      `/api/finance/recharge-agreements/${agreementId}/usage`,
    );
    expect(stored.usage).toHaveLength(1);
  });

  it('shows the practice what it receives and the dashboard what was invoiced', async () => {
    await page.goto(`/finance/practices/${recipient.id}`);
    await page.getByRole('heading', { level: 2, name: 'Recharges' }).waitFor();
    const inForce = page.getByRole('table', { name: 'Recharged services in force today' });
    const row = inForce.getByRole('row', { name: new RegExp(escaped(provider.name)) });
    expect(await row.textContent()).toContain('Receives');

    await page.goto('/finance/dashboard');
    await page
      .getByRole('heading', {
        level: 2,
        name: `Recharges between practices: ${financialYearLabel(year)}`,
      })
      .waitFor();
    await page.getByRole('link', { name: /Plan the glide path/ }).waitFor();
    await page
      .locator('figure.app-chart', { hasText: 'Recharges each practice invoiced' })
      .waitFor();
  });

  it('sets a cost centre’s budget and shows it against the actuals in profit and loss', async () => {
    await page.goto('/finance/budgets');
    await page.getByRole('heading', { level: 1, name: /Budgets/ }).waitFor();
    await page.getByLabel('Cost centre').selectOption(centre.id);
    await page.getByLabel('Financial year').selectOption(String(year));
    await page
      .getByRole('heading', { level: 2, name: `${centre.name}: ${financialYearLabel(year)}` })
      .waitFor();
    await page.getByLabel('4050 Private fees').fill('9,876.54');
    await page.getByRole('button', { name: 'Save the budget' }).click();
    await page
      .getByRole('alert')
      .getByText(/Saved the .* budget of/)
      .waitFor();
    const stored = await api<{ lines: { accountCode: string; amountPence: number }[] }>(
      page,
      'GET',
      `/api/finance/budgets?costCentreId=${centre.id}&financialYear=${String(year)}`,
    );
    await shoot(page, 'finance-budgets-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize(desktop);
    expect(stored.lines).toEqual([
      expect.objectContaining({ accountCode: '4050', amountPence: budgetPence }),
    ]);
    await expectAccessible(page);

    await page.goto('/finance/profit-and-loss');
    await page.getByLabel('Cost centre').selectOption(centre.id);
    const income = page.getByRole('table', { name: 'Income' });
    await income.getByRole('columnheader', { name: 'Budget', exact: true }).waitFor();
    await income.getByRole('columnheader', { name: 'Variance to budget' }).waitFor();
    const fees = income.getByRole('row', { name: /4050 Private fees/ });
    await expect.poll(async () => await fees.textContent()).toContain(formatPounds(budgetPence));
    await page.getByText('Budgeted profit', { exact: true }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'finance-budget-pl-1280');
  });

  it('plans parity: changing the years redraws the transfers, which sum to nil', async () => {
    const plan = await api<ParityPlan>(
      page,
      'GET',
      `/api/finance/parity?financialYear=${String(year)}&years=5`,
    );
    expect(plan.path).toHaveLength(5);

    await page.goto('/finance/parity');
    await page.getByRole('heading', { level: 1, name: /Profit parity planner/ }).waitFor();
    await page.getByLabel('Start from the actual profits of').selectOption(String(year));
    const table = page.getByRole('table', {
      name: /Annual transfers between cost centres over 3 years/,
    });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toContain('Year 3');
    await page.locator('figure.app-chart').first().waitFor();
    await expectAccessible(page);

    await page.getByLabel('Years to parity').selectOption('5');
    const five = page.getByRole('table', {
      name: /Annual transfers between cost centres over 5 years/,
    });
    await five.waitFor();
    const headers = await five.getByRole('columnheader').allTextContents();
    expect(headers).toContain('Year 5');
    expect(headers).not.toContain('Year 6');
    const sum = five.getByRole('row', { name: /^Sum/ });
    const sums = (await sum.getByRole('cell').allTextContents()).slice(1);
    expect(sums).toEqual(Array.from({ length: 6 }, () => '£0.00'));
    const first = plan.centres[0];
    const firstTransfer = plan.path[0]?.transfers[0]?.transferPence ?? 0;
    if (first) {
      const row = five.getByRole('row', { name: new RegExp(escaped(first.costCentre.name)) });
      expect(await row.textContent()).toContain(formatPounds(Math.abs(firstTransfer)));
    }
    await page.getByText(formatPounds(plan.markPence)).first().waitFor();
    await shoot(page, 'finance-parity-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize(desktop);
  });

  it('shows a practice manager their practice’s recharges, read-only', async () => {
    await signOut(page);
    await signIn(page, manager);
    await page.goto('/finance/recharges');
    await page.getByRole('heading', { level: 1, name: /Recharges/ }).waitFor();
    await page
      .getByRole('table', { name: 'Recharge agreements' })
      .getByRole('row', { name: new RegExp(escaped(serviceName)) })
      .waitFor();
    const invoices = page.getByRole('table', {
      name: `Recharge invoices ${financialYearLabel(year)}`,
    });
    await invoices.getByRole('row', { name: new RegExp(escaped(provider.name)) }).waitFor();
    expect(await page.getByText('Agree a new recharge').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Invoice a month’s recharges' }).count()).toBe(
      0,
    );
    expect(await page.getByRole('button', { name: /Mark paid|Remove/ }).count()).toBe(0);
    expect(await page.getByText('Record usage of this service').count()).toBe(0);
    await expectAccessible(page);

    await page.goto('/finance/parity');
    await page
      .getByRole('heading', {
        level: 1,
        name: 'You do not have permission to see the profit parity planner',
      })
      .waitFor();

    // Their own cost centre's budget, which they may read but not set.
    await page.goto('/finance/budgets');
    await page.getByRole('heading', { level: 2, name: new RegExp(escaped(centre.name)) }).waitFor();
    await page.getByText('Profit budgeted', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Save the budget' }).count()).toBe(0);
  });
});
