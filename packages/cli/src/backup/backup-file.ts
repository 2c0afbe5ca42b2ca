import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AtscaleError } from '@atscale/domain';
import { hasCode } from './fs-errors.js';

/** What a backup file is, judged from its contents rather than its name. */
export type BackupKind =
  /** A gzipped tarball of an embedded (PGlite) data folder, made by `dumpDataDir`. */
  | 'pglite'
  /** A pg_dump archive in custom format, made from a PostgreSQL server. */
  | 'pg-dump'
  /** A plain-text SQL script from pg_dump: psql loads those, not atscale. */
  | 'sql-script'
  | 'unknown';

const GZIP = [0x1f, 0x8b];
const PG_DUMP_MAGIC = 'PGDMP';

/** Reads the first bytes of a file to tell which kind of backup it is. */
export async function identifyBackup(file: string): Promise<BackupKind> {
  const head = Buffer.alloc(512);
  let length: number;
  try {
    const handle = await open(file, 'r');
    try {
      ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (hasCode(error, 'ENOENT')) throw new AtscaleError('not-found', `There is no file ${file}`);
    if (hasCode(error, 'EISDIR'))
      throw new AtscaleError('validation-failed', `${file} is a folder`);
    throw error;
  }
  const bytes = head.subarray(0, length);
  if (bytes[0] === GZIP[0] && bytes[1] === GZIP[1]) return 'pglite';
  if (bytes.subarray(0, 5).toString('latin1') === PG_DUMP_MAGIC) return 'pg-dump';
  if (/^--\s*\n--\s*PostgreSQL database dump/.test(bytes.toString('utf8'))) return 'sql-script';
  return 'unknown';
}

/** One sentence saying what a file is, for messages that refuse it. */
export function describeKind(kind: BackupKind): string {
  switch (kind) {
    case 'pglite':
      return 'a backup of an embedded database folder (PGlite); restore it without DATABASE_URL, into an empty --data folder';
    case 'pg-dump':
      return 'a pg_dump archive of a PostgreSQL server; restore it with DATABASE_URL naming a fresh database';
    case 'sql-script':
      return 'a plain SQL script from pg_dump; atscale restores only its own backups (load a script with psql)';
    case 'unknown':
      return 'not an atscale backup: neither a PGlite data-folder tarball nor a pg_dump archive';
  }
}

/** A PGlite backup, checked and ready to load. */
export interface PgliteBackup {
  /** The tarball as PGlite's `loadDataDir` takes it. */
  readonly tarball: Blob;
  /** The PostgreSQL major version of the data, from its PG_VERSION file. */
  readonly postgresVersion: string;
}

/**
 * Reads a PGlite backup and checks it fully before anything is written: it must decompress
 * (a truncated copy fails here) and be a tarball of a PostgreSQL data folder (PG_VERSION at
 * its top).
 */
export async function readPgliteBackup(file: string): Promise<PgliteBackup> {
  const compressed = await readFile(file);
  let tar: Buffer;
  try {
    tar = await promisify(gunzip)(compressed);
  } catch (error) {
    throw new AtscaleError(
      'validation-failed',
      `${file} is damaged or cut short: it does not decompress (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const version = tarEntry(tar, 'PG_VERSION');
  if (version === null) {
    throw new AtscaleError(
      'validation-failed',
      `${file} is a compressed file but not a backup of an atscale data folder (it holds no PG_VERSION)`,
    );
  }
  return {
    // The type tells PGlite to decompress it.
    tarball: new Blob([compressed], { type: 'application/x-gzip' }),
    postgresVersion: version.toString('utf8').trim(),
  };
}

const BLOCK = 512;

/**
 * The contents of one file at the top of a tar archive (ustar headers: name at 0, size in
 * octal at 124, prefix at 345), or null when it is not there or this is no tar archive.
 */
function tarEntry(tar: Buffer, wanted: string): Buffer | null {
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return null;
    const field = (start: number, end: number) =>
      header.subarray(start, end).toString('utf8').split('\0', 1)[0] ?? '';
    const isUstar = field(257, 262) === 'ustar';
    const name = (isUstar && field(345, 500) ? `${field(345, 500)}/` : '') + field(0, 100);
    const size = Number.parseInt(field(124, 136).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) return null;
    if (name.replace(/^(\.?\/)+/, '') === wanted) {
      return tar.subarray(offset + BLOCK, offset + BLOCK + size);
    }
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return null;
}
