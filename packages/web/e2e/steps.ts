import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, seriousAxeViolations } from './browser.js';
import { runAtscale, startApp, type StartOptions } from './start-app.js';

/** The demo account the start command seeds (see the cli package): the organisation's admin. */
export const demo = { email: 'demo@atscale.test', password: 'atscale-demo' };

/** The screen sizes the tests look at the pages in. */
export const desktop = { width: 1280, height: 900 };
export const phone = { width: 375, height: 812 };

/** Screenshots go outside the repository, for a person to look at. */
const screenshots = join(tmpdir(), 'atscale-e2e-screenshots');

/** A browser page open on a running app, for the tests of one file. */
interface OpenApp {
  page: Page;
  /** Closes the browser and stops the app. */
  close: () => Promise<void>;
}

/** Starts the app and headless Chromium, and opens a desktop-sized page on the app. */
async function openApp(options: StartOptions = {}): Promise<OpenApp> {
  await mkdir(screenshots, { recursive: true });
  const app = await startApp(undefined, options);
  try {
    const browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: app.url, viewport: desktop });
    // The NHS web fonts live on assets.nhs.uk; stay offline and use the fallback fonts.
    await context.route('https://assets.nhs.uk/**', (route) => route.abort());
    const page = await context.newPage();
    const close = async () => {
      await browser.close();
      await app.stop();
    };
    return { page, close };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/**
 * Opens the app in a browser before the tests of the describe block it is called in, hands
 * the page to `ready` (which may sign in, say), and closes the browser and the app after them.
 * `options` can prepare the app's data folder before it starts.
 */
export function openAppForTests(
  ready: (page: Page) => void | Promise<void>,
  options: StartOptions = {},
): void {
  let opened: OpenApp | undefined;
  beforeAll(async () => {
    opened = await openApp(options);
    await ready(opened.page);
  });
  afterAll(async () => {
    await opened?.close();
  });
}

/** Signs the demo user (or `account`) in from the sign-in page and waits for the home page. */
export async function signIn(
  page: Page,
  account: { email: string; password: string } = demo,
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Signs out with the header's button and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
}

/** Types an ISO date (`YYYY-MM-DD`) into the NHS.UK date input named `legend` in `scope`. */
export async function fillDate(scope: Page | Locator, legend: string, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso.split('-');
  const group = scope.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

/** The path the page is at, such as `/organisation`. */
export const pathOf = (page: Page): string => new URL(page.url()).pathname;

/** The id of the element that has the focus. */
export const focusedId = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => document.activeElement?.id);

/** Saves a screenshot of the whole page as `<name>.png`. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Checks the page with axe-core: no serious or critical violations. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/**
 * Checks the page fits the window's width without scrolling sideways; the header navigation
 * and the charts fit themselves to a new width a moment later, so it waits for them.
 */
export async function expectFitsWidth(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      ),
    )
    .toBe(false);
}

/** The error summary in `scope` (the page, or one form's part of it), once it shows. */
export async function errorSummary(scope: Page | Locator): Promise<Locator> {
  const summary = scope.getByRole('alert');
  await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
  return summary;
}

/**
 * Checks a refused request (400) is shown the NHS.UK way: the error summary says the server's
 * first field error, the page title starts "Error: ", and the summary's first link moves the
 * focus to the field with id `fieldId`.
 */
export async function expectRefusalShown(
  page: Page,
  refused: Response,
  fieldId: string,
): Promise<void> {
  expect(refused.status()).toBe(400);
  const problem = (await refused.json()) as { errors: { message: string }[] };
  const summary = await errorSummary(page);
  expect(await summary.textContent()).toContain(problem.errors[0]?.message);
  expect(await page.title()).toMatch(/^Error: /);
  await summary.getByRole('link').first().click();
  expect(await focusedId(page)).toBe(fieldId);
}

/** Calls the API from the signed-in page (so the session cookie and Origin go with it). */
export async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async (request) => {
      const response = await fetch(request.path, {
        method: request.method,
        headers: request.body === undefined ? {} : { 'Content-Type': 'application/json' },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      return { status: response.status, text: await response.text() };
    },
    { method, path, body },
  );
  if (answer.status >= 400) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
  return (answer.text === '' ? null : JSON.parse(answer.text)) as T;
}

/**
 * Start options for an app on the tiny demo (one organisation of three practices): all most
 * journeys need, and it starts much sooner than the full set of demo organisations.
 */
export const tinyDemo: StartOptions = { prepare: prepareTinyDemo };

/** Builds the tiny demo into a data folder, for a `prepare` that then adds to it. */
export async function prepareTinyDemo(data: string): Promise<void> {
  await runAtscale(['demo', '--scale', 'tiny', '--data', data]);
}
