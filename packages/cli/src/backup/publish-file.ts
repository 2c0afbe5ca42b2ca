import { chmod, link, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AtscaleError } from '@atscale/domain';
import { hasCode } from './fs-errors.js';

const OWNER_ONLY = 0o600;

/** Refuses early, before any long work, when the file exists and may not be replaced. */
export async function requireWritableTarget(file: string, force: boolean): Promise<void> {
  const folder = path.dirname(file);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat?.isDirectory()) {
    throw new AtscaleError('not-found', `The folder ${folder} does not exist`);
  }
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) throw new AtscaleError('conflict', `${file} is a folder`);
  if (existing && !force) {
    throw new AtscaleError(
      'conflict',
      `${file} already exists: choose another name, or pass --force to replace it`,
    );
  }
}

/**
 * Writes a file so that a crash never leaves a half-written one under its real name: `write`
 * fills FILE.partial, which is flushed to disk and only then given the real name. Without
 * `force` the name is taken with a hard link, which fails if the file appeared meanwhile.
 * The file is readable by its owner only: a backup holds patient data and password hashes.
 * Returns the size written.
 */
export async function publishFile(
  file: string,
  write: (partial: string) => Promise<void>,
  options: { force: boolean },
): Promise<number> {
  const partial = `${file}.partial`;
  try {
    // Made private before any data goes in; pg_dump then writes into this same file.
    await (await open(partial, 'w', OWNER_ONLY)).close();
    await chmod(partial, OWNER_ONLY);
    await write(partial);
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const { size } = await stat(partial);
    if (options.force) await rename(partial, file);
    else await linkIntoPlace(partial, file);
    await syncFolder(path.dirname(file));
    return size;
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}

async function linkIntoPlace(partial: string, file: string): Promise<void> {
  try {
    await link(partial, file);
    await unlink(partial);
  } catch (error) {
    if (hasCode(error, 'EEXIST')) {
      throw new AtscaleError('conflict', `${file} appeared while the backup was being written`);
    }
    // Some file systems have no hard links: check once more and rename.
    if (hasCode(error, 'EPERM') || hasCode(error, 'ENOTSUP') || hasCode(error, 'ENOSYS')) {
      if (await stat(file).catch(() => null)) {
        throw new AtscaleError('conflict', `${file} appeared while the backup was being written`);
      }
      await rename(partial, file);
      return;
    }
    throw error;
  }
}

/** Flushes the folder's entry for the new name; best effort, as not every system allows it. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // A folder that cannot be synced still has the file; only power loss could lose the name.
  }
}
