import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  shoot,
  signIn,
} from './steps.js';

const today = () => new Date().toISOString().slice(0, 10);

describe('the policy library (GOV-1)', () => {
  let page: Page;

  openAppForTests((opened) => {
    page = opened;
  });

  it('shows what was in force, diffs versions, and takes a new version through approval, adoption and acknowledgement', async () => {
    await signIn(page);
    await page.goto('/governance/policies');
    await page.getByRole('heading', { level: 1, name: 'Policy library' }).waitFor();
    const library = page.getByRole('table', { name: 'Policies' });
    expect(await library.locator('tbody tr').count()).toBe(7);
    await library
      .getByText(/^Overdue since/)
      .first()
      .waitFor();
    await expectAccessible(page);

    // What was in force a year and a half ago, and the change since.
    await library.getByRole('link', { name: 'Safeguarding adults and children' }).click();
    await page.getByRole('heading', { level: 2, name: 'The policy in force' }).waitFor();
    const earlier = new Date(Date.now() - 500 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(earlier);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page
      .getByText(/Version 1/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const diff = page.getByLabel('Differences');
    await diff.locator('ins').first().waitFor();
    expect(await diff.locator('del').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    // Author version 2 of Chaperoning, approve it, adopt it for Riverside, acknowledge it.
    await page.goto('/governance/policies');
    await page
      .getByRole('table', { name: 'Policies' })
      .getByRole('link', { name: 'Chaperoning' })
      .click();
    const draft = page.getByRole('form', { name: 'New draft version' });
    await draft
      .getByLabel('Policy text')
      .fill('# Chaperoning\n\nOffer a chaperone **every time**.');
    await draft.getByLabel('What changed').fill('Every time, not only for intimate examinations');
    await draft.getByLabel('Effective from').fill(today());
    await draft.getByLabel('Review by').fill('2099-01-01');
    await draft.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft version 2 added').waitFor();
    await page.getByRole('button', { name: 'Approve version 2' }).click();
    await page.getByText('Version 2 is approved').waitFor();
    const adopt = page.getByRole('form', { name: 'Adopt the current version' });
    await adopt.getByLabel('Practice').selectOption({ label: 'Riverside Surgery' });
    await adopt.getByRole('button', { name: 'Adopt' }).click();
    await page.getByText('Riverside Surgery has adopted version 2').waitFor();
    await page.getByRole('button', { name: 'I have read version 2' }).click();
    await page.getByText('You have acknowledged Chaperoning for Riverside Surgery').waitFor();
    await expectAccessible(page);
    await shoot(page, 'policy-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
  });
});
