// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Layer boundaries from ARCHITECTURE.md: data flows web -> server -> domain + db.
 * Each entry lists the imports a package may not make.
 */
const layers = {
  domain: [
    '@atscale/db',
    '@atscale/db/*',
    '@atscale/server',
    '@atscale/web',
    '@atscale/cli',
    'pg',
    '@electric-sql/pglite',
    'fastify',
    'node:fs',
    'node:fs/promises',
    'node:net',
    'node:http',
    'react',
  ],
  db: ['@atscale/server', '@atscale/web', '@atscale/cli', 'fastify', 'react'],
  server: ['@atscale/web', '@atscale/cli', 'react'],
  web: [
    '@atscale/db',
    '@atscale/db/*',
    '@atscale/server',
    '@atscale/cli',
    'pg',
    '@electric-sql/pglite',
    'fastify',
  ],
  cli: ['@atscale/web', 'react'],
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            'vitest.config.ts',
            'bench/*.js',
            '.ci/*.mjs',
            'packages/cli/bin/*.js',
          ],
          defaultProject: 'tsconfig.tools.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  ...Object.entries(layers).map(([pkg, banned]) => ({
    files: [`packages/${pkg}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: banned.map((name) => ({
            group: [name],
            message: `The ${pkg} package may not import ${name}: see the layer rules in ARCHITECTURE.md.`,
          })),
        },
      ],
    },
  })),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
);
