import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SEED, demoPlan } from '@atscale/domain';
import {
  expectAccessible,
  expectFitsWidth,
  openAppForTests,
  phone,
  shoot,
  signIn,
  tinyDemo,
} from './steps.js';

// The demo is deterministic: its first practice, that practice's main site and first patient,
// as `atscale demo --scale tiny` builds them.
const plan = demoPlan({
  scale: 'tiny',
  seed: DEFAULT_DEMO_SEED,
  form: 'autonomy-super-partnership',
});
const practice = plan.practices[0];
const patient = plan.patientsOf(0).next().value;
const site = practice?.sites.find((s) => s.isMain) ?? practice?.sites[0];
if (!practice || !patient || !site)
  throw new Error('the demo plan has no practice, site or patient');

/** Tomorrow in England, as YYYY-MM-DD, and its ISO weekday (1 Monday .. 7 Sunday). */
const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
  new Date(Date.now() + 86_400_000),
);
const weekday = ((new Date(`${tomorrow}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

describe('finding and booking a slot', () => {
  let page: Page;

  openAppForTests(async (opened) => {
    page = opened;
    await signIn(page);
  }, tinyDemo);

  it('makes slots from a weekly pattern', async () => {
    await page.goto('/access/patterns');
    await page.getByRole('heading', { level: 1, name: 'Session patterns' }).waitFor();
    await page.locator('summary', { hasText: 'Add a pattern' }).click();
    await page.getByLabel('Site', { exact: true }).selectOption({ label: site.name });
    await page.getByLabel('Weekday').selectOption(String(weekday));
    await page.getByLabel('When').selectOption('custom');
    await page.getByLabel('Starts (HH:MM)').fill('09:00');
    await page.getByLabel('Ends (HH:MM)').fill('09:30');
    await page.getByLabel('Slot length, in minutes').fill('10');
    await page.getByLabel('First day it applies').fill(tomorrow);
    await page.getByRole('button', { name: 'Add the pattern' }).click();
    await page
      .getByRole('alert')
      .getByText(/Pattern added/)
      .waitFor();
    await page.getByLabel('From', { exact: true }).fill(tomorrow);
    await page.getByLabel('To', { exact: true }).fill(tomorrow);
    await page.getByRole('button', { name: 'Make sessions and slots' }).click();
    await page.getByRole('alert').getByText('Made 1 sessions and 3 slots').waitFor();
    await expectAccessible(page);
  });

  it('finds a slot, holds it with a countdown, books it, and the finder shows it taken', async () => {
    await page.goto('/access/booking');
    await page.getByRole('heading', { level: 1, name: 'Find and book a slot' }).waitFor();
    await page.getByLabel('Patient’s NHS number').fill(patient.nhsNumber);
    await page.getByRole('button', { name: 'Find patient' }).click();
    await page.getByText(`Booking for ${patient.givenName} ${patient.familyName}`).waitFor();
    await page.getByLabel('From', { exact: true }).fill(tomorrow);
    await page.getByLabel('To', { exact: true }).fill(tomorrow);
    await page.getByRole('button', { name: 'Find slots' }).click();
    const slots = page.getByRole('table', { name: /Slots \(\d+\)/ });
    await slots.waitFor();
    // The pattern's slot names no clinician; the demo's own slots at that time name theirs.
    const first = slots
      .locator('tbody tr', { hasText: '09:00' })
      .filter({ hasText: site.name })
      .filter({ hasText: 'Not yet named' });
    expect(await first.count()).toBe(1);
    await first.getByRole('button', { name: /^Hold / }).click();
    const held = page.getByLabel('Held slot');
    await held.waitFor();
    await expect
      .poll(async () => (await page.getByTestId('hold-countdown').textContent()) ?? '')
      .toMatch(/^[0-5]:[0-5]\d$/);
    await expectAccessible(page);
    await shoot(page, 'slot-held-1280');
    await held
      .getByRole('button', { name: `Book for ${patient.givenName} ${patient.familyName}` })
      .click();
    await page
      .getByRole('alert')
      .getByText(/^Booked: /)
      .waitFor();
    await first.getByText('Taken').waitFor();
    expect(await first.getByRole('button', { name: /^Hold / }).count()).toBe(0);
    await expectAccessible(page);
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
