import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SEED, RED_FLAGS, demoPlan } from '@atscale/domain';
import {
  desktop,
  expectAccessible,
  expectFitsWidth,
  fillDate,
  focusedId,
  openAppForTests,
  pathOf,
  phone,
  shoot,
  signIn,
  signOut,
  tinyDemo,
} from './steps.js';

// The demo is deterministic: its first practice and that practice's first patient, as
// `atscale demo --scale tiny` builds them (the clinician works at the first practice).
const plan = demoPlan({
  scale: 'tiny',
  seed: DEFAULT_DEMO_SEED,
  form: 'autonomy-super-partnership',
});
const practice = plan.practices[0];
const patient = plan.patientsOf(0).next().value;
// The navigator works at the second practice.
const secondPatient = plan.patientsOf(1).next().value;
if (!practice || !patient || !secondPatient) {
  throw new Error('the demo plan has no practice or patient');
}
const patientLink = new RegExp(`${patient.familyName.toUpperCase()}, ${patient.givenName}`);

/** Answers every red-flag question of the online form, yes to those in `yes`. */
async function answerRedFlags(page: Page, yes: readonly string[] = []) {
  for (const flag of RED_FLAGS) {
    const group = page.getByRole('group', { name: flag.question });
    await group.getByLabel(yes.includes(flag.id) ? 'Yes' : 'No', { exact: true }).check();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('online requests and total triage', () => {
  let page: Page;
  let reference: string;

  // The tiny demo (one organisation of three practices) is all this journey needs, and it
  // starts much sooner than the full set of demo organisations.
  openAppForTests((opened) => {
    page = opened;
  }, tinyDemo);

  it('sends someone with a red flag to 999, without signing in', async () => {
    await page.goto(`/request/${practice.odsCode}`);
    await page.getByRole('heading', { level: 1, name: /Check if you need urgent help/ }).waitFor();
    expect(pathOf(page)).toBe(`/request/${practice.odsCode}`);
    expect(await page.getByText(practice.name).first().isVisible()).toBe(true);
    await expectAccessible(page);
    await answerRedFlags(page, ['chest-pain']);
    await page.getByRole('heading', { level: 1, name: /You need help now/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Call 999 now/ }).isVisible()).toBe(true);
    await expectAccessible(page);
    await shoot(page, 'online-request-red-flag-1280');
  });

  it('takes a patient’s online request with no sign-in and gives a reference', async () => {
    await page.goto(`/request/${practice.odsCode}`);
    await answerRedFlags(page);
    await page.getByRole('heading', { level: 1, name: /Tell us what you need/ }).waitFor();
    // Sending nothing names what is missing.
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);

    await page.getByLabel('A health problem').check();
    await page.getByLabel('Tell us what you need').fill('A cough for three weeks, worse at night');
    await page.getByLabel('With my NHS number').check();
    await page.getByRole('textbox', { name: 'NHS number' }).fill(patient.nhsNumber);
    await fillDate(page, 'Date of birth', patient.dateOfBirth);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { level: 1, name: /Request sent/ }).waitFor();
    reference = (await page.locator('.nhsuk-panel strong').textContent()) ?? '';
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    await expectAccessible(page);
    await shoot(page, 'online-request-sent-1280');
    // Patients send it from their phones.
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.goto(`/request/${practice.odsCode}`);
    await page.getByRole('heading', { level: 1, name: /Check if you need urgent help/ }).waitFor();
    await expectFitsWidth(page);
    await shoot(page, 'online-request-375');
    await page.setViewportSize(desktop);
  });

  it('lets a clinician claim and triage it, after which it leaves the queue for the to-book list', async () => {
    await signIn(page, { email: 'clinician@atscale.test', password: 'atscale-demo' });
    await page.goto('/access/triage');
    await page.getByRole('heading', { level: 1, name: /Triage queue/ }).waitFor();
    const link = page.getByRole('link', { name: patientLink });
    await link.waitFor();
    await expectAccessible(page);
    await shoot(page, 'triage-queue-1280');
    await page.setViewportSize(phone);
    await expectFitsWidth(page);
    await page.setViewportSize(desktop);

    await link.click();
    await page.getByRole('heading', { level: 1, name: patientLink }).waitFor();
    expect(await page.getByText(`Request ${reference}`).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Claim to triage' }).click();
    await page.getByRole('heading', { name: 'Triage decision' }).waitFor();
    await page.getByRole('group', { name: 'Urgency' }).getByLabel('Same day').check();
    await page
      .getByRole('group', { name: 'Outcome' })
      .getByLabel('Face to face at their own practice')
      .check();
    await page.getByLabel('Note (optional)').fill('Listen to the chest today');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Triaged: the request is on the list to book.').waitFor();
    await expectAccessible(page);
    await shoot(page, 'triage-request-1280');

    await page.getByRole('link', { name: 'Back to the triage queue' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Triage queue/ }).waitFor();
    await page.getByText(/^Updated /).waitFor();
    expect(await page.getByRole('link', { name: patientLink }).count()).toBe(0);

    await page.getByRole('link', { name: 'Requests to book' }).click();
    await page.getByRole('heading', { level: 1, name: /Requests to book/ }).waitFor();
    await page.getByRole('link', { name: patientLink }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'to-book-1280');
  });

  it('lets a navigator record a phone request with the keyboard alone', async () => {
    await signOut(page);
    await signIn(page, { email: 'navigator@atscale.test', password: 'atscale-demo' });
    await page.goto('/access/requests/new');
    await page.getByRole('heading', { level: 1, name: /Record a request/ }).waitFor();
    await expectAccessible(page);
    await page.getByRole('textbox', { name: 'NHS number' }).focus();
    await page.keyboard.type(secondPatient.nhsNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Patient' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('what-they-need');
    // The one patient found is chosen, and the phone is the usual door.
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('patient');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('channel');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('kind');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('description');
    await page.keyboard.type('Dizzy spells since Monday');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(/Request [0-9A-F]{8} recorded for/).waitFor();
    await expectAccessible(page);
    await shoot(page, 'record-request-1280');
  });

  it('shows the triage KPIs with the outcome mix as a chart and a table', async () => {
    await signOut(page);
    await signIn(page);
    await page.goto('/access/triage/kpis');
    await page.getByRole('heading', { level: 1, name: /Triage KPIs/ }).waitFor();
    const mix = page.getByRole('table', { name: 'Outcome mix' });
    await mix.waitFor();
    const row = mix.getByRole('row', { name: /Face to face at their own practice/ });
    // The request triaged above, beside the demo's own triage history.
    expect(Number(await row.getByRole('cell').nth(1).textContent())).toBeGreaterThanOrEqual(1);
    await page.locator('figure.app-chart .recharts-surface').first().waitFor();
    await expectAccessible(page);
    await shoot(page, 'triage-kpis-1280');
  });
});
