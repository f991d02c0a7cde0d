import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap, StartupRefusal } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO } from '../src/modules/demo/demo.data.ts';
import { testDialect } from './support/test-app.ts';

/**
 * What `npm start` does before it listens, on a real database of each
 * dialect: the secret every instance must share, and the demo restaurant
 * whose password is public.
 */

const SECRET_A = 'secret-a-secret-a-secret-a-secret-a-0000';
const SECRET_B = 'secret-b-secret-b-secret-b-secret-b-0000';

interface Place {
  dataDir: string;
  databaseUrl: string;
  schema: string | undefined;
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An empty database (a SQLite file, or a fresh PostgreSQL schema) and a data folder. */
async function emptyPlace(): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plato-start-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (testDialect() === 'sqlite')
    return { dataDir, databaseUrl: `sqlite://${join(dataDir, 'plato.sqlite')}`, schema: undefined };
  const databaseUrl = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`create schema ${schema}`);
  cleanups.push(() => admin(`drop schema ${schema} cascade`));
  return { dataDir, databaseUrl, schema };
}

/** Starts as server.ts does (bootstrap), then closes the database again. */
async function start(place: Place, env: Record<string, string | undefined>) {
  const config = loadConfig({
    NODE_ENV: 'development',
    PLATO_DATA_DIR: place.dataDir,
    DATABASE_URL: place.databaseUrl,
    PLATO_SEED: 'none',
    PLATO_LOG_LEVEL: 'silent',
    ...env,
  } as NodeJS.ProcessEnv);
  const started = await bootstrap(config, place.schema ? { schema: place.schema } : {});
  const restaurants = await started.ctx.db.selectFrom('restaurants').select('slug').execute();
  await started.db.close();
  return { ...started, restaurants: restaurants.map((r) => r.slug) };
}

async function refusal(promise: Promise<unknown>): Promise<StartupRefusal> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StartupRefusal);
  return err as StartupRefusal;
}

describe('the shared secret', () => {
  it('the first start records a fingerprint of the secret; a restart with the same one starts', async () => {
    const place = await emptyPlace();
    await start(place, { PLATO_SECRET: SECRET_A });
    await start(place, { PLATO_SECRET: SECRET_A });
  });

  it('an instance with another secret refuses to start, saying why and what to do, never printing a secret', async () => {
    const place = await emptyPlace();
    await start(place, { PLATO_SECRET: SECRET_A });
    const err = await refusal(start(place, { PLATO_SECRET: SECRET_B }));
    expect(err.message).toMatch(/PLATO_SECRET/);
    expect(err.message).toMatch(/PIN/);
    expect(err.message).not.toContain(SECRET_A);
    expect(err.message).not.toContain(SECRET_B);
  });

  it('the database keeps a fingerprint, not the secret', async () => {
    const place = await emptyPlace();
    const config = loadConfig({
      PLATO_DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl,
      PLATO_SEED: 'none',
      PLATO_SECRET: SECRET_A,
    });
    const { db } = await bootstrap(config, place.schema ? { schema: place.schema } : {});
    try {
      const rows = await db.kysely.selectFrom('installation').select(['key', 'value']).execute();
      expect(rows.map((r) => r.key)).toEqual(['secret_fingerprint']);
      expect(rows[0]!.value).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]!.value).not.toContain(SECRET_A);
    } finally {
      await db.close();
    }
  });

  it('on PostgreSQL, a start without PLATO_SECRET is refused (on SQLite the generated one is kept in the data folder)', async () => {
    const place = await emptyPlace();
    if (testDialect() === 'postgres') {
      const err = await refusal(start(place, { PLATO_SECRET: undefined }));
      expect(err.message).toMatch(/PLATO_SECRET/);
    } else {
      await start(place, { PLATO_SECRET: undefined });
      await start(place, { PLATO_SECRET: undefined });
    }
  });
});

describe('the demo restaurant', () => {
  it('is seeded on an empty database by default, never with PLATO_SEED=none nor in production', async () => {
    expect((await start(await emptyPlace(), { PLATO_SECRET: SECRET_A, PLATO_SEED: 'none' })).restaurants).toEqual([]);
    expect(
      (await start(await emptyPlace(), { PLATO_SECRET: SECRET_A, PLATO_SEED: 'demo', NODE_ENV: 'production' }))
        .restaurants,
    ).toEqual([]);
    const seeded = await start(await emptyPlace(), { PLATO_SECRET: SECRET_A, PLATO_SEED: 'demo' });
    expect(seeded.restaurants).toEqual([DEMO.slug]);
    expect(seeded.demo?.tableToken).toEqual(expect.any(String));
  });

  it('already in the database, it stops a production start', async () => {
    const place = await emptyPlace();
    await start(place, { PLATO_SECRET: SECRET_A, PLATO_SEED: 'demo' });
    const err = await refusal(start(place, { PLATO_SECRET: SECRET_A, NODE_ENV: 'production' }));
    expect(err.message).toContain(`"${DEMO.slug}"`);
    expect(err.message).toMatch(/password/);
    // Outside production it starts, and says the demo is there (the banner warns about it).
    expect((await start(place, { PLATO_SECRET: SECRET_A })).demo).toBeDefined();
  });
});
