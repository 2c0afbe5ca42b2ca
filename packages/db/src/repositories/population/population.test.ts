import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AtscaleError,
  EFI_DEFICIT_IDS,
  scoreFrailty,
  testNhsNumbers,
  verhoeffCheckDigit,
  type EfiDeficitId,
  type MatchedEntry,
  type Principal,
} from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import { seedDemoOrganisation, type DemoOrganisation } from '../../demo/seed-demo.js';
import { readPublicEfiCodeList } from './code-lists.js';
import { importCodedFile, type CodedImportActor } from './coded-import.js';
import { populationRepository } from './population.js';
import { streamLines } from './stream-lines.js';

let t: TestDatabase;
let demo: DemoOrganisation;
let actor: CodedImportActor;
let analyst: ReturnType<typeof populationRepository>;
const ON = '2026-06-30';
const SNOMED = 'http://snomed.info/sct';
const DMD = 'https://dmd.nhs.uk';
/** Codes of the public list, one per coded deficit. */
let codeOf: Record<EfiDeficitId, string>;
/** NHS numbers of the 999 test range not used by the demo seed. */
const freshNumbers = (() => {
  const numbers = testNhsNumbers();
  for (let i = 0; i < 50_000; i++) numbers.next();
  return () => numbers.next().value as string;
})();

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  actor = {
    orgId: demo.orgId,
    userId: demo.users.admin,
    role: 'org-admin',
    requestId: null,
    reason: 'test',
  };
  const principal: Principal = {
    userId: demo.users.admin,
    orgId: demo.orgId,
    grants: [{ role: 'central-operations', practiceId: null }],
  };
  analyst = populationRepository(t.db, { principal, requestId: 'req-pop' });
  const list = await readPublicEfiCodeList();
  codeOf = Object.fromEntries(
    EFI_DEFICIT_IDS.map((id) => [id, list.deficits[id][0]?.code ?? '']),
  ) as Record<EfiDeficitId, string>;
});
afterAll(() => t.dispose());

/** A file's text as a stream of lines with its hash. */
const source = (fileName: string, text: string, format: 'csv' | 'ndjson' = 'csv') => ({
  fileName,
  format,
  ...streamLines(Readable.from([Buffer.from(text)])),
});

async function addPatient(dateOfBirth: string, practiceIndex = 0) {
  const nhs = freshNumbers();
  const { rows } = await t.db.query<{ id: string }>(
    `insert into patient (org_id, practice_id, nhs_number, given_name, family_name, date_of_birth)
     values ($1, $2, $3, 'Test', 'Frailty', $4) returning id`,
    [demo.orgId, demo.practiceIds[practiceIndex], nhs, dateOfBirth],
  );
  return { id: rows[0]?.id ?? '', nhs };
}

const count = async (sql: string) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, [])).rows[0]?.n;

describe('the shipped public eFI code list', () => {
  it('names all 36 deficits with well-formed SNOMED CT concept ids, and says it is not the Leeds list', async () => {
    const list = await readPublicEfiCodeList();
    expect(Object.keys(list.deficits)).toHaveLength(36);
    expect(list.source).toMatch(/NOT the University of Leeds/);
    expect(list.licence).toMatch(/SNOMED International/);
    expect(list.deficits['atrial-fibrillation'].map((c) => c.code)).toContain('49436004');
  });
});

describe('importing coded records', () => {
  it('leaves nothing behind when line 57 is bad, and names line 57', async () => {
    const p = await addPatient('1950-01-01');
    const lines = ['nhs_number,code_system,code,date'];
    for (let i = 2; i <= 60; i++) {
      lines.push(`${p.nhs},${SNOMED},${i === 57 ? '49436005' : '49436004'},2020-01-01`);
    }
    const before = await count('coded_entry');
    const error = await importCodedFile(t.db, actor, source('bad.csv', lines.join('\n'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AtscaleError);
    expect((error as AtscaleError).detail).toMatch(/^file: line 57: code: 49436005 .*check digit/);
    expect(await count('coded_entry')).toBe(before);
    expect(await count(`coded_import where file_name = 'bad.csv'`)).toBe(0);
  });

  it('refuses a CSV without the header, naming line 1', async () => {
    await expect(
      importCodedFile(t.db, actor, source('noheader.csv', '9990000026,x,1,2020-01-01')),
    ).rejects.toThrow(/line 1: the header must be nhs_number,code_system,code,date/);
  });

  it('counts patients not on the register, skips other code systems, and is idempotent', async () => {
    const p = await addPatient('1940-05-05');
    const stranger = freshNumbers();
    const text = [
      'nhs_number,code_system,code,date',
      `${p.nhs},${SNOMED},${codeOf.falls},2024-01-01`,
      `${p.nhs},http://read.info/ctv3,XaIJv,2024-01-01`,
      `${stranger},${SNOMED},${codeOf.falls},2024-01-01`,
      `${p.nhs},${DMD},38341003,2024-01-01`,
    ].join('\r\n');
    const first = await importCodedFile(t.db, actor, source('a.csv', text));
    expect(first).toMatchObject({
      alreadyImported: false,
      lines: 5,
      entries: 2,
      unknownPatients: 1,
      skipped: 1,
    });
    const again = await importCodedFile(t.db, actor, source('a-renamed.csv', text));
    expect(again).toMatchObject({ alreadyImported: true, importId: null, entries: 0 });
    expect(
      await count(
        `coded_entry e join patient p on p.id = e.patient_id where p.nhs_number = '${p.nhs}'`,
      ),
    ).toBe(2);
    const { rows } = await t.db.query<{ reason: string; patient_id: string | null }>(
      `select reason, patient_id from audit_event where action = 'coded-records.import' and entity_id = $1`,
      [first.importId],
    );
    expect(rows).toEqual([
      {
        reason: 'test; csv 5 lines: 2 entries, 1 for patients not on the register, 1 skipped',
        patient_id: null,
      },
    ]);
    expect(rows[0]?.reason).not.toContain(p.nhs);
  });

  it('resolves Patient references through the export’s Patient file', async () => {
    const p = await addPatient('1945-02-02');
    const patients = new Map<string, string>();
    const patientFile = JSON.stringify({
      resourceType: 'Patient',
      id: 'exp-1',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: p.nhs }],
    });
    const listed = await importCodedFile(t.db, actor, {
      ...source('Patient.ndjson', patientFile, 'ndjson'),
      patients,
    });
    expect(listed).toMatchObject({ patientsListed: 1, entries: 0 });
    const condition = (ref: string) =>
      JSON.stringify({
        resourceType: 'Condition',
        subject: { reference: `Patient/${ref}` },
        code: { coding: [{ system: SNOMED, code: codeOf['heart-failure'] }] },
        recordedDate: '2023-04-05',
      });
    const result = await importCodedFile(t.db, actor, {
      ...source('Condition.ndjson', [condition('exp-1'), condition('exp-2')].join('\n'), 'ndjson'),
      patients,
    });
    expect(result).toMatchObject({ entries: 1, unknownPatients: 1 });
  });
});

/** A well-formed concept id standing for medicine number k (partition 00, Verhoeff digit). */
const medicine = (k: number) => `${200000 + k}00${verhoeffCheckDigit(`${200000 + k}00`)}`;

/** A random number generator with a seed, so a failure can be replayed. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('frailty scoring in SQL', () => {
  it('agrees with the domain rule for constructed and random patients', async () => {
    const random = seeded(20261123);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const coded = EFI_DEFICIT_IDS.filter((d) => d !== 'polypharmacy');
    const day = (from: number, to: number) => {
      const ms = Date.UTC(2026, 5, 30) - Math.floor(from + random() * (to - from)) * 86_400_000;
      return new Date(ms).toISOString().slice(0, 10);
    };
    const patients: { id: string; nhs: string; dob: string; entries: MatchedEntry[] }[] = [];
    // Edges by count: 4/5, 8/9, 12/13 deficits; then random patients, some under 65.
    const plan: {
      dob: string;
      deficits: EfiDeficitId[];
      meds: { code: string; date: string }[];
    }[] = [4, 5, 8, 9, 12, 13].map((n) => ({
      dob: '1950-01-01',
      deficits: coded.slice(0, n),
      meds: [],
    }));
    plan.push({
      dob: '1950-01-01',
      deficits: [],
      meds: [1, 2, 3, 4, 5].map((k) => ({ code: medicine(k), date: '2025-07-01' })),
    });
    plan.push({ dob: '1961-07-01', deficits: coded.slice(0, 13), meds: [] });
    for (let i = 0; i < 60; i++) {
      const year = 1925 + Math.floor(random() * 40);
      plan.push({
        dob: `${year}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
        deficits: Array.from({ length: Math.floor(random() * 16) }, () => pick(coded)),
        meds: Array.from({ length: Math.floor(random() * 9) }, () => ({
          code: medicine(Math.floor(random() * 8)),
          date: day(-30, 500),
        })),
      });
    }
    const lines = ['nhs_number,code_system,code,date'];
    for (const step of plan) {
      const p = await addPatient(step.dob, patients.length % 2);
      const entries: MatchedEntry[] = [];
      for (const deficit of step.deficits) {
        const date = patients.length < 8 ? '2020-01-01' : day(-60, 4000);
        entries.push({ deficit, code: codeOf[deficit], date });
        lines.push(`${p.nhs},${SNOMED},${codeOf[deficit]},${date}`);
      }
      for (const med of step.meds) {
        entries.push({ deficit: 'medication', code: med.code, date: med.date });
        lines.push(`${p.nhs},${DMD},${med.code},${med.date}`);
      }
      patients.push({ ...p, dob: step.dob, entries });
    }
    await importCodedFile(t.db, actor, source('random.csv', lines.join('\n')));
    const run = await analyst.runScoring(ON, null);
    expect(run).toMatchObject({ scoredOn: ON, codeListVersion: 'atscale-public-2026.11' });
    const { rows } = await t.db.query<{
      patient_id: string;
      deficit_count: number;
      score: string;
      category: string;
    }>(
      'select patient_id, deficit_count, score::text, category from frailty_score where run_id = $1',
      [run.id],
    );
    const stored = new Map(rows.map((r) => [r.patient_id, r]));
    const categories: string[] = [];
    for (const p of patients) {
      const expected = scoreFrailty({ dateOfBirth: p.dob }, p.entries, ON);
      const got = stored.get(p.id);
      if (expected === null) {
        expect(got, `${p.dob} is under 65`).toBeUndefined();
        continue;
      }
      expect(got, p.dob).toMatchObject({
        deficit_count: expected.deficitCount,
        category: expected.category,
      });
      expect(Number(got?.score)).toBe(expected.score);
      categories.push(expected.category);
    }
    expect(categories.slice(0, 7)).toEqual([
      'fit',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'severe',
      'fit',
    ]);
    expect(stored.get(patients[6]?.id ?? '')?.deficit_count).toBe(1); // polypharmacy at 5
    expect(new Set(categories)).toEqual(new Set(['fit', 'mild', 'moderate', 'severe']));
  });

  it('summarises by practice, category and age band, and lists only moderate and severe patients', async () => {
    const { run, practices } = await analyst.summary();
    expect(run).not.toBeNull();
    const first = practices.find((p) => p.practiceId === demo.practiceIds[0]);
    const total = Object.values(first?.byCategory ?? {}).reduce((a, b) => a + b, 0);
    expect(first?.scored).toBe(total);
    expect(JSON.stringify(practices)).not.toMatch(/Frailty|999\d{7}/);

    const clinician: Principal = {
      userId: demo.users.clinician,
      orgId: demo.orgId,
      grants: [{ role: 'clinician', practiceId: demo.practiceIds[0] ?? '' }],
    };
    const own = populationRepository(t.db, { principal: clinician, requestId: null });
    const list = await own.worklist(demo.practiceIds[0] ?? '', 'frailty clinic');
    expect(list.patients.length).toBeGreaterThan(0);
    const { rows: frail } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from frailty_score
        where run_id = $1 and practice_id = $2 and category in ('moderate', 'severe')`,
      [run?.id, demo.practiceIds[0]],
    );
    expect(list.patients).toHaveLength(frail[0]?.n ?? -1);
    const audited = await count(
      `audit_event where action = 'frailty.worklist' and user_id = '${demo.users.clinician}'`,
    );
    expect(audited).toBe(list.patients.length);
    await expect(own.worklist(demo.practiceIds[1] ?? '', null)).rejects.toMatchObject({
      code: 'forbidden',
    });

    const detail = await own.patientDetail(list.patients[0]?.patientId ?? '', null);
    expect(detail.deficits.length).toBe(list.patients[0]?.deficitCount);
    expect(detail.deficits[0]?.evidence[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const theirs = await t.db.query<{ id: string }>(
      `select s.patient_id as id from frailty_score s where s.run_id = $1 and s.practice_id = $2 limit 1`,
      [run?.id, demo.practiceIds[1]],
    );
    await expect(own.patientDetail(theirs.rows[0]?.id ?? '', null)).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('loads another list version, checked, with its provenance, and refuses the same version twice', async () => {
    const admin = populationRepository(t.db, {
      principal: {
        userId: demo.users.admin,
        orgId: demo.orgId,
        grants: [{ role: 'org-admin', practiceId: null }],
      },
      requestId: null,
    });
    const list = await readPublicEfiCodeList();
    const stored = await admin.loadCodeList({
      ...list,
      version: 'licensed-test-1',
      name: 'Licensed',
    });
    expect(stored).toMatchObject({ version: 'licensed-test-1', codes: 81 });
    await expect(admin.loadCodeList({ ...list, version: 'licensed-test-1' })).rejects.toMatchObject(
      {
        code: 'conflict',
      },
    );
    await expect(analyst.loadCodeList(list)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await admin.codeLists()).map((l) => l.version)).toEqual([
      'licensed-test-1',
      'atscale-public-2026.11',
    ]);
  });
});
