import { randomBytes } from 'node:crypto';
import { disposeRunTemplates, TEST_RUN_ENV } from './run-templates.js';

/**
 * Vitest global setup of the integration suites: gives the run an id, under which test files
 * share databases built once (run-templates.ts), and throws those away when the run ends.
 * Set before the test workers start, so they inherit it.
 */
export default function setup(): () => Promise<void> {
  const id = randomBytes(6).toString('hex');
  process.env[TEST_RUN_ENV] = id;
  return () => disposeRunTemplates(id);
}
