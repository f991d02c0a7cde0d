import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, freePort } from './harness/cluster.ts';
import { requireClusterServices } from './harness/services.ts';

const services = await requireClusterServices();

/** A refusal must come as a clear message and an exit, well before anyone would call it a hang. */
const PROMPTLY_MS = 15_000;

describe.skipIf(!services)('a cluster that cannot work refuses to start, saying why', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start(services!, ['A']);
  });
  afterAll(() => cluster?.close());

  async function refusedStart(env: Record<string, string>): Promise<string> {
    const started = Date.now();
    const error = await cluster.startProcess('B', { env }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error, 'the process started').toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(await cluster.process('B').exited).toBe(1);
    return cluster.process('B').output();
  }

  it('when Redis is not there', async () => {
    // A port nothing listens on: Redis stopped, or REDIS_URL wrong.
    const output = await refusedStart({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(output).toContain('Plato cannot start');
    expect(output).toContain('Cannot reach Redis at REDIS_URL');
    expect(output).not.toMatch(/^\s+at /m); // a message for an operator, not a stack trace
  });

  it('when its secret differs from the one the database was first started with', async () => {
    const output = await refusedStart({ PLATO_SECRET: 'another-secret-another-secret-another-secret' });
    expect(output).toContain('Plato cannot start');
    expect(output).toContain('is not the secret this database was first started with');
    // The running process is untouched.
    expect((await fetch(`${cluster.process('A').url}/readyz`)).status).toBe(200);
  });
});

describe('the cluster tests themselves', () => {
  it('fail, naming what is missing, when PLATO_REQUIRE_CLUSTER=1 and Redis is down', async () => {
    const saved = { require: process.env.PLATO_REQUIRE_CLUSTER, redis: process.env.PLATO_TEST_REDIS_URL };
    process.env.PLATO_REQUIRE_CLUSTER = '1';
    process.env.PLATO_TEST_REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
    try {
      await expect(requireClusterServices()).rejects.toThrow(
        /PLATO_REQUIRE_CLUSTER=1 .*\n.*Redis at redis:\/\/127\.0\.0\.1:\d+ is not reachable/,
      );
    } finally {
      for (const [key, value] of [
        ['PLATO_REQUIRE_CLUSTER', saved.require],
        ['PLATO_TEST_REDIS_URL', saved.redis],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
