import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SEED, RED_FLAGS, demoPlan } from '@atscale/domain';
import { runAtscale } from './start-app.js';
import {
  api,
  demo,
  prepareTinyDemo,
  expectAccessible,
  fillDate,
  openAppForTests,
  pathOf,
  shoot,
  signIn,
  signOut,
} from './steps.js';

// The tiny demo's first practice; its clinician (clinician@) triages there. The demo's navigator
// books for the second practice, so the test adds one for the first before the app starts.
const plan = demoPlan({
  scale: 'tiny',
  seed: DEFAULT_DEMO_SEED,
  form: 'autonomy-super-partnership',
});
const practice = plan.practices[0];
const planned = plan.patientsOf(0).next().value;
if (!practice || !planned) throw new Error('the demo plan has no practice or patient');
const clinician = { email: 'clinician@atscale.test', password: 'atscale-demo' };
const navigator = { email: 'e2e-navigator@atscale.test', password: 'navigator-e2e-pass' };

/** The day after tomorrow in England, YYYY-MM-DD: far enough ahead that its slots are free. */
const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
  new Date(Date.now() + 2 * 86_400_000),
);
const weekday = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
// An hour no demo session uses, so the journey's slots are easy to tell apart.
const session = { startTime: '07:10', endTime: '07:40', slotMinutes: 15 };

interface SiteBody {
  id: string;
  name: string;
  practiceId: string | null;
  practiceOdsCode: string | null;
  isMain: boolean;
}

describe('access journey: online request, triage to another site, booked, slot taken', () => {
  let page: Page;
  let patient = { nhsNumber: '', givenName: '', familyName: '', postcode: '', dateOfBirth: '' };
  let site: SiteBody | undefined;
  let reference = '';

  openAppForTests(
    (opened) => {
      page = opened;
    },
    {
      prepare: async (data) => {
        await prepareTinyDemo(data);
        await runAtscale(
          [
            'user',
            'add',
            '--email',
            navigator.email,
            '--role',
            `care-navigator:${practice.odsCode}`,
            '--name',
            'Nia Booker',
            '--data',
            data,
          ],
          `${navigator.password}\n`,
        );
      },
    },
  );

  it('sets up: a real patient, and free face-to-face slots at a site that is not their own', async () => {
    await signIn(page, demo);
    const found = await api<{ patients: (typeof patient & { practiceId: string })[] }>(
      page,
      'GET',
      `/api/patients?nhsNumber=${planned.nhsNumber}&reason=${encodeURIComponent('e2e set-up')}`,
    );
    const registered = found.patients[0];
    if (!registered) throw new Error(`no patient ${planned.nhsNumber} in the demo`);
    patient = registered;
    // The patient's home site is their practice's main site. The practice's other site takes
    // the booking (the autonomy form books only at the patient's own practice's sites); one is
    // added if the demo has none.
    const { sites } = await api<{ sites: SiteBody[] }>(page, 'GET', '/api/sites');
    const home = sites.find((s) => s.practiceId === registered.practiceId && s.isMain);
    site = sites.find((s) => s.practiceId === registered.practiceId && !s.isMain);
    site ??= await api<SiteBody>(page, 'POST', '/api/sites', {
      practiceId: registered.practiceId,
      name: `${practice.name}, Canal Street branch`,
      postcode: patient.postcode,
    });
    expect(site.id).not.toBe(home?.id);
    const pattern = await api<{ id: string }>(page, 'POST', '/api/session-patterns', {
      siteId: site.id,
      weekday,
      period: 'custom',
      ...session,
      requiredRole: 'gp',
      service: 'gp',
      channel: 'in-person',
      visibility: 'practice',
      validFrom: day,
      validUntil: day,
    });
    const made = await api<{ slotsCreated: number }>(
      page,
      'POST',
      '/api/session-patterns/generate',
      {
        patternIds: [pattern.id],
        from: day,
        to: day,
      },
    );
    expect(made.slotsCreated).toBe(2);
    await signOut(page);
  });

  it('a patient sends an online request without signing in, with no red flags', async () => {
    await page.goto(`/request/${practice.odsCode}`);
    await page.getByRole('heading', { level: 1, name: /Check if you need urgent help/ }).waitFor();
    await expectAccessible(page);
    for (const flag of RED_FLAGS) {
      await page
        .getByRole('group', { name: flag.question })
        .getByLabel('No', { exact: true })
        .check();
    }
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: /Tell us what you need/ }).waitFor();
    await page.getByLabel('A health problem').check();
    await page.getByLabel('Tell us what you need').fill('A painful swollen knee since the weekend');
    await page.getByLabel('With my name and postcode').check();
    await page.getByRole('textbox', { name: 'First name', exact: true }).fill(patient.givenName);
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill(patient.familyName);
    await page.getByRole('textbox', { name: 'Postcode', exact: true }).fill(patient.postcode);
    await fillDate(page, 'Date of birth', patient.dateOfBirth);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { level: 1, name: /Request sent/ }).waitFor();
    reference = (await page.locator('.nhsuk-panel strong').textContent()) ?? '';
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    expect(await page.getByText(`${practice.name} will look at your request`).isVisible()).toBe(
      true,
    );
    await expectAccessible(page);
  });

  it('a clinician claims it from the triage queue: within 2 days, face to face at any site', async () => {
    await signIn(page, clinician);
    await page.goto('/access/triage');
    await page.getByRole('heading', { level: 1, name: /Triage queue/ }).waitFor();
    const link = page.getByRole('link', { name: new RegExp(`\\(request ${reference}\\)`) });
    await link.waitFor();
    expect(await link.textContent()).toContain(
      `${patient.familyName.toUpperCase()}, ${patient.givenName}`,
    );
    await expectAccessible(page);
    await link.click();
    await page.getByText(`Request ${reference}`).waitFor();
    expect(await page.getByText('A painful swollen knee since the weekend').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Claim to triage' }).click();
    await page.getByRole('heading', { name: 'Triage decision' }).waitFor();
    await page.getByRole('group', { name: 'Urgency' }).getByLabel('Within 2 days').check();
    await page
      .getByRole('group', { name: 'Outcome' })
      .getByLabel('Face to face at any site')
      .check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Triaged: the request is on the list to book.').waitFor();
    expect(await page.getByText('Triaged: to book').isVisible()).toBe(true);
    await expectAccessible(page);
    await signOut(page);
  });

  it('a navigator finds it on the to-book list, holds a slot at the other site and books it', async () => {
    if (!site) throw new Error('the set-up made no site');
    const where = site.name;
    await signIn(page, navigator);
    await page.goto('/access/triage/to-book');
    await page.getByRole('heading', { level: 1, name: /Requests to book/ }).waitFor();
    const row = page.getByRole('row', {
      name: new RegExp(`${patient.familyName.toUpperCase()}, ${patient.givenName}`),
    });
    await row.waitFor();
    expect(await row.textContent()).toContain('Face to face at any site');
    expect(await row.textContent()).toContain('Within 2 days');
    await expectAccessible(page);

    // "Book" opens the finder with the patient found and the request it books for.
    await row
      .getByRole('link', { name: `Book for ${patient.givenName} ${patient.familyName}` })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Find and book a slot' }).waitFor();
    await page
      .getByText(
        new RegExp(
          `^Booking for ${patient.givenName} ${patient.familyName} \\(born .+, NHS number ${patient.nhsNumber}\\), for their triaged request\\. Check their name and date of birth`,
        ),
      )
      .waitFor();
    await page.getByLabel('From', { exact: true }).fill(day);
    await page.getByLabel('To', { exact: true }).fill(day);
    await page.getByRole('button', { name: 'Find slots' }).click();
    const slots = page.getByRole('table', { name: /Slots \(\d+\)/ });
    await slots.waitFor();
    const slot = slots.locator('tbody tr', { hasText: session.startTime }).filter({
      hasText: where,
    });
    expect(await slot.count()).toBe(1);
    expect(await slot.getByRole('cell').nth(4).textContent()).toBe('1');
    await expectAccessible(page);
    await slot.getByRole('button', { name: /^Hold / }).click();
    const held = page.getByLabel('Held slot');
    await held.waitFor();
    expect(await held.textContent()).toContain(where);
    await held
      .getByRole('button', { name: `Book for ${patient.givenName} ${patient.familyName}` })
      .click();
    await page
      .getByRole('alert')
      .getByText(new RegExp(`^Booked: ${patient.givenName} ${patient.familyName}, .*${where}`))
      .waitFor();
    await expectAccessible(page);
    await shoot(page, 'access-journey-booked-1280');

    // Booked for the request, so it has left the list to book.
    await page.goto('/access/triage/to-book');
    await page.getByRole('heading', { level: 1, name: /Requests to book/ }).waitFor();
    await page
      .getByText(/There is nothing to book|To book \(/)
      .first()
      .waitFor();
    expect(await row.count()).toBe(0);
  });

  it('the slot finder then shows that slot as taken, and the next one still free', async () => {
    if (!site) throw new Error('the set-up made no site');
    // A fresh search, as another navigator would make it.
    await page.goto('/access/booking');
    expect(pathOf(page)).toBe('/access/booking');
    await page.getByLabel('Patient’s NHS number').fill(patient.nhsNumber);
    await page.getByRole('button', { name: 'Find patient' }).click();
    await page.getByText(`Booking for ${patient.givenName} ${patient.familyName}`).waitFor();
    await page.getByLabel('From', { exact: true }).fill(day);
    await page.getByLabel('To', { exact: true }).fill(day);
    await page.getByRole('button', { name: 'Find slots' }).click();
    const slots = page.getByRole('table', { name: /Slots \(\d+\)/ });
    await slots.waitFor();
    const atSite = slots.locator('tbody tr').filter({ hasText: site.name });
    const taken = atSite.filter({ hasText: session.startTime });
    expect(await taken.count()).toBe(1);
    expect(await taken.getByText('Taken').isVisible()).toBe(true);
    expect(await taken.getByRole('button', { name: /^Hold / }).count()).toBe(0);
    expect(await taken.getByRole('cell').nth(4).textContent()).toBe('0');
    const next = atSite.filter({ hasText: '07:25' });
    expect(await next.getByRole('button', { name: /^Hold / }).count()).toBe(1);
    await expectAccessible(page);
    await shoot(page, 'access-journey-slot-taken-1280');
  });

  it('cancelling a booking asks whether the patient has been told, and says when not', async () => {
    if (!site) throw new Error('the set-up made no site');
    const slots = page.getByRole('table', { name: /Slots \(\d+\)/ });
    const next = slots
      .locator('tbody tr')
      .filter({ hasText: site.name })
      .filter({ hasText: '07:25' });
    await next.getByRole('button', { name: /^Hold / }).click();
    await page
      .getByLabel('Held slot')
      .getByRole('button', { name: `Book for ${patient.givenName} ${patient.familyName}` })
      .click();
    await page.getByRole('heading', { name: 'Booked appointment' }).waitFor();
    await page.getByLabel('Reason to cancel').fill('Clinician called away');
    await page.getByRole('button', { name: 'Cancel the appointment' }).click();
    await page.getByText('Say whether the patient has been told').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Booked appointment' }).isVisible()).toBe(true);
    await page
      .getByRole('group', { name: /Has the patient been told/ })
      .getByLabel('No, not yet')
      .check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Cancel the appointment' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Cancelled: .*The patient has not been told/)
      .waitFor();
    // The finder searches again after the notice: the place comes back when that answers.
    await next.getByRole('button', { name: /^Hold / }).waitFor();
    expect(await next.getByRole('button', { name: /^Hold / }).count()).toBe(1);
    await expectAccessible(page);
  });
});
