import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { createContext } from '../../src/wiring.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export const testDialect = (): 'sqlite' | 'postgres' =>
  process.env.PLATO_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh, migrated database per call — a temporary SQLite file, or a new
 * PostgreSQL schema — behind a fully built app. Nothing leaks between files.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  /** Runs on the built app before it is ready, e.g. to add a hook that watches every error. */
  configure?: (app: FastifyInstance) => void,
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plato-test-'));
  const dialect = testDialect();
  let databaseUrl = `sqlite://${join(dataDir, 'plato.sqlite')}`;
  let schema: string | undefined;
  if (dialect === 'postgres') {
    databaseUrl = process.env.TEST_DATABASE_URL ?? '';
    if (!databaseUrl) throw new Error('PLATO_TEST_DB=postgres needs TEST_DATABASE_URL');
    schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    PLATO_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PLATO_SEED: 'none',
    PLATO_SECRET: 'test-secret-test-secret-test-secret-0000',
    PLATO_LOG_LEVEL: 'silent',
    PLATO_PUBLIC_URL: 'http://plato.test',
    ...env,
  });
  const db = openDatabase(config.databaseUrl, schema ? { schema } : {});
  await migrateToLatest(db.kysely, schema);
  const ctx: AppContext = createContext({ db: db.kysely, dialect: db.dialect, config, poolUse: db.poolUse });
  const app = await buildApp(ctx, { logger: false });
  configure?.(app);
  await app.ready();
  return {
    app,
    ctx,
    dialect,
    async close() {
      await app.close();
      await db.close();
      if (schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
