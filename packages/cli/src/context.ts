import { locationFromEnv, migrate, openDatabase, type Database } from '@atscale/db';

/** Options every command that touches the database takes. */
export interface DatabaseFlags {
  /** The --data folder for the embedded database. */
  readonly data?: string | undefined;
}

/** Where the database is, from the flags and the environment, in words for the terminal. */
export function describeLocation(flags: DatabaseFlags, env = process.env): string {
  const location = locationFromEnv(env, flags.data);
  if (location.databaseUrl) {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL server ${url.host}${url.pathname}`;
  }
  return `embedded database in ${location.dataDir}`;
}

/** Opens the database the flags and environment name, and brings its schema up to date. */
export async function openMigrated(
  flags: DatabaseFlags,
  env = process.env,
): Promise<{ db: Database; applied: readonly string[] }> {
  const db = await openDatabase(locationFromEnv(env, flags.data));
  try {
    const report = await migrate(db);
    return { db, applied: report.applied };
  } catch (error) {
    await db.close();
    throw error;
  }
}
