import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOrganisation, type DemoOrganisation } from '@atscale/db';
import { createTestDatabase, type TestDatabase } from '@atscale/db/testing';
import { captureTerminal } from '../testing/capture-terminal.js';
import { clinicalFiles, importClinicalFiles } from './import-clinical.js';

let t: TestDatabase;
let demo: DemoOrganisation;
let dir: string;
let nhs: string[];
const SNOMED = 'http://snomed.info/sct';

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  const { rows } = await t.db.query<{ nhs_number: string }>(
    'select nhs_number from patient where org_id = $1 order by nhs_number limit 20',
    [demo.orgId],
  );
  nhs = rows.map((r) => r.nhs_number);
  dir = await mkdtemp(path.join(tmpdir(), 'atscale-import-clinical-'));
});
afterAll(async () => {
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

const folder = async (files: Record<string, string>) => {
  const d = await mkdtemp(path.join(dir, 'export-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(d, name), text);
  return d;
};
const run = async (d: string) => {
  const terminal = captureTerminal();
  const summary = await importClinicalFiles(t.db, await clinicalFiles(d), { terminal });
  return { summary, terminal };
};
const entriesOf = async () =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from coded_entry')).rows[0]?.n;

const condition = (ref: string, code = '49436004') =>
  JSON.stringify({
    resourceType: 'Condition',
    subject: { reference: `Patient/${ref}` },
    code: { coding: [{ system: SNOMED, code }] },
    onsetDateTime: '2022-02-02',
  });

describe('atscale import clinical', () => {
  it('reads Patient files first, resolves references, and skips a folder seen before', async () => {
    const d = await folder({
      'Condition.ndjson': [condition('a'), condition('b'), condition('nobody')].join('\n'),
      'Patient.ndjson': [
        JSON.stringify({
          resourceType: 'Patient',
          id: 'a',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs[0] }],
        }),
        JSON.stringify({
          resourceType: 'Patient',
          id: 'b',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs[1] }],
        }),
      ].join('\n'),
      'extra.csv': `nhs_number,code_system,code,date\n${nhs[2]},${SNOMED},38341003,2021-01-01\n`,
    });
    expect((await clinicalFiles(d)).map((f) => path.basename(f.file))).toEqual([
      'Patient.ndjson',
      'Condition.ndjson',
      'extra.csv',
    ]);
    const { summary, terminal } = await run(d);
    expect(summary.files.map((f) => [f.entries, f.unknownPatients])).toEqual([
      [0, 0],
      [2, 1],
      [1, 0],
    ]);
    expect(terminal.err()).toContain('Importing Condition.ndjson: done');
    const before = await entriesOf();
    const again = await run(d);
    expect(again.summary.files.slice(1).map((f) => f.alreadyImported)).toEqual([true, true]);
    expect(again.terminal.err()).toContain(
      'Condition.ndjson: imported before (same content), skipped',
    );
    expect(await entriesOf()).toBe(before);
  });

  it('imports nothing of a file whose line 57 is bad, and names the file and line', async () => {
    const lines = ['nhs_number,code_system,code,date'];
    for (let i = 2; i <= 80; i++) {
      lines.push(
        `${nhs[i % nhs.length] ?? ''},${SNOMED},${i === 57 ? 'abc' : '84114007'},2020-01-01`,
      );
    }
    const d = await folder({ 'bad.csv': lines.join('\n') });
    const before = await entriesOf();
    await expect(run(d)).rejects.toThrow(/^bad\.csv: line 57: code: abc is not a SNOMED CT id/);
    expect(await entriesOf()).toBe(before);
  });

  it('streams a large file with memory that does not grow with it', async () => {
    // 200,000 lines of about 600 bytes: 120 MB, which would take well over that in memory if
    // read whole. Each line is an entry for a patient on the register, so every batch is written.
    const file = path.join(await mkdtemp(path.join(dir, 'big-')), 'Condition.ndjson');
    const out = createWriteStream(file);
    const note = 'x'.repeat(480);
    const lines = 200_000;
    for (let i = 0; i < lines; i++) {
      const line = JSON.stringify({
        resourceType: 'Condition',
        subject: {
          identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs[i % nhs.length] },
        },
        code: { coding: [{ system: SNOMED, code: '49436004' }] },
        onsetDateTime: '2020-01-01',
        note: [{ text: note }],
      });
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    await new Promise<void>((resolve) => {
      out.end(() => {
        resolve();
      });
    });
    const size = (await stat(file)).size;

    // What the import keeps alive, not garbage waiting for a collection: the heap is measured
    // right after a full collection, so the figure does not depend on when the collector runs.
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const live = () => {
      collect();
      return process.memoryUsage().heapUsed;
    };
    const baseline = live();
    let peak = baseline;
    const sample = setInterval(() => {
      peak = Math.max(peak, live());
    }, 100);
    const terminal = captureTerminal();
    try {
      const { files } = await importClinicalFiles(t.db, [{ file, format: 'ndjson' }], { terminal });
      expect(files[0]).toMatchObject({ lines, entries: lines, unknownPatients: 0 });
    } finally {
      clearInterval(sample);
    }
    const growth = peak - baseline;
    // Holding the file would cost at least its size; streaming costs a few batches.
    expect(
      growth,
      `heap grew ${Math.round(growth / 1e6)} MB for a ${Math.round(size / 1e6)} MB file`,
    ).toBeLessThan(size / 4);
    console.log(
      `streamed ${Math.round(size / 1e6)} MB, live heap grew at most ${Math.round(growth / 1e6)} MB`,
    );
  }, 300_000);
});
