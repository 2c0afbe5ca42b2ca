import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOrganisation, tableRowCounts, type DemoOrganisation } from '@atscale/db';
import { createTestDatabase, type TestDatabase } from '@atscale/db/testing';
import { captureTerminal } from '../testing/capture-terminal.js';
import { importListSizeEntries, readListSizeFile } from './import-list-sizes.js';
import { importPractices, readPracticeListFile } from './import-practices.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const SIZES = fixture('list-sizes-sample.csv');
let t: TestDatabase;
let demo: DemoOrganisation;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
  dir = await mkdtemp(path.join(tmpdir(), 'atscale-import-list-sizes-'));
  const terminal = captureTerminal();
  const practices = fixture('epraccur-sample.csv');
  await importPractices(t.db, practices, await readPracticeListFile(practices, terminal), {
    terminal,
  });
});
afterAll(async () => {
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

const importFile = async (file: string) => {
  const terminal = captureTerminal();
  return importListSizeEntries(t.db, file, await readListSizeFile(file, terminal), { terminal });
};

const fileWith = async (rows: readonly string[]) => {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, ['ods_code,date,list_size', ...rows].join('\n'));
  return file;
};

describe('importing list sizes', () => {
  it('stores each dated list size against its practice, and audits the import', async () => {
    expect(await importFile(SIZES)).toMatchObject({
      organisation: { id: demo.orgId },
      rowsRead: 6,
      inserted: 6,
      updated: 0,
      unchanged: 0,
    });
    const { rows } = await t.db.query(
      `select p.ods_code, s.date, s.list_size from practice_list_size s
         join practice p on p.org_id = s.org_id and p.id = s.practice_id
        where s.org_id = $1 and p.ods_code = 'A81001' order by s.date`,
      [demo.orgId],
    );
    expect(rows).toEqual([
      { ods_code: 'A81001', date: '2024-01-01', list_size: 4012 },
      { ods_code: 'A81001', date: '2024-04-01', list_size: 4080 },
    ]);
    const { rows: audit } = await t.db.query<{ reason: string }>(
      `select reason from audit_event where org_id = $1 and action = 'practice.list-size-import'`,
      [demo.orgId],
    );
    expect(audit.map((a) => a.reason)).toEqual([
      expect.stringMatching(/list-sizes-sample\.csv, .*: 6 list sizes, 6 inserted/),
    ]);
  });

  it('changes nothing when the same file is imported again, and updates a changed size', async () => {
    const before = await tableRowCounts(t.db);
    expect(await importFile(SIZES)).toMatchObject({ inserted: 0, updated: 0, unchanged: 6 });
    expect(await tableRowCounts(t.db)).toEqual({
      ...before,
      audit_event: (before.audit_event ?? 0) + 1,
    });
    const changed = await fileWith(['A81001,2024-01-01,4013', 'A81001,2024-07-01,4100']);
    expect(await importFile(changed)).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
  });

  it.each<[string, readonly string[], RegExp]>([
    [
      'a practice the organisation does not have',
      ['A81001,2024-10-01,4200', 'A81003,2024-10-01,5000'],
      /^Row 3: this organisation has no practice with the ODS code A81003/,
    ],
    ['a bad date', ['A81001,2024-13-01,1'], /^Row 2: date "2024-13-01" is not a date/],
    ['a negative size', ['A81001,2024-10-01,-5'], /^Row 2: list size "-5" is not a whole/],
    ['a fractional size', ['A81001,2024-10-01,1.5'], /^Row 2: list size "1.5"/],
    ['a bad ODS code', ['A8100,2024-10-01,1'], /^Row 2: ODS code "A8100"/],
    ['a missing column', ['A81001,2024-10-01'], /^Row 2: has 2 columns/],
    [
      'a repeated practice and date',
      ['A81001,2024-10-01,1', 'A81002,2024-10-01,1', 'A81001,2024-10-01,2'],
      /^Row 4: A81001 on 2024-10-01 is also on row 2/,
    ],
  ])('refuses %s, naming the row, and writes nothing', async (_case, rows, message) => {
    const before = await tableRowCounts(t.db);
    await expect(importFile(await fileWith(rows))).rejects.toThrow(message);
    expect(await tableRowCounts(t.db)).toEqual(before);
  });

  it('refuses a file without the header', async () => {
    const file = path.join(dir, 'no-header.csv');
    await writeFile(file, 'A81001,2024-10-01,1\n');
    await expect(importFile(file)).rejects.toThrow(/^Row 1: the first row must be the header/);
  });
});
