import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, openAppForTests, shoot, signIn, signOut } from './steps.js';

const partner = { email: 'partner@atscale.test', password: 'atscale-demo' };

describe('a board election (GOV-4)', () => {
  let page: Page;

  openAppForTests((opened) => {
    page = opened;
  });

  it('a partner votes by ranking with the keyboard, the count runs, the results show the stages', async () => {
    await signIn(page, partner);
    await page.goto('/governance/elections');
    await page.getByRole('link', { name: 'Board election 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Board election 2026' }).waitFor();
    const ballot = page.getByRole('form', { name: 'Your ballot' });
    const boxes = ballot.getByRole('textbox');
    expect(await boxes.count()).toBe(4); // the withdrawn candidate is not on the ballot
    // Keyboard only: focus the first box, type, tab to the next.
    await boxes.nth(0).focus();
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await expectAccessible(page);
    await ballot.getByRole('button', { name: 'Cast my vote' }).click();
    const receipt = (await page.getByTestId('receipt-code').textContent()) ?? '';
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await page.getByRole('button', { name: 'I have kept my receipt code' }).click();
    await page.getByText('You have voted.').waitFor();
    await signOut(page);

    // The governance side: close voting, count, publish.
    await signIn(page);
    await page.goto('/governance/elections');
    await page.getByRole('link', { name: 'Board election 2026' }).click();
    for (const step of ['Close voting', 'Count the votes', 'Publish the results']) {
      await page.getByRole('button', { name: step }).click();
      await page.getByText(`${step}: done`).waitFor();
    }
    const table = page.getByRole('table', { name: 'The count, stage by stage' });
    await table.waitFor();
    expect(await table.locator('thead th').count()).toBeGreaterThan(2); // at least 2 stages
    await expect.poll(() => page.getByTestId('elected').locator('li').count()).toBe(3);
    await signOut(page);

    // The partner checks their receipt: counted.
    await signIn(page, partner);
    await page.goto('/governance/elections');
    await page.getByRole('link', { name: 'Board election 2026' }).click();
    await page.getByLabel('Receipt code').fill(receipt);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect
      .poll(() => page.getByTestId('receipt-answer').textContent())
      .toBe('A ballot with this receipt code was counted.');
    await expectAccessible(page);
    await shoot(page, 'board-election-results-1280');
  });
});
