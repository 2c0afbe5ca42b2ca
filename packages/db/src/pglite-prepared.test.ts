import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type PgliteDatabase } from './pglite-database.js';

let db: PgliteDatabase;
beforeAll(async () => {
  db = await openPglite();
  await db.exec(
    `create table thing (id int primary key, born date, big bigint, label text);
     insert into thing values (1, '2020-02-29', 9007199254740991, 'one')`,
  );
});
afterAll(() => db.close());

describe('named statements on PGlite', () => {
  it('answer as an unnamed statement does: dates as text, bigints as numbers, row counts', async () => {
    const sql = 'select id, born, big, label from thing where id = $1';
    const first = await db.query(sql, [1]);
    const again = await db.query(sql, [1]);
    expect(first.rows).toEqual([
      { id: 1, born: '2020-02-29', big: 9007199254740991, label: 'one' },
    ]);
    expect(again.rows).toEqual(first.rows);
    const updated = await db.query('update thing set label = $2 where id = $1', [1, 'uno']);
    expect(updated.rowCount).toBe(1);
    expect(updated.rows).toEqual([]);
    const none = await db.query(sql, [42]);
    expect(none.rows).toEqual([]);
  });

  it('serialise parameters by their type: dates, JSON, arrays and nulls', async () => {
    const { rows } = await db.query<{ d: string; j: { a: number[] }; n: number; nothing: null }>(
      `select $1::date as d, $2::jsonb as j, cardinality($3::int[]) as n, $4::text as nothing`,
      [new Date('2024-05-06T12:00:00Z'), { a: [1, 2] }, [1, 2, 3], null],
    );
    expect(rows).toEqual([{ d: '2024-05-06', j: { a: [1, 2] }, n: 3, nothing: null }]);
  });

  it('leave the session ready after an error, which names its statement', async () => {
    const sql = 'select 10 / $1::int as quotient';
    const error = await db.query(sql, [0]).then(
      () => null,
      (e: unknown) => e as { code?: string; query?: string },
    );
    expect(error?.code).toBe('22012');
    expect(error?.query).toBe(sql);
    expect((await db.query(sql, [5])).rows).toEqual([{ quotient: 2 }]);
    const syntax = await db.query('selec $1', [1]).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(syntax?.code).toBe('42601');
    expect((await db.query('select $1::int as one', [1])).rows).toEqual([{ one: 1 }]);
  });

  it('belong to the transaction they run in, and wait for one they are not in', async () => {
    const count = 'select count(*)::int as n from thing where id = $1';
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let inserted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = db
      .transaction(async (tx) => {
        await tx.query('insert into thing (id, label) values ($1, $2)', [2, 'two']);
        expect((await tx.query<{ n: number }>(count, [2])).rows[0]?.n).toBe(1);
        inserted();
        await paused;
        throw new Error('roll back');
      })
      .catch((e: unknown) => e);
    await started;
    // Started while the transaction is open: it must not run inside it and see its row.
    const outside = db.query<{ n: number }>(count, [2]);
    release();
    expect(await transaction).toBeInstanceOf(Error);
    expect((await outside).rows[0]?.n).toBe(0);
  });

  it('follow a table whose columns change under a kept statement', async () => {
    const sql = 'select * from thing where id = $1';
    expect(Object.keys((await db.query(sql, [1])).rows[0] ?? {})).not.toContain('extra');
    await db.exec('alter table thing add column extra text');
    const { rows } = await db.query(sql, [1]);
    expect(Object.keys(rows[0] ?? {})).toContain('extra');
  });
});
