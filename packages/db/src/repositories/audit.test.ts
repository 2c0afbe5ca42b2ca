import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { seedDemoOrganisation } from '../demo/seed-demo.js';
import { writeAudit } from './audit.js';

let t: TestDatabase;
let orgId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await seedDemoOrganisation(t.db, { passwordHash: 'x' })).orgId;
  await writeAudit(t.db, [
    {
      orgId,
      userId: null,
      role: null,
      action: 'test.write',
      entityType: 'test',
      entityId: null,
      patientId: null,
      reason: 'first',
      requestId: 'r1',
    },
  ]);
});
afterAll(() => t.dispose());

describe('audit_event is append-only', () => {
  it('refuses UPDATE', async () => {
    await expect(t.db.query("update audit_event set reason = 'changed'")).rejects.toThrow(
      /append-only: UPDATE/,
    );
  });

  it('refuses DELETE', async () => {
    await expect(t.db.query('delete from audit_event')).rejects.toThrow(/append-only: DELETE/);
  });

  it('refuses TRUNCATE', async () => {
    await expect(t.db.query('truncate audit_event')).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('keeps the row unchanged after the refused attempts', async () => {
    const { rows } = await t.db.query<{ reason: string; n: number }>(
      "select reason, count(*) over ()::int as n from audit_event where action = 'test.write'",
    );
    expect(rows).toEqual([{ reason: 'first', n: 1 }]);
  });
});
