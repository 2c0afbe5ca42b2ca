import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  errorSummary,
  expectAccessible,
  expectFitsWidth,
  expectRefusalShown,
  openAppForTests,
  pathOf,
  phone,
  shoot,
  signIn,
} from './steps.js';

// The checklist as the page labels it (DUE_DILIGENCE_ITEM_LABELS in the domain).
const checklist = [
  'Finances: 3 years of profit',
  'CQC rating',
  'Quality indicators',
  'List growth',
  'Premises liability',
  'Workforce age profile and retirements',
  'Ethos interview',
];

describe('the membership journey', () => {
  let page: Page;
  let odsCode: string;
  const practiceName = 'Orchard Lane Surgery';

  const notice = () => page.getByRole('main').getByRole('status').first();

  openAppForTests((opened) => {
    page = opened;
  });

  it('signs in and opens the membership pipeline from the organisation page', async () => {
    await signIn(page);

    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Organisation' })
      .click();
    await page.getByRole('link', { name: 'Membership pipeline' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Membership pipeline/ }).waitFor();
    expect(pathOf(page)).toBe('/organisation/membership');
    for (const stage of ['Enquiry', 'Due diligence', 'Decision', 'Member', 'Leaving']) {
      expect(
        await page.getByRole('region', { name: new RegExp(`^${stage} \\(\\d+\\)$`) }).count(),
      ).toBe(1);
    }
    // A code the demo organisation does not have yet, whatever the demo seed holds.
    const board = await page.evaluate(async () => {
      const response = await fetch('/api/membership', { credentials: 'same-origin' });
      return (await response.json()) as { practices: { odsCode: string }[] };
    });
    const taken = new Set(board.practices.map((practice) => practice.odsCode));
    odsCode = Array.from({ length: 100 }, (_, i) => `Q7${String(3000 + i)}`).find(
      (code) => !taken.has(code),
    ) as string;
    await expectAccessible(page);
    await shoot(page, 'membership-board-1280');
  });

  it('records an enquiry, after showing the server’s reason for a bad ODS code', async () => {
    await page.getByLabel('ODS code').fill('A8100');
    await page.getByLabel('Practice name').fill(practiceName);
    const [invalid] = await Promise.all([
      page.waitForResponse('**/api/membership/enquiries'),
      page.getByRole('button', { name: 'Record enquiry' }).click(),
    ]);
    await expectRefusalShown(page, invalid, 'odsCode');
    await expectAccessible(page);
    await shoot(page, 'membership-enquiry-error-1280');

    await page.getByLabel('ODS code').fill(odsCode);
    await page.getByRole('button', { name: 'Record enquiry' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(practiceName) }).waitFor();
    expect(pathOf(page)).toMatch(/^\/organisation\/membership\/[^/]+$/);
    const main = page.getByRole('main');
    expect(await main.textContent()).toContain(odsCode);
    expect(await main.textContent()).toContain('0 green, 0 amber, 0 red, 7 not rated');
    await expectAccessible(page);
  });

  it('moves to due diligence, and refuses the decision while the checklist is incomplete', async () => {
    await page.getByRole('radio', { name: 'Due diligence' }).check();
    await page.getByRole('button', { name: 'Move practice' }).click();
    await notice()
      .getByText(/^Moved to due diligence/)
      .waitFor();
    expect(await page.getByRole('table', { name: 'Stage history' }).textContent()).toContain(
      'Enquiry to due diligence',
    );

    await page.getByRole('radio', { name: 'Decision' }).check();
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/stage-changes')),
      page.getByRole('button', { name: 'Move practice' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    const summary = await errorSummary(page);
    expect(await summary.textContent()).toContain(
      'The decision cannot be taken until due diligence is complete',
    );
    await expectAccessible(page);
    await shoot(page, 'membership-decision-refused-1280');
  });

  it('rates every checklist item with evidence, saving each one', async () => {
    const ratings = ['Green', 'Green', 'Amber', 'Green', 'Red', 'Amber', 'Green'];
    for (const [index, label] of checklist.entries()) {
      const item = page.getByRole('region', { name: label });
      await item.getByRole('radio', { name: ratings[index] ?? 'Green' }).check();
      await item.getByLabel(`Evidence for ${label}`).fill(`Checked for the e2e test: ${label}`);
      const [saved] = await Promise.all([
        page.waitForResponse((response) => response.url().includes('/due-diligence/')),
        item.getByRole('button', { name: `Save ${label}` }).click(),
      ]);
      expect(saved.status()).toBe(200);
      await item.getByRole('status').getByText(`${label}: saved`).waitFor();
    }
    expect(await page.getByRole('main').textContent()).toContain(
      '4 green, 2 amber, 1 red, 0 not rated',
    );
    await expectAccessible(page);
    await shoot(page, 'membership-checklist-1280');
  });

  it('moves the practice to the decision, which the history and the board show', async () => {
    await page.getByRole('radio', { name: 'Decision' }).check();
    await page.getByRole('button', { name: 'Move practice' }).click();
    await notice()
      .getByText(/^Moved to decision/)
      .waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const history = page.getByRole('table', { name: 'Stage history' });
    expect(await history.locator('tbody tr').count()).toBe(3);
    expect(await history.textContent()).toContain('Due diligence to decision');
    // From the decision, signing or declining asks who decided and why.
    await page.getByRole('radio', { name: 'Signed' }).check();
    await page.getByLabel('Decided by').waitFor();
    await page.getByLabel('Reason for the decision').waitFor();
    await expectAccessible(page);
    await shoot(page, 'membership-decision-1280');

    await page.getByRole('link', { name: 'Back to membership pipeline' }).click();
    const column = page.getByRole('region', { name: /^Decision \(\d+\)$/ });
    await column.getByRole('link', { name: practiceName }).waitFor();
    expect(await column.textContent()).toContain('4 green, 2 amber, 1 red, 0 not rated');
    await expectAccessible(page);
    await shoot(page, 'membership-board-after-1280');

    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await expectAccessible(page);
    await shoot(page, 'membership-board-375');
  });
});
