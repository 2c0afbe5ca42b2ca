import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  errorSummary,
  expectAccessible,
  expectFitsWidth,
  focusedId,
  openAppForTests,
  pathOf,
  phone,
  shoot,
  signIn,
} from './steps.js';

// The demo account (see steps.ts) is an organisation admin and practice 1's manager.
const organisationName = 'Demo Health Partnership';
const firstPractice = 'Riverside Surgery';
// A name no demo seed uses, so the test finds only the site it adds.
const siteName = 'Riverside Annexe (e2e)';

describe('practices and sites', () => {
  let page: Page;

  /** The details element whose summary reads `summary`, opened. */
  const openDetails = async (summary: string) => {
    const details = page.locator('details').filter({
      has: page.locator('summary', { hasText: new RegExp(`^\\s*${summary}\\s*$`) }),
    });
    await details.locator('summary').click();
    return details;
  };

  openAppForTests((opened) => {
    page = opened;
  });

  it('signs in and shows the organisation’s form, its history and totals', async () => {
    await signIn(page);
    await page.goto('/organisation');
    await page.getByRole('heading', { level: 1, name: organisationName }).waitFor();
    const main = page.getByRole('main');
    await page.getByRole('table', { name: 'Form history, newest first' }).waitFor();
    expect(await main.textContent()).toContain('Autonomy super-partnership');
    expect(await main.textContent()).toMatch(/\d+ sites?/);
    // The demo user is an organisation admin, so may record a change of form.
    expect(await page.getByText('Change the form', { exact: true }).isVisible()).toBe(true);
    await expectAccessible(page);
    await shoot(page, 'organisation-structure-1280');
  });

  it('adds a site to the first practice, after fixing what the server refused', async () => {
    await page
      .getByRole('table', { name: 'Practices' })
      .getByRole('link', { name: firstPractice })
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(firstPractice) }).waitFor();
    expect(pathOf(page)).toMatch(/^\/organisation\/practices\/[^/]+$/);
    await page.getByRole('heading', { level: 2, name: 'Sites' }).waitFor();
    await expectAccessible(page);

    const adding = await openDetails('Add a site');
    await adding.getByLabel('Site name').fill(siteName);
    await adding.getByLabel('Address line 1').fill('2 Mill Lane');
    await adding.getByLabel('Postcode').fill('B17');
    await adding.getByLabel('Latitude (optional)').fill('52.4584');
    await adding.getByLabel('CQC location ID (optional)').fill('1-123');
    const [refused] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.url().endsWith('/api/sites') && response.request().method() === 'POST',
      ),
      adding.getByRole('button', { name: 'Add site' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    const problem = (await refused.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((error) => error.field).sort()).toEqual([
      'body/cqcLocationId',
      'body/longitude',
      'body/postcode',
    ]);
    const summary = await errorSummary(adding);
    for (const error of problem.errors)
      expect(await summary.textContent()).toContain(error.message);
    await summary.getByRole('link', { name: /postcode/i }).click();
    expect(await focusedId(page)).toBe('new-site-postcode');
    await expectAccessible(page);
    await shoot(page, 'practice-add-site-error-1280');

    await adding.getByLabel('Postcode').fill('b17 9qn');
    await adding.getByLabel('Longitude (optional)').fill('-1.9512');
    await adding.getByLabel('CQC location ID (optional)').fill('1-123456789');
    await adding.getByLabel('Open-access phlebotomy (walk-in blood tests)').check();
    await adding.getByLabel('ECG').check();
    const [created] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.url().endsWith('/api/sites') && response.request().method() === 'POST',
      ),
      adding.getByRole('button', { name: 'Add site' }).click(),
    ]);
    expect(created.status()).toBe(201);
    await page
      .getByRole('alert')
      .filter({ hasText: `${siteName} was added` })
      .waitFor();

    const card = page.locator('.nhsuk-card').filter({
      has: page.getByRole('heading', { level: 3, name: siteName }),
    });
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('2 Mill Lane');
    expect(text).toContain('B17 9QN');
    expect(text).toContain('1-123456789');
    expect(text).toContain('Open-access phlebotomy (walk-in blood tests)');
    expect(text).toContain('ECG');
    await expectAccessible(page);
    await shoot(page, 'practice-site-added-1280');

    // The organisation's list of sites has it too, under the practice.
    const sites = await page.evaluate(async () => {
      const response = await fetch('/api/sites', { credentials: 'same-origin' });
      return (await response.json()) as { sites: { name: string; practiceName: string | null }[] };
    });
    expect(sites.sites).toContainEqual(
      expect.objectContaining({ name: siteName, practiceName: firstPractice }),
    );
  });

  it('changes the practice’s contract and region', async () => {
    const changing = await openDetails('Change the contract or region');
    await changing.getByLabel('Contract type').selectOption('GMS');
    await changing.getByLabel('Who holds the contract').selectOption('on-trust');
    await changing.getByLabel('Region (optional)').fill('Birmingham South');
    await changing.getByRole('button', { name: 'Save contract and region' }).click();
    await page.getByRole('alert').filter({ hasText: 'were saved' }).waitFor();
    const main = await page.getByRole('main').textContent();
    expect(main).toContain('Held by the practice on trust for the partnership');
    expect(main).toContain('Birmingham South');
    await expectAccessible(page);
  });

  it('fits a phone’s width', async () => {
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await shoot(page, 'practice-structure-375');
    await page.getByRole('link', { name: 'Back to organisation' }).click();
    await page.getByRole('table', { name: 'Practices' }).waitFor();
    await expectFitsWidth(page);
    await shoot(page, 'organisation-structure-375');
  });
});
