import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoOrganisation, tableRowCounts, type DemoOrganisation } from '@atscale/db';
import { createTestDatabase, type TestDatabase } from '@atscale/db/testing';
import { runCli } from '../run.js';
import { captureTerminal } from '../testing/capture-terminal.js';
import { importPractices, readPracticeListFile } from './import-practices.js';

const SAMPLE = fileURLToPath(new URL('../fixtures/epraccur-sample.csv', import.meta.url));
let t: TestDatabase;
let demo: DemoOrganisation;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  dir = await mkdtemp(path.join(tmpdir(), 'atscale-import-practices-'));
});
afterAll(async () => {
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

const importFile = async (file: string) => {
  const terminal = captureTerminal();
  return importPractices(t.db, file, await readPracticeListFile(file, terminal), { terminal });
};

/** The sample with one row replaced by what `change` makes of its fields. */
async function sampleWithRow(row: number, change: (fields: string[]) => string[]) {
  const lines = (await readFile(SAMPLE, 'utf8')).trimEnd().split(/\r?\n/);
  const fields = (lines[row - 1] ?? '').slice(1, -1).split('","');
  lines[row - 1] = change(fields)
    .map((f) => `"${f}"`)
    .join(',');
  const file = path.join(dir, `row-${row}-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

const practiceCount = async () =>
  (
    await t.db.query<{ n: number }>(
      'select count(*)::bigint as n from practice where org_id = $1',
      [demo.orgId],
    )
  ).rows[0]?.n;

describe('importing the public GP practice list', () => {
  it('keeps only active GP practices, with their details, and audits the import', async () => {
    const before = await practiceCount();
    const summary = await importFile(SAMPLE);
    expect(summary).toMatchObject({
      organisation: { id: demo.orgId },
      rowsRead: 40,
      kept: 28,
      inserted: 28,
      updated: 0,
      unchanged: 0,
      skipped: { closed: 4, dormant: 2, 'not a GP practice': 5, proposed: 1 },
    });
    expect(await practiceCount()).toBe((before ?? 0) + 28);
    const { rows } = await t.db.query(
      `select name, address_line_1, address_line_2, postcode, phone, opened_on, commissioner_code,
              national_grouping, health_geography, status, contract_type
         from practice where org_id = $1 and ods_code = 'A81017'`,
      [demo.orgId],
    );
    expect(rows).toEqual([
      {
        name: 'WOODBRIDGE PRACTICE',
        address_line_1: 'THE HEALTH CENTRE',
        address_line_2: 'TRENCHARD AVE, THORNABY',
        postcode: 'TS17 0EE',
        phone: '01642 762636',
        opened_on: '1974-04-01',
        commissioner_code: '00K',
        national_grouping: 'Y63',
        health_geography: 'Q74',
        status: 'active',
        contract_type: null,
      },
    ]);
    const closed = await t.db.query(`select 1 from practice where ods_code = 'A81003'`);
    expect(closed.rows).toEqual([]);
    const { rows: audit } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where org_id = $1 and action = 'practice.import'
          and entity_type = 'practice'`,
      [demo.orgId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.reason).toMatch(
      /^atscale import practices epraccur-sample\.csv, run by OS user .+: 28 practices, 28 inserted, 0 updated, 0 unchanged$/,
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await tableRowCounts(t.db);
    const summary = await importFile(SAMPLE);
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 28 });
    expect(await tableRowCounts(t.db)).toEqual({
      ...before,
      audit_event: (before.audit_event ?? 0) + 1,
    });
  });

  it('updates a practice whose name changed, and only that one', async () => {
    const file = await sampleWithRow(2, (f) => f.map((v, i) => (i === 1 ? 'QUEENS PARK MC' : v)));
    expect(await importFile(file)).toMatchObject({ inserted: 0, updated: 1, unchanged: 27 });
    const { rows } = await t.db.query(`select name from practice where ods_code = 'A81002'`);
    expect(rows).toEqual([{ name: 'QUEENS PARK MC' }]);
  });

  it.each<[string, number, (fields: string[]) => string[], RegExp]>([
    ['a missing column', 17, (f) => f.slice(0, 26), /^Row 17: has 26 columns where .* has 27/],
    ['a bad ODS code', 20, (f) => ['a8101', ...f.slice(1)], /^Row 20: ODS code "a8101": /],
    [
      'a bad open date',
      25,
      (f) => f.map((v, i) => (i === 10 ? '20190230' : v)),
      /^Row 25: open date "20190230" is not a date written YYYYMMDD/,
    ],
    ['an unknown status', 31, (f) => f.map((v, i) => (i === 12 ? 'X' : v)), /^Row 31: status "X"/],
    [
      'a repeated ODS code',
      28,
      (f) => ['A81001', ...f.slice(1)],
      /^Row 28: ODS code A81001 is also on row 1/,
    ],
  ])('stops at %s on row %i and writes nothing', async (_case, row, change, message) => {
    const file = await sampleWithRow(row, change);
    const before = await tableRowCounts(t.db);
    const practices = await practiceCount();
    await expect(importFile(file)).rejects.toThrow(message);
    expect(await practiceCount()).toBe(practices);
    expect(await tableRowCounts(t.db)).toEqual(before);
  });
});

describe('atscale import practices, through runCli', () => {
  it('prints the bad row and exits 1, before opening any database', async () => {
    const file = await sampleWithRow(12, (f) => f.map((v, i) => (i === 10 ? '1974-04-01' : v)));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCli([
        'node',
        'atscale',
        'import',
        'practices',
        file,
        '--data',
        '/nonexistent/atscale-data',
      ]);
      expect(code).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /atscale: Row 12: open date "1974-04-01" is not a date written YYYYMMDD; nothing was imported\n$/,
      );
    } finally {
      stderr.mockRestore();
    }
  });
});
