import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AtscaleError } from '@atscale/domain';
import { hasCode } from './fs-errors.js';

/** A process that has files of a data folder open. */
export interface FolderHolder {
  readonly pid: number;
  readonly command: string;
}

/** What is at a data-folder path. */
export type DataFolderState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  /** Something else: files, but no PostgreSQL data (no PG_VERSION). */
  | { readonly kind: 'other'; readonly entries: number }
  | {
      readonly kind: 'database';
      /**
       * Whether another process is using it: 'no'; 'yes' with the holder; 'stale' when
       * postmaster.pid is there but nothing holds the folder (the last user stopped abruptly);
       * 'unknown' when postmaster.pid is there and this system cannot tell (no /proc).
       */
      readonly use:
        | { readonly state: 'no' | 'stale' | 'unknown' }
        | { readonly state: 'yes'; readonly holder: FolderHolder };
    };

/**
 * Looks at a PGlite data folder without opening it. PGlite takes no lock: it writes a
 * postmaster.pid (with the made-up pid -42) while open and removes it on close, and two
 * processes opening one folder corrupt it. So a pid file means "maybe in use", and on Linux
 * we look in /proc for a process that has the folder's files open to be sure.
 */
export async function inspectDataFolder(dir: string): Promise<DataFolderState> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return { kind: 'missing' };
    if (hasCode(error, 'ENOTDIR')) return { kind: 'other', entries: 1 };
    throw error;
  }
  if (entries.length === 0) return { kind: 'empty' };
  if (!entries.includes('PG_VERSION')) return { kind: 'other', entries: entries.length };
  if (!entries.includes('postmaster.pid')) return { kind: 'database', use: { state: 'no' } };
  const holder = await findHolder(await realpath(dir));
  if (holder === 'unknown') return { kind: 'database', use: { state: 'unknown' } };
  return {
    kind: 'database',
    use: holder ? { state: 'yes', holder } : { state: 'stale' },
  };
}

/**
 * Refuses unless the folder holds a database no other process is using; warns (through
 * `warn`) when the last process to use it stopped without closing it, which PostgreSQL's
 * crash recovery repairs as it opens.
 */
export async function requireIdleDatabaseFolder(
  dir: string,
  warn: (line: string) => void,
): Promise<void> {
  const state = await inspectDataFolder(dir);
  switch (state.kind) {
    case 'missing':
    case 'empty':
    case 'other':
      throw new AtscaleError(
        'not-found',
        `There is no atscale database in ${dir}: name its folder with --data or ATSCALE_DATA, or set DATABASE_URL for a server`,
      );
    case 'database':
      break;
  }
  const { use } = state;
  switch (use.state) {
    case 'no':
      return;
    case 'stale':
      warn(
        `note: ${dir} was not closed cleanly last time (its postmaster.pid was left behind); PostgreSQL recovers it as it opens`,
      );
      return;
    case 'yes':
      throw new AtscaleError(
        'conflict',
        `The database in ${dir} is in use by process ${use.holder.pid} (${use.holder.command}). ` +
          'An embedded database can be open in only one process at a time: stop that process (an atscale server) and try again',
      );
    case 'unknown':
      throw new AtscaleError(
        'conflict',
        `The database in ${dir} may be in use: its postmaster.pid is present and this system cannot tell which process holds it. ` +
          'Stop any atscale server using it; if none is running, delete that postmaster.pid and try again',
      );
  }
}

/**
 * The process holding files under `dir` open, null when none does, or 'unknown' without
 * /proc. Processes of other users cannot be inspected and are passed over.
 */
async function findHolder(dir: string): Promise<FolderHolder | null | 'unknown'> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return 'unknown';
  }
  const inside = (target: string) => target === dir || target.startsWith(dir + path.sep);
  const holders = await Promise.all(
    pids.map(async (pid) => {
      try {
        const fds = await readdir(`/proc/${pid}/fd`);
        const targets = await Promise.all(
          fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')),
        );
        return targets.some(inside) ? Number(pid) : null;
      } catch {
        return null;
      }
    }),
  );
  const pid = holders.find((p) => p !== null);
  if (pid === undefined) return null;
  return { pid, command: await commandOf(pid) };
}

async function commandOf(pid: number): Promise<string> {
  try {
    const line = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim();
    return line.length > 80 ? `${line.slice(0, 77)}...` : line || 'unknown command';
  } catch {
    return 'unknown command';
  }
}
