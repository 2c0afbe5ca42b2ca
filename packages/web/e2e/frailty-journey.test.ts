import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import {
  DEFAULT_DEMO_SEED,
  EFI_DEFICIT_IDS,
  dateInEngland,
  demoCodedLines,
  demoPlan,
  type EfiDeficitId,
} from '@atscale/domain';
import { expectAccessible, openAppForTests, shoot, signIn } from './steps.js';

// The main demo as first start builds it today: its first practice, and that practice's first
// patient aged 70+ whom the demo's coded records leave with no deficit at all.
const today = dateInEngland(new Date());
const plan = demoPlan({
  scale: 'small',
  seed: DEFAULT_DEMO_SEED,
  form: 'autonomy-super-partnership',
  today,
});
const anyCode = Object.fromEntries(EFI_DEFICIT_IDS.map((d) => [d, '73211009'])) as Record<
  EfiDeficitId,
  string
>;
const patient = [...plan.patientsOf(0)].find(
  (p) =>
    p.dateOfBirth <= `${String(Number(today.slice(0, 4)) - 71)}-01-01` &&
    demoCodedLines(p, today, anyCode, plan.seed).length === 0,
);
const practice = plan.practices[0];
if (!patient || !practice) throw new Error('the demo has no such patient or practice');
const practiceName = practice.name;

/** The severe count of the first practice in the dashboard's table. */
async function severeAtFirstPractice(page: Page): Promise<number> {
  const table = page.getByRole('table', { name: 'Patients aged 65+ by eFI category' });
  const row = table.getByRole('row').filter({ hasText: practiceName });
  return Number(((await row.getByRole('cell').nth(4).textContent()) ?? '').replace(/,/g, ''));
}

describe('frailty: import, dashboard, worklist (POP-1)', () => {
  let page: Page;

  openAppForTests((opened) => {
    page = opened;
  });

  it('an analyst imports a CSV, the dashboard updates, the practice manager works the list', async () => {
    // demo@ is a central analyst (population:import) and the first practice's manager.
    await signIn(page);
    await page.goto('/population/frailty');
    await page.getByRole('heading', { level: 1, name: 'Frailty across the practices' }).waitFor();
    const before = await severeAtFirstPractice(page);

    // The public code list shipped with the database package: data, read as a file.
    const list = JSON.parse(
      await readFile(
        new URL('../../db/code-lists/efi-public-snomed.json', import.meta.url),
        'utf8',
      ),
    ) as { deficits: Record<string, { code: string }[]> };
    const codes = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy')
      .slice(0, 13)
      .map((d) => list.deficits[d]?.[0]?.code ?? '');
    const csv = [
      'nhs_number,code_system,code,date',
      ...codes.map((code) => `${patient.nhsNumber},http://snomed.info/sct,${code},2024-01-01`),
    ].join('\n');
    await page.getByLabel('A practice extract').setInputFiles({
      name: 'journey.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('journey.csv: 13 entries imported').waitFor();
    await page.getByRole('button', { name: 'Score every practice' }).click();
    await expect.poll(() => severeAtFirstPractice(page), { timeout: 30_000 }).toBe(before + 1);
    await page.getByRole('heading', { name: 'Frailty register' }).waitFor();
    await expectAccessible(page);
    await shoot(page, 'frailty-dashboard-1280');

    await page.getByRole('link', { name: `Worklist for ${practiceName}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Frailty worklist' }).waitFor();
    const name = `${patient.familyName.toUpperCase()}, ${patient.givenName}`;
    const register = page.getByRole('table', { name: 'Frailty register: those due first' });
    const row = register.getByRole('row').filter({ hasText: name });
    await expect.poll(() => row.textContent()).toContain('Due: never done');
    await row.getByRole('button', { name: /^Care plan done/ }).click();
    await expect.poll(() => row.textContent()).toMatch(/Done .* next by/);
    await expectAccessible(page);
    await shoot(page, 'frailty-worklist-1280');
  });
});
