import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PLANNING_FORMS, planningFormRules } from '@atscale/domain';
import { api, expectAccessible, openAppForTests, pathOf, shoot, signIn } from './steps.js';

interface Organisation {
  practices: { id: string; odsCode: string; name: string }[];
}

/**
 * The planner's journey (issue 10): build a scenario from three demo practices, run it with a
 * progress bar, see the 7 forms compared, and export the standalone report.
 */
describe('the planner', () => {
  let page: Page;
  let chosen: Organisation['practices'];

  openAppForTests(async (opened) => {
    page = opened;
    await signIn(page);
    const organisation = await api<Organisation>(page, 'GET', '/api/organisation');
    chosen = organisation.practices.slice(0, 3);
    expect(chosen).toHaveLength(3);
  });

  it('builds a scenario from three practices, runs it, compares the forms and exports the report', async () => {
    await page.goto('/planning');
    await page.getByRole('link', { name: 'New scenario' }).click();
    await page.waitForURL((url) => url.pathname === '/planning/scenarios/new');

    // Saving with nothing chosen names the fields to fix.
    await page.getByRole('button', { name: 'Save scenario' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await expect.poll(() => summary.textContent()).toContain('Name');
    expect(await summary.textContent()).toContain('Practices');

    await page.getByLabel('Scenario name').fill('Three demo practices');
    for (const practice of chosen) {
      await page.getByLabel(`${practice.name} (${practice.odsCode})`, { exact: false }).check();
    }
    await page.getByRole('button', { name: 'Build from chosen practices' }).click();
    const table = page.getByRole('table', { name: /The scenario’s practices \(3\)/ });
    await table.waitFor();
    for (const practice of chosen) {
      expect(await table.textContent()).toContain(practice.odsCode);
    }
    // The assumptions show their defaults and where each comes from.
    const sameDay = page.getByLabel('Needing to be seen the same day (%)');
    expect(await sameDay.inputValue()).toBe('40');
    await expect
      .poll(() => page.getByText('40% of requests needing an appointment').count())
      .toBeGreaterThan(0);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Save scenario' }).click();
    await page.waitForURL((url) => /^\/planning\/scenarios\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { name: 'Run the simulation' }).waitFor();

    await page.getByLabel('Simulated years').fill('20');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const finished = page.getByRole('link', { name: 'See the comparison of the 7 forms' });
    await finished.waitFor({ timeout: 60_000 });
    await shoot(page, 'planning-scenario');
    await finished.click();
    await page.waitForURL((url) => url.pathname.startsWith('/planning/runs/'));

    const comparison = page.getByRole('table', {
      name: 'The forms side by side, for the whole group',
    });
    await comparison.waitFor();
    const headers = await comparison.locator('thead th').allTextContents();
    expect(headers.slice(1)).toEqual(PLANNING_FORMS.map((form) => planningFormRules(form).label));
    expect(await page.locator('figure.app-box-plot').count()).toBe(3);
    expect(await page.getByRole('heading', { name: 'Assumptions' }).count()).toBe(1);
    await expectAccessible(page);
    await shoot(page, 'planning-comparison');

    // The report downloads as one standalone HTML file.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the report (HTML)' }).click();
    const file = await (await download).path();
    const html = await readFile(file, 'utf8');
    expect(html).toContain('Three demo practices');
    expect(html).not.toMatch(/<script/i);
    for (const practice of chosen) expect(html).toContain(practice.odsCode);

    // Printing hides the app's header and the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.nhsuk-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(
      false,
    );
    expect(await comparison.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(pathOf(page)).toMatch(/^\/planning\/runs\//);

    // The scenario is in the organisation's saved list with its run.
    await page.goto('/planning');
    await page.getByRole('link', { name: 'Three demo practices' }).waitFor();
    expect(await page.getByRole('link', { name: '20 simulated years' }).count()).toBe(1);
  });
});
