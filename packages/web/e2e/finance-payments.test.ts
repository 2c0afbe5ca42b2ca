import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SEED, demoPlan, financialYearOf, formatPounds } from '@atscale/domain';
import { runAtscale } from './start-app.js';
import {
  api,
  desktop,
  errorSummary,
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  shoot,
  signIn,
  signOut,
  prepareTinyDemo,
} from './steps.js';

/** Central finance in the demo: imports, matches and chases for every practice. */
const finance = { email: 'finance@atscale.test', password: 'atscale-demo' };
/** The journey's practice (the tiny demo's first) and a manager of it, added before the app starts. */
const planned = demoPlan({
  scale: 'tiny',
  seed: DEFAULT_DEMO_SEED,
  form: 'autonomy-super-partnership',
}).practices[0];
if (!planned) throw new Error('the demo plan has no practice');
const manager = { email: 'e2e-manager@atscale.test', password: 'manager-e2e-pass' };

/** A day `days` from today in England (before it when negative), as the app counts days. */
const dayInEngland = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
const today = dayInEngland(0);

interface Ageing {
  items: { id: string }[];
  total: { count: number; totalPence: number };
}
interface Expected {
  id: string;
  description: string;
  reference: string | null;
  amountPence: number;
}

// Three overdue payments the journey adds, with amounts and references no demo payment has.
const added = [
  {
    description: 'E2E enhanced service',
    reference: 'E2E-PAY-0001',
    amountPence: 1_234_501,
    days: -45,
  },
  {
    description: 'E2E training grant',
    reference: 'E2E-PAY-0002',
    amountPence: 1_234_502,
    days: -20,
  },
  {
    description: 'E2E other payment',
    reference: 'E2E-PAY-0003',
    amountPence: 1_234_503,
    days: -100,
  },
] as const;
const pounds = (pence: number) => (pence / 100).toFixed(2);
const dueOf = (index: 0 | 1 | 2) => dayInEngland(added[index].days);

describe('payment tracking: import a statement, match it, and the overdue list shrinks', () => {
  let page: Page;
  let practice: { id: string; name: string };
  const expected: Expected[] = [];
  let overdueAtStart = 0;

  const ageingOfPractice = () =>
    api<Ageing>(page, 'GET', `/api/finance/payment-ageing?practiceId=${practice.id}`);

  /** The practice's finance page, and how many payments its overdue list shows. */
  const overdueShown = async (): Promise<number> => {
    await page.goto(`/finance/practices/${practice.id}`);
    await page.getByRole('heading', { level: 2, name: 'Payments due and overdue' }).waitFor();
    const list = page.getByRole('table', {
      name: `Overdue payments of ${practice.name}`,
      exact: true,
    });
    await list.waitFor();
    return list.locator('tbody tr').count();
  };

  openAppForTests(
    async (opened) => {
      page = opened;
      await signIn(page, finance);
      const organisation = await api<{
        practices: { id: string; odsCode: string; name: string }[];
      }>(page, 'GET', '/api/organisation');
      const first = organisation.practices.find((p) => p.odsCode === planned.odsCode);
      if (!first) throw new Error(`the demo has no practice ${planned.odsCode}`);
      practice = first;
      for (const payment of added) {
        expected.push(
          await api<Expected>(page, 'POST', '/api/finance/expected-payments', {
            practiceId: practice.id,
            kind: 'other',
            payer: 'E2E Commissioner',
            amountPence: payment.amountPence,
            dueOn: dayInEngland(payment.days),
            reference: payment.reference,
            description: payment.description,
          }),
        );
      }
      overdueAtStart = (await ageingOfPractice()).total.count;
    },
    {
      prepare: async (data) => {
        await prepareTinyDemo(data);
        await runAtscale(
          [
            'user',
            'add',
            '--email',
            manager.email,
            '--role',
            `practice-manager:${planned.odsCode}`,
            '--name',
            'Pat Manager',
            '--data',
            data,
          ],
          `${manager.password}\n`,
        );
      },
    },
  );

  it('lists the practice’s overdue payments, by age, with its next payments due', async () => {
    expect(overdueAtStart).toBeGreaterThanOrEqual(added.length);
    expect(await overdueShown()).toBe(overdueAtStart);
    await page.getByText(`${String(overdueAtStart)} overdue payments:`).waitFor();
    const byAge = page.getByRole('table', { name: `Overdue payments of ${practice.name} by age` });
    await byAge.getByRole('row', { name: /More than 90 days overdue/ }).waitFor();
    const ours = page.getByRole('row', { name: /E2E other payment/ });
    expect(await ours.textContent()).toContain(formatPounds(added[2].amountPence));
    await expectAccessible(page);
  });

  it('refuses a statement with a bad row, shows the row’s error, and changes nothing', async () => {
    const before = await ageingOfPractice();
    const queueBefore = await api<{ total: number }>(
      page,
      'GET',
      '/api/finance/received-payments/review',
    );
    await page.goto('/finance/payments');
    await page.getByRole('heading', { level: 1, name: /Payments/ }).waitFor();
    const form = page.getByRole('form', { name: 'Import a statement' });
    await form
      .getByLabel('Statement', { exact: true })
      .fill(
        [
          'date,payer,reference,amount',
          `${today},E2E Commissioner,BACS ${added[0].reference},${pounds(added[0].amountPence)}`,
          `${today},E2E Commissioner,BACS E2E,"12,34.00"`,
        ].join('\n'),
      );
    await form.getByRole('button', { name: 'Import the statement' }).click();
    const summary = await errorSummary(form);
    expect(await summary.textContent()).toMatch(/Row 3, amount: /);
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('statement-csv');
    expect(await ageingOfPractice()).toEqual(before);
    const queueAfter = await api<{ total: number }>(
      page,
      'GET',
      '/api/finance/received-payments/review',
    );
    expect(queueAfter.total).toBe(queueBefore.total);
    await expectAccessible(page);
  });

  it('imports a statement: one row matched by its reference, one left for review', async () => {
    await page.goto('/finance/payments');
    const form = page.getByRole('form', { name: 'Import a statement' });
    await form
      .getByLabel('Statement', { exact: true })
      .fill(
        [
          'date,payer,reference,amount',
          `${today},E2E Commissioner,BACS ${added[0].reference},${pounds(added[0].amountPence)}`,
          `${today},Someone Else Ltd,UNCLEAR 42,${pounds(added[1].amountPence)}`,
        ].join('\n'),
      );
    await form.getByRole('button', { name: 'Import the statement' }).click();
    await page
      .getByRole('alert')
      .getByText('Imported 2 payments: 1 matched, 1 for review')
      .waitFor();
    await shoot(page, 'finance-payments-1280');
    expect(await overdueShown()).toBe(overdueAtStart - 1);
    await expect
      .poll(async () => await page.getByRole('row', { name: /E2E enhanced service/ }).count())
      .toBe(0);
  });

  it('matches the row waiting for review by hand, and the overdue list shrinks again', async () => {
    await page.goto('/finance/payments');
    const card = page.getByRole('form', { name: 'Match row 3', exact: true });
    await card.waitFor();
    const choice = card.getByLabel('Expected payment it settles');
    const option = choice.locator('option', { hasText: added[1].reference });
    const label = (await option.textContent()) ?? '';
    await choice.selectOption({ label });
    await card.getByRole('button', { name: 'Match row 3' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Matched /)
      .waitFor();
    await expect.poll(async () => card.count()).toBe(0);
    expect(await overdueShown()).toBe(overdueAtStart - 2);
    expect((await ageingOfPractice()).items.map((i) => i.id)).not.toContain(expected[1]?.id);
  });

  it('undoes the match by hand: the payment is overdue again and the row waits again', async () => {
    await page.goto('/finance/payments');
    await page.locator('#expected-filter-practice').selectOption(practice.id);
    await page.locator('#expected-filter-status').selectOption('received');
    await page.locator('#expected-year').selectOption(String(financialYearOf(dueOf(1))));
    const received = page.getByRole('row', { name: new RegExp(added[1].description) });
    expect(await received.textContent()).toContain('matched by hand');
    await received.getByRole('button', { name: `Undo match of ${added[1].description}` }).click();
    await page.getByRole('alert').getByText(`Undid the match of ${added[1].description}`).waitFor();
    await page.getByRole('form', { name: 'Match row 3', exact: true }).waitFor();
    expect(await overdueShown()).toBe(overdueAtStart - 1);
  });

  it('names who chases an overdue payment, records a chase and shows it in the log', async () => {
    await page.goto('/finance/payments');
    await page
      .getByRole('button', { name: `Chase ${added[2].description}, ${practice.name}` })
      .click();
    const panel = page.getByRole('region', { name: `${added[2].description}: ${practice.name}` });
    await panel.waitFor();
    await panel.getByLabel('Who chases it').selectOption({ index: 1 });
    await panel.getByRole('button', { name: 'Save who chases it' }).click();
    await page
      .getByRole('alert')
      .getByText(/now chases E2E other payment/)
      .waitFor();
    await panel.getByLabel('How it was chased').selectOption('phone');
    await panel.getByLabel('What was said (optional)').fill('Spoke to the commissioner (e2e)');
    await panel.getByRole('button', { name: 'Record chase' }).click();
    await page.getByRole('alert').getByText('Recorded a chase of E2E other payment').waitFor();
    const log = panel.getByRole('table', { name: 'Chase log' });
    await log.getByRole('row', { name: /Spoke to the commissioner \(e2e\)/ }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(added[2].description) }).first();
    expect(await row.textContent()).toContain('Phone call');
    await expectAccessible(page);
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize(desktop);
    // Closing gives the focus back to the row's button.
    await panel.getByRole('button', { name: `Close ${added[2].description}` }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe(`chase-${expected[2]?.id ?? ''}`);
  });

  it('shows the overdue ageing on the central dashboard', async () => {
    await page.goto('/finance/dashboard');
    const table = page.getByRole('table', { name: 'Overdue payments by practice and age' });
    const row = table.getByRole('row', { name: new RegExp(practice.name) });
    await row.waitFor();
    const ageing = await ageingOfPractice();
    expect(await row.textContent()).toContain(formatPounds(ageing.total.totalPence));
    await page.locator('figure.app-chart').first().waitFor();
    await expectAccessible(page);
  });

  it('shows a practice manager their practice’s payments read-only, and not the payments page', async () => {
    const shown = (await ageingOfPractice()).total.count;
    await signOut(page);
    await signIn(page, manager);
    // Their one practice's finance page is where /finance/practice takes them.
    await page.goto('/finance/practice');
    await page.getByRole('heading', { level: 1, name: practice.name }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Payments due and overdue' }).waitFor();
    const list = page.getByRole('table', {
      name: `Overdue payments of ${practice.name}`,
      exact: true,
    });
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(shown);
    await shoot(page, 'finance-practice-payments-1280');
    expect(await page.getByRole('button', { name: /^Chase / }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Chase and match payments' }).count()).toBe(0);
    await expectAccessible(page);
    await page.goto('/finance/payments');
    await page
      .getByRole('heading', {
        level: 1,
        name: 'You do not have permission to see payment tracking',
      })
      .waitFor();
  });
});
