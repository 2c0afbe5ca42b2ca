import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, file = 'index.ts') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url));

// Tests run against the TypeScript sources, so no build is needed before `npm test`.
const alias = [
  { find: /^@atscale\/db\/testing$/, replacement: src('db', 'testing/index.ts') },
  { find: /^@atscale\/(domain|db|server|cli)$/, replacement: src('$1') },
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/domain/src/**/*.test.ts', 'packages/web/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: [
            'packages/db/src/**/*.test.ts',
            'packages/server/src/**/*.test.ts',
            'packages/cli/src/**/*.test.ts',
          ],
          testTimeout: 30_000,
          // A file's first hook may wait for the run's shared database to be seeded.
          hookTimeout: 120_000,
          // Databases built once per run (migrated; the seeded test app) are copied per file.
          globalSetup: ['packages/db/src/testing/test-run-setup.ts'],
          // @medplum/core, which validates the FHIR facade's resources, needs a WebSocket.
          execArgv: ['--experimental-websocket'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['packages/web/e2e/**/*.test.ts'],
          // One first start seeds the demo organisations; every file's app starts on a copy.
          globalSetup: ['packages/web/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
