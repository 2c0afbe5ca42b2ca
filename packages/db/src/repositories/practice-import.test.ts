import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { seedDemoOrganisation, type DemoOrganisation } from '../demo/seed-demo.js';
import { tableRowCounts } from '../table-row-counts.js';
import { importPracticeList, type PracticeListEntry } from './practice-import.js';

let t: TestDatabase;
let demo: DemoOrganisation;
beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedDemoOrganisation(t.db, { passwordHash: 'x' });
});
afterAll(() => t.dispose());

const entry = (odsCode: string, name = `Practice ${odsCode}`): PracticeListEntry => ({
  odsCode,
  name,
  addressLines: ['1 High Street', null, 'Leeds', null, null],
  postcode: 'LS1 1AA',
  phone: null,
  openedOn: '2001-04-01',
  commissionerCode: '15F',
  nationalGrouping: 'Y63',
  healthGeography: 'Q72',
});

describe('importPracticeList', () => {
  it('inserts, then leaves unchanged practices alone and updates changed ones', async () => {
    const audit = { reason: 'test' };
    expect(
      await importPracticeList(t.db, demo.orgId, [entry('B86001'), entry('B86002')], audit),
    ).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(
      await importPracticeList(
        t.db,
        demo.orgId,
        [entry('B86001'), entry('B86002', 'Renamed')],
        audit,
      ),
    ).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
  });

  it('writes nothing, not even the audit row, when the database refuses one practice', async () => {
    const before = await tableRowCounts(t.db);
    // A lower-case code slips past no check here; the table's constraint refuses it.
    await expect(
      importPracticeList(t.db, demo.orgId, [entry('B86003'), entry('b86004')], { reason: 'x' }),
    ).rejects.toThrow(/practice_ods_code_check/);
    expect(await tableRowCounts(t.db)).toEqual(before);
  });

  it('keeps contract types and list sizes within their rules', async () => {
    await expect(
      t.db.query(`update practice set contract_type = 'XMS' where org_id = $1`, [demo.orgId]),
    ).rejects.toThrow(/contract_type_check/);
    const { rows } = await t.db.query<{ id: string }>(
      `select id from practice where org_id = $1 and ods_code = 'B86001'`,
      [demo.orgId],
    );
    await expect(
      t.db.query(
        `insert into practice_list_size (org_id, practice_id, date, list_size)
         values ($1, $2, '2024-01-01', -1)`,
        [demo.orgId, rows[0]?.id],
      ),
    ).rejects.toThrow(/list_size_check/);
  });
});
