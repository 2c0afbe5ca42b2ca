import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableRowCounts, type Database } from '@atscale/db';
import { createTestDatabase } from '@atscale/db/testing';
import { captureTerminal } from '../testing/capture-terminal.js';
import { backupCommand } from './backup.js';
import { restoreCommand } from './restore.js';

const NO_SERVER: NodeJS.ProcessEnv = {};
// Never reached: these refusals must come before any connection is made.
const UNREACHABLE_SERVER: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
};

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'atscale-restore-test-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function file(name: string, contents: string | Buffer): Promise<string> {
  const full = path.join(work, name);
  await writeFile(full, contents);
  return full;
}

const restoreTo = (backup: string, data: string, env = NO_SERVER) =>
  restoreCommand(backup, { data: path.join(work, data) }, env, captureTerminal());

describe('restore refuses, and writes nothing', () => {
  it('a data folder that is not empty', async () => {
    const backup = await file('looks-ok.tgz', gzipSync('whatever'));
    await mkdir(path.join(work, 'full'));
    await writeFile(path.join(work, 'full', 'keep.txt'), 'mine');
    await expect(restoreTo(backup, 'full')).rejects.toThrow(
      /full is not empty: restore only into a new or empty folder/,
    );
    expect(await readdir(path.join(work, 'full'))).toEqual(['keep.txt']);
  });

  it.each([
    ['garbage', 'hello, world\n', /is not an atscale backup/],
    [
      'a plain SQL script',
      '--\n-- PostgreSQL database dump\n--\n',
      /a plain SQL script from pg_dump/,
    ],
    [
      'a pg_dump archive, into a data folder',
      'PGDMP\x01\x0e\x00',
      /is a pg_dump archive of a PostgreSQL server; restore it with DATABASE_URL/,
    ],
    [
      'a cut-short tarball',
      gzipSync(Buffer.alloc(64 * 1024, 7)).subarray(0, 40),
      /is damaged or cut short: it does not decompress/,
    ],
    [
      'a tarball of something else',
      gzipSync(Buffer.alloc(4096)),
      /is a compressed file but not a backup of an atscale data folder/,
    ],
  ])('%s', async (name, contents, message) => {
    const backup = await file(name.replaceAll(/\W+/g, '-'), contents);
    await expect(restoreTo(backup, `target-${name.length}`)).rejects.toThrow(message);
    expect(await readdir(work)).not.toContainEqual(expect.stringMatching(/^target-|restoring/));
  });

  it('a PGlite backup given to a server', async () => {
    const backup = await file('pglite.tgz', gzipSync('x'));
    await expect(restoreTo(backup, 'unused', UNREACHABLE_SERVER)).rejects.toThrow(
      /is a backup of an embedded database folder \(PGlite\); restore it without DATABASE_URL/,
    );
  });

  it('a file that is not there', async () => {
    await expect(restoreTo(path.join(work, 'nope.tgz'), 'unused')).rejects.toThrow(
      /There is no file .*nope\.tgz/,
    );
  });
});

describe.runIf(process.env.DATABASE_URL?.trim())(
  'restore on a server (skipped without DATABASE_URL)',
  () => {
    it('leaves the database empty when the archive is cut short part-way', async () => {
      const source = await createTestDatabase();
      const target = await createTestDatabase({ migrated: false });
      try {
        const full = path.join(work, 'full.dump');
        await backupCommand(full, {}, { DATABASE_URL: urlOf(source.db) }, captureTerminal());
        const bytes = await readFile(full);
        const cut = await file('cut.dump', bytes.subarray(0, Math.floor(bytes.length * 0.8)));
        await expect(
          restoreCommand(cut, {}, { DATABASE_URL: urlOf(target.db) }, captureTerminal()),
        ).rejects.toThrow(/pg_restore failed/);
        expect(await tableRowCounts(target.db)).toEqual({});
      } finally {
        await source.dispose();
        await target.dispose();
      }
    });
  },
);

function urlOf(db: Database): string {
  if (!('connectionString' in db) || typeof db.connectionString !== 'string') {
    throw new Error('expected a database on a PostgreSQL server');
  }
  return db.connectionString;
}
