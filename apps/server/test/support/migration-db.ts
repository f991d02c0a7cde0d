import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, type Migration, Migrator } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { testDialect } from './test-app.ts';

export interface MigratedDatabase {
  db: Kysely<Database>;
  /** The PostgreSQL schema it lives in (undefined on SQLite), for `migrateToLatest`. */
  schema: string | undefined;
  close(): Promise<void>;
}

/**
 * A fresh database (a temporary SQLite file, or a new PostgreSQL schema) with
 * only `before` run: a migration test writes rows as the code of that time
 * did, then migrates to latest.
 */
export async function databaseMigratedTo(before: Record<string, Migration>): Promise<MigratedDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plato-migration-'));
  let url = `sqlite://${join(dataDir, 'plato.sqlite')}`;
  let schema: string | undefined;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  if (testDialect() === 'postgres') {
    url = process.env.TEST_DATABASE_URL ?? '';
    schema = `t_${randomBytes(6).toString('hex')}`;
    await admin(`create schema ${schema}`);
  }
  const opened = openDatabase(url, schema ? { schema } : {});
  const migrator = new Migrator({
    db: opened.kysely,
    provider: { getMigrations: async () => before },
    ...(schema && { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return {
    db: opened.kysely,
    schema,
    async close() {
      await opened.close();
      if (schema) await admin(`drop schema ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
