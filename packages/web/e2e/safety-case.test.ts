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

describe('the clinical safety case', () => {
  let page: Page;

  openAppForTests((opened) => {
    page = opened;
  });

  it('lists the hazards by residual risk, and shows the tests behind a control', async () => {
    await signIn(page);
    await page.goto('/governance/safety-case');
    await page.getByRole('heading', { level: 1, name: /Clinical safety case/ }).waitFor();
    const table = page.getByRole('table', { name: 'Hazards by residual risk' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    const residual = await table
      .locator('tbody tr td:nth-child(3) .nhsuk-tag')
      .evaluateAll((tags) => tags.map((tag) => Number(tag.textContent.replace('Risk ', ''))));
    expect(residual).toEqual([...residual].sort((a, b) => b - a));
    await rows.first().getByRole('link').click();
    const details = page.locator('details').first();
    await details.locator('summary').click();
    await expect.poll(() => details.locator('li').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await shoot(page, 'safety-case-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
  });
});
