import { userInfo } from 'node:os';
import { locationFromEnv, type Database } from '@atscale/db';
import { requireIdleDatabaseFolder } from '../backup/data-folder.js';
import { openMigrated, type DatabaseFlags } from '../context.js';
import type { Terminal } from '../terminal/terminal.js';

/**
 * Opens the database an import writes to: an embedded folder must exist and be idle (a
 * running server holds it), and its schema is brought up to date first.
 */
export async function openForImport(
  flags: DatabaseFlags,
  env: NodeJS.ProcessEnv,
  terminal: Terminal,
): Promise<Database> {
  const location = locationFromEnv(env, flags.data);
  if (!location.databaseUrl) {
    await requireIdleDatabaseFolder(location.dataDir, (line) => terminal.stderr.write(`${line}\n`));
  }
  const { db } = await openMigrated(flags, env);
  return db;
}

/** Who ran the command, for audit rows: the operating-system user. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers can run as a uid with no name.
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
