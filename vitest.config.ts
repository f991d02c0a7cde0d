import { defineConfig } from 'vitest/config';

// Integration tests run once per database: always SQLite, and PostgreSQL too
// when TEST_DATABASE_URL is set (CI sets it). Unit tests run once.
const postgres = process.env.TEST_DATABASE_URL;
if (!postgres) {
  // A green run that never touched PostgreSQL must not pass for one that did.
  if (process.env.PLATO_REQUIRE_POSTGRES === '1') {
    throw new Error(
      'PLATO_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL tests would be skipped.',
    );
  }
  // Vitest evaluates this file once per project; one warning is enough.
  const warned = Symbol.for('plato.postgres-skipped-warning');
  const flags = globalThis as { [warned]?: boolean };
  if (!flags[warned]) {
    flags[warned] = true;
    console.warn(
      [
        '',
        '!'.repeat(78),
        '!! PostgreSQL SKIPPED: TEST_DATABASE_URL is not set, so the integration tests',
        '!! run on SQLite only. Set it (e.g. postgres://postgres@127.0.0.1:5432/test)',
        '!! to run them on PostgreSQL too.',
        '!'.repeat(78),
        '',
      ].join('\n'),
    );
  }
}

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
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'],
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
      {
        extends: true,
        test: {
          // nginx, two or three Plato processes, PostgreSQL and Redis (test/cluster/harness/services.ts says when they
          // run): after every other project and one file at a time, so their timings do not fight the rest for CPU.
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
        },
      },
      ...(postgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: ['apps/server/test/**/*.test.ts'],
                env: { PLATO_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
