import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { financialYearLabel, financialYearOf, formatPounds } from '@atscale/domain';
import {
  api,
  desktop,
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  shoot,
  signIn,
  tinyDemo,
} from './steps.js';

interface CostCentres {
  costCentres: {
    id: string;
    code: string;
    name: string;
    practices: { id: string; name: string }[];
  }[];
}
interface Settings {
  centralCostCentre: { id: string } | null;
}
interface Line {
  accountCode: string;
  amountPence: number;
}
interface ProfitAndLoss {
  lines: Line[];
  totals: { profitPence: number };
}
interface Invoice {
  id: string;
  invoiceNumber: string;
  practice: { id: string; name: string };
  grossPence: number;
  status: string;
}

/** Today in England, as the app counts it. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const year = financialYearOf(today);
const yearFrom = `${String(year)}-04-01`;
const yearTo = `${String(year + 1)}-03-31`;

// Amounts no demo figure is likely to share, so the pages can be searched for them.
const privateFees = 1_234_567; // £12,345.67
const savingPence = 271_828; // £2,718.28

describe('the finance screens', () => {
  let page: Page;
  let practice: { id: string; name: string };
  let centre: { id: string; name: string; code: string };
  let invoice: Invoice;

  openAppForTests(async (opened) => {
    page = opened;
    await signIn(page);

    // The demo user manages the first practice, so may post to its cost centre.
    const me = await api<{ roles: { role: string; practiceId: string | null }[] }>(
      page,
      'GET',
      '/api/me',
    );
    const managed = me.roles.find((r) => r.role === 'practice-manager')?.practiceId;
    const listing = await api<CostCentres>(page, 'GET', '/api/cost-centres');
    const home = listing.costCentres.find((c) => c.practices.some((p) => p.id === managed));
    const member = home?.practices.find((p) => p.id === managed);
    if (!home || !member) throw new Error('the demo user’s practice has no cost centre');
    practice = member;
    centre = home;

    // The levy needs a central cost centre: the demo's, or a new one.
    const current = await api<Settings>(page, 'GET', '/api/finance/settings');
    const central =
      current.centralCostCentre ??
      (await api<{ id: string }>(page, 'POST', '/api/cost-centres', {
        code: 'E2E-CENTRAL',
        name: 'Central team (e2e)',
      }));
    await api(page, 'PUT', '/api/finance/settings', {
      basis: 'registered-list',
      frequency: 'annually',
      vatTreatment: 'outside-scope',
      invoicePrefix: 'E2E',
      pencePerPatientPerYear: 200,
      paymentTermsDays: 30,
      standardVatBasisPoints: 2000,
      centralCostCentreId: central.id,
    });

    // Private fees banked this year, and staff costs.
    await api(page, 'POST', '/api/finance/journal-entries', {
      entryDate: today,
      description: 'Private medicals (e2e)',
      lines: [
        { costCentreId: centre.id, accountCode: '1000', debitPence: privateFees, creditPence: 0 },
        { costCentreId: centre.id, accountCode: '4050', debitPence: 0, creditPence: privateFees },
      ],
    });
    await api(page, 'POST', '/api/finance/journal-entries', {
      entryDate: today,
      description: 'Extra reception cover (e2e)',
      lines: [
        { costCentreId: centre.id, accountCode: '5000', debitPence: 40_000, creditPence: 0 },
        { costCentreId: centre.id, accountCode: '1000', debitPence: 0, creditPence: 40_000 },
      ],
    });

    // Next year's levy, which no demo run has charged yet.
    const run = await api<{ invoices: Invoice[] }>(page, 'POST', '/api/finance/levy-runs', {
      issuedOn: today,
      financialYear: year + 1,
      periodNumber: 1,
    });
    const ours = run.invoices.find((i) => i.practice.id === practice.id);
    if (!ours) throw new Error('the levy run did not invoice the practice');
    invoice = ours;

    await api(page, 'POST', '/api/finance/savings', {
      practiceId: practice.id,
      service: 'buyers-group',
      periodFrom: yearFrom,
      periodTo: yearTo,
      amountPence: savingPence,
      note: 'Cheaper gloves (e2e)',
    });
  }, tinyDemo);

  it('lists the finance pages on the section’s own page', async () => {
    await page.goto('/finance');
    await page.getByRole('heading', { level: 1, name: /Finance/ }).waitFor();
    for (const name of [
      'Practice finance',
      'Profit and loss',
      'Central finance dashboard',
      'Levy',
      'Central savings',
    ]) {
      await page.getByRole('link', { name, exact: true }).waitFor();
    }
    await expectAccessible(page);
  });

  it('shows a cost centre’s profit and loss with the lines posted, against last year', async () => {
    const pl = await api<ProfitAndLoss>(
      page,
      'GET',
      `/api/finance/profit-and-loss?costCentreId=${centre.id}&from=${yearFrom}&to=${yearTo}`,
    );
    const fees = pl.lines.find((line) => line.accountCode === '4050');
    expect(fees?.amountPence).toBeGreaterThanOrEqual(privateFees);

    await page.goto('/finance/profit-and-loss');
    await page.getByRole('heading', { level: 1, name: /Profit and loss/ }).waitFor();
    await page.getByLabel('Cost centre').selectOption(centre.id);
    await page
      .getByRole('heading', {
        level: 2,
        name: `${centre.name}: The whole year ${financialYearLabel(year)}`,
      })
      .waitFor();
    const income = page.getByRole('table', { name: 'Income' });
    const row = income.getByRole('row', { name: /4050 Private fees/ });
    expect(await row.textContent()).toContain(formatPounds(fees?.amountPence ?? 0));
    await page
      .getByRole('table', { name: 'Expenditure' })
      .getByRole('row', { name: /5000 Staff/ })
      .waitFor();
    await page.getByText('Profit per partner', { exact: true }).waitFor();
    await page.getByText(formatPounds(pl.totals.profitPence)).first().waitFor();
    await page.locator('figure.app-chart').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'finance-profit-and-loss-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize(desktop);
  });

  it('lists the levy invoice as unpaid with its print page, and marks it paid', async () => {
    await page.goto('/finance/levy');
    await page.getByRole('heading', { level: 1, name: /Levy/ }).waitFor();
    await page.getByText('£2.00', { exact: true }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(invoice.invoiceNumber) });
    expect(await row.textContent()).toContain(formatPounds(invoice.grossPence));
    expect(await row.textContent()).toContain('Unpaid');
    const print = row.getByRole('link', { name: `Print invoice ${invoice.invoiceNumber}` });
    expect(await print.getAttribute('href')).toBe(`/api/finance/levy-invoices/${invoice.id}/print`);
    await expectAccessible(page);

    await row.getByRole('button', { name: `Mark paid invoice ${invoice.invoiceNumber}` }).click();
    await page
      .getByRole('alert')
      .getByText(`Recorded invoice ${invoice.invoiceNumber} paid`)
      .waitFor();
    await expect.poll(async () => await row.textContent()).toContain('Paid');
    const stored = await api<Invoice>(page, 'GET', `/api/finance/levy-invoices/${invoice.id}`);
    expect(stored.status).toBe('paid');
    await shoot(page, 'finance-levy-1280');
  });

  it('shows the saving and each practice’s levy against savings', async () => {
    await page.goto('/finance/savings');
    await page.getByRole('heading', { level: 1, name: /Central savings/ }).waitFor();
    const saved = page.getByRole('table', { name: 'Savings recorded' });
    const row = saved.getByRole('row', { name: /Cheaper gloves \(e2e\)/ });
    expect(await row.textContent()).toContain(formatPounds(savingPence));
    expect(await row.textContent()).toContain('Buyers group purchasing');
    const report = page.getByRole('table', { name: 'Levy against savings by practice' });
    await report.getByRole('row', { name: new RegExp(practice.name) }).waitFor();
    await page.getByText('Organisation net benefit').waitFor();
    await page.locator('figure.app-chart').first().waitFor();
    await expectAccessible(page);
  });

  it('opens the central dashboard on profit by cost centre and the unpaid levy', async () => {
    await page.goto('/finance/dashboard');
    await page.getByRole('heading', { level: 1, name: /Central finance dashboard/ }).waitFor();
    await page
      .getByRole('table', { name: 'Profit by cost centre' })
      .getByRole('row', { name: new RegExp(centre.name) })
      .waitFor();
    await page.getByRole('table', { name: 'Unpaid levy by how overdue it is' }).waitFor();
    await page.getByText('Organisation net benefit').waitFor();
    await expectAccessible(page);
    await shoot(page, 'finance-dashboard-1280');
  });

  it('gives a practice one page: profit, levy invoices, savings and a place for payments', async () => {
    await page.goto(`/finance/practices/${practice.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(practice.name) }).waitFor();
    await page.getByRole('row', { name: new RegExp(invoice.invoiceNumber) }).waitFor();
    await page.getByRole('row', { name: /Cheaper gloves \(e2e\)/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Payments due and overdue' }).waitFor();
    await page.getByText('Profit per partner', { exact: true }).waitFor();
    await expectAccessible(page);
  });
});
