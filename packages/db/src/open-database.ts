import path from 'node:path';
import type { Database } from './database.js';
import { openPglite } from './pglite-database.js';
import { openPostgres } from './postgres-database.js';

/** Where the data lives: a PostgreSQL server URL, or else an embedded data folder. */
export interface DatabaseLocation {
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string | undefined;
}

/** The data folder used when none is named: ./data under the working directory. */
export const DEFAULT_DATA_DIR = 'data';

/**
 * Reads the location from the environment: DATABASE_URL names a server, ATSCALE_DATA a data
 * folder. An explicit folder (the --data flag) wins over ATSCALE_DATA.
 */
export function locationFromEnv(
  env: NodeJS.ProcessEnv,
  dataDirFlag?: string,
): { databaseUrl: string | undefined; dataDir: string } {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dataDir = path.resolve(dataDirFlag ?? (env.ATSCALE_DATA?.trim() || DEFAULT_DATA_DIR));
  return { databaseUrl, dataDir };
}

/** Opens the database at a location: the server when a URL is given, else the data folder. */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.databaseUrl) return openPostgres({ connectionString: location.databaseUrl });
  return openPglite({ dataDir: location.dataDir ?? path.resolve(DEFAULT_DATA_DIR) });
}
