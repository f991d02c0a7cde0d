import { defineConfig } from 'vitest/config';

// Integration tests run once per database: always SQLite, and PostgreSQL too
// when TEST_DATABASE_URL is set (CI sets it). Unit tests run once.
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    // A stray `.only` would silently skip the rest of the suite and still go green.
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['apps/server/test/**/*.test.ts'],
          env: { PLATO_TEST_DB: 'sqlite' },
        },
      },
      ...(postgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: ['apps/server/test/**/*.test.ts'],
                // Whole-process tests start their own server on its default SQLite file.
                exclude: ['apps/server/test/process/**'],
                env: { PLATO_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
