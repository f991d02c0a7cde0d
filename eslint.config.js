import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
      'apps/server/test/client/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/index.ts'], message: 'Import the file you need, not a barrel.' }] },
      ],
    },
  },
  {
    // Migrations are frozen against Kysely<any> on purpose: they must not follow today's types.
    files: ['apps/server/src/db/migrations/**', 'apps/server/src/db/migrator.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The guest app is Preact within a weight budget: no React, no staff code, and the contracts only as types
    // (their schemas would bring zod); runtime constants come from '@plato/contracts/constants'.
    files: ['apps/web/src/guest/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@plato/contracts', message: 'Types only here (import type).', allowTypeImports: true },
            { name: 'react', message: 'The guest app is Preact.' },
            { name: 'react-dom', message: 'The guest app is Preact.' },
            { name: 'react-router', message: 'The guest app has its own router.' },
          ],
          patterns: [
            { group: ['**/index.ts'], message: 'Import the file you need, not a barrel.' },
            {
              group: ['**/app/*', '**/features/*', '**/components/*'],
              message: 'Staff code stays out of the guest app.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared by every surface, so free of any UI framework.
    files: ['apps/web/src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', 'preact', 'preact/*', '@preact/*'], message: 'lib/ is framework-free.' },
          ],
        },
      ],
    },
  },
);
