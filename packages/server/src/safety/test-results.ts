import { readFile, readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { TestReference, TestStatus } from '@atscale/domain';

interface VitestJson {
  readonly testResults: readonly {
    readonly name: string;
    readonly assertionResults: readonly {
      readonly ancestorTitles: readonly string[];
      readonly title: string;
      readonly status: string;
    }[];
  }[];
}

/** The statuses each test had across the reports of one run, by file and full name. */
export type TestRun = ReadonlyMap<string, readonly string[]>;

const key = (file: string, name: string) => `${file}\u0000${name}`;

/**
 * Reads every Vitest JSON report in a folder (CI writes one per suite: PGlite, PostgreSQL,
 * end-to-end). A test that ran in several suites is kept with each status.
 */
export async function readTestRun(folder: string, root: string): Promise<TestRun> {
  const run = new Map<string, string[]>();
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    const report = JSON.parse(await readFile(join(folder, file), 'utf8')) as VitestJson;
    for (const suite of report.testResults) {
      const testFile = relative(root, suite.name).split('\\').join('/');
      for (const test of suite.assertionResults) {
        const name = [...test.ancestorTitles, test.title].join(' > ');
        const k = key(testFile, name);
        run.set(k, [...(run.get(k) ?? []), test.status]);
      }
    }
  }
  return run;
}

/**
 * How a named test fared: `missing` when its file does not exist or does not contain its title,
 * `not-run` when it exists but no report has it, `failed` when any suite failed it, `skipped`
 * when it never ran to a result, else `passed`.
 */
export function testStatusIn(run: TestRun | null, root: string) {
  const sources = new Map<string, string | null>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      const path = resolve(root, file);
      sources.set(file, existsSync(path) ? readFileSync(path, 'utf8') : null);
    }
    return sources.get(file) ?? null;
  };
  return (test: TestReference): TestStatus => {
    const text = source(test.file);
    const title = test.test.split(' > ').at(-1) ?? test.test;
    if (text === null || !text.includes(title)) return 'missing';
    const statuses = run?.get(key(test.file, test.test));
    if (!statuses || statuses.length === 0) return 'not-run';
    if (statuses.includes('failed')) return 'failed';
    if (statuses.every((s) => s !== 'passed')) return 'skipped';
    return 'passed';
  };
}
