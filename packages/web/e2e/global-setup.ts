import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATE_ENV, startApp } from './start-app.js';

/**
 * Runs `atscale start` once on an empty folder, so that it migrates and seeds the demo
 * organisations exactly as a new user's first start does, then stops it and keeps the folder
 * as a template. Each test file's app starts on a copy: the same data, without paying for
 * seeding eight organisations per file.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const template = await mkdtemp(join(tmpdir(), 'atscale-e2e-template-'));
  const app = await startApp(480_000, {
    keepData: async (data) => {
      await cp(data, template, { recursive: true });
    },
  });
  await app.stop();
  process.env[TEMPLATE_ENV] = template;
  return async () => {
    await rm(template, { recursive: true, force: true });
  };
}
