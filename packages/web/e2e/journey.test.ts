import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  demo,
  desktop,
  errorSummary,
  expectAccessible,
  expectFitsWidth,
  expectRefusalShown,
  openAppForTests,
  pathOf,
  phone,
  shoot,
} from './steps.js';

const organisationName = 'Demo Health Partnership';
const demoPractices = [
  ['Y90001', 'Riverside Surgery'],
  ['Y90002', 'Hillview Medical Centre'],
  ['Y90003', 'Marsh Lane Practice'],
] as const;
const sections = [
  'Organisation',
  'Access',
  'Workforce',
  'Finance',
  'Governance',
  'Population',
  'Planning',
];

/** The parts of `/api/me` the journey checks the page against. */
interface Me {
  user: { displayName: string };
  practices: { odsCode: string; name: string }[];
}

describe('the sign-in journey', () => {
  let page: Page;
  const cspViolations: string[] = [];
  let me: Me;

  openAppForTests((opened) => {
    page = opened;
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'sign-in-1280');
  });

  it('shows the server’s reason in the error summary when the password is wrong', async () => {
    await page.getByLabel('Email address').fill(demo.email);
    await page.getByLabel('Password').fill('not-the-password');
    const [response] = await Promise.all([
      page.waitForResponse('**/api/auth/login'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(response.status()).toBe(401);
    const problem = (await response.json()) as { detail: string };
    const summary = await errorSummary(page);
    expect(await summary.textContent()).toContain(problem.detail);
    expect(pathOf(page)).toBe('/sign-in');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);
    await shoot(page, 'sign-in-error-1280');
  });

  it('signs the demo user in and shows who they are, where, and the sections', async () => {
    await page.getByLabel('Password').fill(demo.password);
    const [response] = await Promise.all([
      page.waitForResponse('**/api/auth/login'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(response.status()).toBe(200);
    me = (await response.json()) as Me;
    await page.waitForURL((url) => url.pathname === '/');

    await page.getByRole('heading', { level: 1, name: organisationName }).waitFor();
    const banner = page.getByRole('banner');
    expect(await banner.textContent()).toContain(me.user.displayName);
    expect(await banner.textContent()).toContain(organisationName);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    for (const section of sections) {
      expect(await menu.getByRole('link', { name: section }).isVisible()).toBe(true);
    }
    const practices = page.getByRole('table', { name: 'Practices you can act for' });
    for (const practice of me.practices) {
      const row = practices.getByRole('row').filter({ hasText: practice.odsCode });
      expect(await row.textContent()).toContain(practice.name);
    }
    await expectAccessible(page);
    await shoot(page, 'home-1280');
  });

  it('shows the organisation, its practices and one practice’s list sizes', async () => {
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Organisation' })
      .click();
    await page.getByRole('heading', { level: 1, name: organisationName }).waitFor();
    expect(pathOf(page)).toBe('/organisation');
    const practices = page.getByRole('table', { name: 'Practices' });
    await practices.waitFor();
    for (const [odsCode, name] of demoPractices) {
      const row = practices.getByRole('row').filter({ hasText: odsCode });
      expect(await row.textContent()).toContain(name);
    }
    const listSizes = await practices
      .getByRole('row')
      .locator('td:nth-child(3)')
      .evaluateAll((cells) =>
        cells.map((cell) => Number(/^[\d,]+/.exec(cell.textContent)?.[0].replace(/,/g, ''))),
      );
    // The demo organisation has more members than the three the journey names.
    expect(listSizes.length).toBeGreaterThanOrEqual(demoPractices.length);
    expect(listSizes.every((size) => size > 0)).toBe(true);
    const total = listSizes.reduce((sum, size) => sum + size, 0);
    expect(await page.getByRole('main').textContent()).toContain(
      `${total.toLocaleString('en-GB')} patients in total`,
    );
    expect(await page.getByRole('main').textContent()).toContain('£2.00 per patient per year');
    await page.getByRole('figure').locator('svg').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'organisation-1280');

    await practices.getByRole('link', { name: 'Riverside Surgery' }).click();
    await page.getByRole('heading', { level: 1, name: /Riverside Surgery/ }).waitFor();
    expect(pathOf(page)).toMatch(/^\/organisation\/practices\/[^/]+$/);
    expect(await page.getByRole('main').textContent()).toContain('Y90001');
    const history = page.getByRole('table', { name: 'List size history' });
    expect(await history.locator('tbody tr').count()).toBe(8);
    await page.getByRole('figure').locator('svg').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'practice-1280');

    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await shoot(page, 'practice-375');
    await page.getByRole('link', { name: 'Back to organisation' }).click();
    await practices.waitFor();
    await shoot(page, 'organisation-375');
    await page.setViewportSize(desktop);

    await page.goto('/organisation/practices/00000000-0000-0000-0000-000000000000');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.goto('/organisation');
    await practices.waitFor();
  });

  it('finds a patient by NHS number or by name and date of birth, and opens their record', async () => {
    const demoNhsNumber = '9990000018';
    const found = await page.evaluate(async (nhsNumber) => {
      const response = await fetch(`/api/patients?nhsNumber=${nhsNumber}&reason=e2e%20check`, {
        credentials: 'same-origin',
      });
      return (await response.json()) as {
        patients: { practiceId: string; familyName: string; dateOfBirth: string }[];
      };
    }, demoNhsNumber);
    expect(found.patients).toHaveLength(1);
    const patient = found.patients[0];
    if (!patient) throw new Error('The demo patient is missing');
    const meNow = await page.evaluate(async () => {
      const response = await fetch('/api/me', { credentials: 'same-origin' });
      return (await response.json()) as { practices: { id: string }[] };
    });
    expect(meNow.practices.map((practice) => practice.id)).toContain(patient.practiceId);

    await page.getByRole('link', { name: 'Find a patient' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find a patient' }).waitFor();
    expect(pathOf(page)).toBe('/patients');
    await expectAccessible(page);

    await page.getByLabel('NHS number').fill('1234567890');
    const [invalid] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/api/patients?')),
      page.getByRole('button', { name: 'Search' }).click(),
    ]);
    await expectRefusalShown(page, invalid, 'nhsNumber');
    await expectAccessible(page);
    await shoot(page, 'patient-search-error-1280');

    const [year, month, day] = patient.dateOfBirth.split('-');
    await page.getByLabel('NHS number').fill('');
    await page.getByLabel('Family name').fill(patient.familyName);
    await page.getByLabel('Day').fill(String(Number(day)));
    await page.getByLabel('Month').fill(String(Number(month)));
    await page.getByLabel('Year').fill(year ?? '');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: /patients? found/ });
    await results.waitFor();
    const row = results.getByRole('row').filter({ hasText: '999 000 0018' });
    expect(await row.count()).toBe(1);
    await expectAccessible(page);
    await shoot(page, 'patient-search-1280');

    await row.getByRole('link').click();
    await page
      .getByRole('heading', { level: 1, name: new RegExp(patient.familyName, 'i') })
      .waitFor();
    expect(pathOf(page)).toMatch(/^\/patients\/[^/]+$/);
    expect(await page.getByRole('main').textContent()).toContain('999 000 0018');
    await expectAccessible(page);
    await shoot(page, 'patient-1280');
  });

  it('shows a section page and a page-not-found page', async () => {
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Finance' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Finance' }).waitFor();
    expect(pathOf(page)).toBe('/finance');
    await page.goto('/no-such-page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Finance' }).waitFor();
  });

  it('still shows the header at 375 px and the navigation menu can be used', async () => {
    await page.setViewportSize(phone);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: organisationName }).waitFor();
    expect(await page.getByRole('banner').getByText(me.user.displayName).isVisible()).toBe(true);
    await expectFitsWidth(page);
    await shoot(page, 'home-375');

    const more = page.getByRole('button', { name: 'Browse More' });
    expect(await more.isVisible()).toBe(true);
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await more.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page);
    await shoot(page, 'menu-open-375');
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Planning' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor();
    expect(pathOf(page)).toBe('/planning');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
  });

  it('signs out, after which the session is gone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/me', { credentials: 'same-origin' });
      return response.status;
    });
    expect(status).toBe(401);
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  it('serves its pages with a Content-Security-Policy that they keep to', async () => {
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(cspViolations).toEqual([]);
  });
});
