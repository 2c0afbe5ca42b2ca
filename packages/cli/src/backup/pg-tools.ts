import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { AtscaleError } from '@atscale/domain';
import { hasCode } from './fs-errors.js';

/** The PostgreSQL client programs backup and restore use. */
export type PgTool = 'pg_dump' | 'pg_restore';

/** A PostgreSQL client program found on this machine. */
export interface FoundPgTool {
  readonly path: string;
  /** Its own words, e.g. `pg_dump (PostgreSQL) 15.18`. */
  readonly version: string;
}

/**
 * Finds a client program: on PATH, or else in Debian's /usr/lib/postgresql/N/bin (newest
 * first), since pg_dump must be at least as new as the server.
 */
export async function findPgTool(tool: PgTool): Promise<FoundPgTool> {
  const candidates = [tool, ...(await debianToolPaths(tool))];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version'], process.env);
      return { path: candidate, version: stdout.trim() };
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
    }
  }
  throw new AtscaleError(
    'unavailable',
    `${tool} is not installed or not on PATH: install the PostgreSQL client programs, ` +
      'as new as the server (on Debian: apt-get install postgresql-client)',
  );
}

async function debianToolPaths(tool: PgTool): Promise<string[]> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => []);
  return versions
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin', tool));
}

/**
 * Runs a client program against the database at `databaseUrl`. The password travels in
 * PGPASSWORD rather than on the command line, where any user of the machine could read it.
 * A failure becomes one error carrying the program's own last words.
 */
export async function runPgTool(
  tool: FoundPgTool,
  args: readonly string[],
  databaseUrl?: string,
): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const fullArgs = [...args];
  if (databaseUrl !== undefined) {
    const url = new URL(databaseUrl);
    if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
    fullArgs.unshift(`--dbname=${url.toString()}`);
  }
  try {
    return (await run(tool.path, fullArgs, env)).stdout;
  } catch (error) {
    if (error instanceof ToolFailed) {
      const name = path.basename(tool.path);
      throw new AtscaleError('unavailable', `${name} failed: ${error.lastWords}`);
    }
    throw error;
  }
}

class ToolFailed extends Error {
  constructor(readonly lastWords: string) {
    super(lastWords);
  }
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout: Buffer.concat(out).toString('utf8') });
        return;
      }
      const lines = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' / ');
      reject(new ToolFailed(lines || `exit ${code ?? signal ?? 'unknown'}`));
    });
  });
}
