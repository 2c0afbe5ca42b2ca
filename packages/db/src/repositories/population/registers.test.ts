import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtscaleError, EFI_DEFICIT_IDS, testNhsNumbers, type Principal } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { seedDemoOrganisation, type DemoOrganisation } from '../../demo/seed-demo.js';
import { readPublicEfiCodeList } from './code-lists.js';
import { populationRepository } from './population.js';
import { streamLines } from './stream-lines.js';

let t: TestDatabase;
let demo: DemoOrganisation;
let analyst: ReturnType<typeof populationRepository>;
let clinician: ReturnType<typeof populationRepository>;
let otherClinician: ReturnType<typeof populationRepository>;
const ON = '2026-06-30';
/** A code of a deficit the frail patients here do not have, so only new patients carry it. */
let LISTED_CODE = '';
const freshNumbers = (() => {
  const numbers = testNhsNumbers();
  for (let i = 0; i < 60_000; i++) numbers.next();
  return () => numbers.next().value as string;
})();
const repo = (grants: Principal['grants']) =>
  populationRepository(t.db, {
    principal: { userId: demo.users.admin, orgId: demo.orgId, grants },
    requestId: 'req-reg',
  });

async function addPatient(dateOfBirth: string, practiceIndex = 0) {
  const nhs = freshNumbers();
  const { rows } = await t.db.query<{ id: string }>(
    `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
     values ($1, $2, $3, 'Reg', 'Ister', $4) returning id`,
    [demo.orgId, demo.practiceIds[practiceIndex], nhs, dateOfBirth],
  );
  return { id: rows[0]?.id ?? '', nhs };
}

const importCsv = (name: string, lines: string[]) =>
  analyst.importFile({
    fileName: name,
    format: 'csv',
    ...streamLines(
      Readable.from([Buffer.from(['nhs_number,code_system,code,date', ...lines].join('\n'))]),
    ),
  });

let frail: { id: string; nhs: string }[];
let elsewhere: { id: string; nhs: string };

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  analyst = repo([{ role: 'central-operations', practiceId: null }]);
  clinician = repo([{ role: 'clinician', practiceId: demo.practiceIds[0] ?? '' }]);
  otherClinician = repo([{ role: 'clinician', practiceId: demo.practiceIds[1] ?? '' }]);
  const list = await readPublicEfiCodeList();
  const codes = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy')
    .slice(0, 10)
    .map((d) => list.deficits[d][0]?.code ?? '');
  LISTED_CODE =
    list.deficits[EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy')[20] ?? 'falls'][0]?.code ??
    '';
  frail = [await addPatient('1940-03-01'), await addPatient('1950-01-01')];
  elsewhere = await addPatient('1945-01-01', 1);
  await importCsv(
    'frail.csv',
    [...frail, elsewhere].flatMap((p) =>
      codes.map((c) => `${p.nhs},http://snomed.info/sct,${c},2020-01-01`),
    ),
  );
  await analyst.runScoring(ON, null);
});
afterAll(() => t.dispose());

describe('the frailty register', () => {
  it('lists moderate and severe patients as due until both reviews are recorded, audited', async () => {
    const first = frail[0]?.id ?? '';
    const before = await clinician.registerWorklist(
      'frailty',
      demo.practiceIds[0] ?? '',
      ON,
      false,
      null,
    );
    expect(before.patients.map((p) => p.patientId).sort()).toEqual(frail.map((p) => p.id).sort());
    expect(before.patients[0]?.status.carePlan.due).toBe('never');

    await clinician.recordReview('frailty', first, { kind: 'care-plan', on: '2026-01-10' }, ON);
    const half = await clinician.recordReview(
      'frailty',
      first,
      { kind: 'medication-review', on: '2025-06-30' },
      ON,
    );
    // A medication review exactly 12 months old is due again.
    expect(half.status).toMatchObject({ due: true, medicationReview: { due: 'expired' } });
    const done = await clinician.recordReview(
      'frailty',
      first,
      { kind: 'medication-review', on: '2026-06-30' },
      ON,
    );
    expect(done.status.due).toBe(false);

    const after = await clinician.registerWorklist(
      'frailty',
      demo.practiceIds[0] ?? '',
      ON,
      false,
      null,
    );
    expect(after.patients.map((p) => p.patientId)).toEqual([frail[1]?.id]);
    const everyone = await clinician.registerWorklist(
      'frailty',
      demo.practiceIds[0] ?? '',
      ON,
      true,
      null,
    );
    expect(everyone.patients.map((p) => p.status.due)).toEqual([true, false]);
    // A year on, the care plan of 2026-01-10 has lapsed.
    const later = await clinician.registerWorklist(
      'frailty',
      demo.practiceIds[0] ?? '',
      '2027-01-10',
      false,
      null,
    );
    expect(later.patients.map((p) => p.patientId)).toContain(first);

    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_event where patient_id = $1 and action like 'register.%' order by id`,
      [first],
    );
    expect(rows.map((r) => r.action).slice(0, 4)).toEqual([
      'register.worklist',
      'register.review',
      'register.review',
      'register.review',
    ]);
  });

  it("refuses another practice's patients, bad reviews and patients not on the register", async () => {
    const first = frail[0]?.id ?? '';
    await expect(
      otherClinician.recordReview('frailty', first, { kind: 'care-plan', on: ON }, ON),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      otherClinician.registerWorklist('frailty', demo.practiceIds[0] ?? '', ON, false, null),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      analyst.recordReview('frailty', first, { kind: 'care-plan', on: ON }, ON),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      clinician.recordReview('frailty', first, { kind: 'care-plan', on: '2026-07-01' }, ON),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ field: '/on' }] });
    const young = await addPatient('1990-01-01');
    await expect(
      clinician.recordReview('frailty', young.id, { kind: 'care-plan', on: ON }, ON),
    ).rejects.toBeInstanceOf(AtscaleError);
    await expect(
      clinician.recordReview('nope', first, { kind: 'care-plan', on: ON }, ON),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('counts per practice with prevalence of the 65+ list, hiding counts under 5 elsewhere', async () => {
    const central = await analyst.registerSummary('frailty', ON);
    const mine = central.practices.find((p) => p.practiceId === demo.practiceIds[0]);
    expect(mine).toMatchObject({ members: 2, suppressed: false, carePlansCurrent: 1, due: 1 });
    expect(mine?.denominator).toBeGreaterThan(0);
    expect(mine?.prevalencePercent).toBeCloseTo(200 / (mine?.denominator ?? 1), 2);
    expect(mine?.byAgeBand['85+'].members).toBe(1);
    expect(mine?.byAgeBand['0-17'].members).toBe(0);
    // A clinician sees their own practice only, unsuppressed.
    const own = await clinician.registerSummary('frailty', ON);
    expect(own.practices.map((p) => p.practiceId)).toEqual([demo.practiceIds[0]]);
    // A board member, who reads no patient records, sees 1-4 hidden.
    const board = repo([{ role: 'board-member', practiceId: null }]);
    const hidden = await board.registerSummary('frailty', ON);
    const theirs = hidden.practices.find((p) => p.practiceId === demo.practiceIds[0]);
    expect(theirs).toMatchObject({ suppressed: true, members: null, prevalencePercent: null });
    expect(theirs?.byAgeBand['0-17'].members).toBe(0);
  });
});

describe('registers defined by codes', () => {
  it('puts everyone with a listed code on it, and refuses a taken key or non-admins', async () => {
    const admin = repo([{ role: 'org-admin', practiceId: null }]);
    await expect(
      analyst.defineRegister({ key: 'diabetes', name: 'Diabetes', codes: [LISTED_CODE] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      await admin.defineRegister({ key: 'diabetes', name: 'Diabetes', codes: [LISTED_CODE] }),
    ).toEqual({
      key: 'diabetes',
      name: 'Diabetes',
      kind: 'codes',
      codes: 1,
      minAge: null,
      maxAge: null,
      source: null,
      version: null,
    });
    await expect(
      admin.defineRegister({ key: 'diabetes', name: 'Again', codes: [LISTED_CODE] }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const young = await addPatient('1980-05-05');
    await importCsv('dm.csv', [
      `${young.nhs},http://snomed.info/sct,${LISTED_CODE},2021-01-01`,
      `${elsewhere.nhs},http://snomed.info/sct,${LISTED_CODE},2027-01-01`,
    ]);
    const list = await clinician.registerWorklist(
      'diabetes',
      demo.practiceIds[0] ?? '',
      ON,
      true,
      null,
    );
    expect(list.patients.map((p) => p.patientId)).toEqual([young.id]);
    const summary = await analyst.registerSummary('diabetes', ON);
    expect(
      summary.practices.find((p) => p.practiceId === demo.practiceIds[0])?.byAgeBand['40-64']
        .members,
    ).toBe(1);
    // The other practice's entry is dated after the day: not on the register yet.
    expect(summary.practices.find((p) => p.practiceId === demo.practiceIds[1])?.members).toBe(0);
    expect((await analyst.registers()).map((r) => r.key)).toEqual(['frailty', 'diabetes']);
  });

  it('keeps a register to its age range on the day, and keeps the source and version of its codes', async () => {
    const admin = repo([{ role: 'org-admin', practiceId: null }]);
    const defined = await admin.defineRegister({
      key: 'dm-adults',
      name: 'Diabetes, 17 to 45',
      codes: [LISTED_CODE],
      minAge: 17,
      maxAge: 45,
      source: 'Practice list',
      version: '1',
    });
    expect(defined).toMatchObject({
      minAge: 17,
      maxAge: 45,
      source: 'Practice list',
      version: '1',
    });
    // On ON (2026-06-30): 17 the day before, 16 the day after; 45 on the day, 46 the day before.
    const seventeen = await addPatient('2009-06-29');
    const sixteen = await addPatient('2009-07-01');
    const fortyFive = await addPatient('1981-06-30');
    const fortySix = await addPatient('1980-06-29');
    await importCsv(
      'dm-ages.csv',
      [seventeen, sixteen, fortyFive, fortySix].map(
        (p) => `${p.nhs},http://snomed.info/sct,${LISTED_CODE},2025-01-01`,
      ),
    );
    const list = await clinician.registerWorklist(
      'dm-adults',
      demo.practiceIds[0] ?? '',
      ON,
      true,
      null,
    );
    const ids = list.patients.map((p) => p.patientId);
    expect(ids).toContain(seventeen.id);
    expect(ids).toContain(fortyFive.id);
    expect(ids).not.toContain(sixteen.id);
    expect(ids).not.toContain(fortySix.id);
    expect((await analyst.registers()).find((r) => r.key === 'dm-adults')).toMatchObject({
      minAge: 17,
      maxAge: 45,
      source: 'Practice list',
      version: '1',
    });
  });
});
