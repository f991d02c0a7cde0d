import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrator.ts';

/**
 * `sqlite` (group commit, as Plato runs), `sqlite-per-transaction` (a commit
 * per transaction, the yardstick the bare-route figures were taken
 * with), or a PostgreSQL URL: each bench server gets a fresh file or a fresh
 * schema in it.
 */
export type DatabaseChoice = 'sqlite' | 'sqlite-per-transaction' | `postgres${string}`;

export interface BenchDatabase {
  db: Db;
  /** What the app's config takes as DATABASE_URL. */
  url: string;
  schema: string | undefined;
  drop(): Promise<void>;
}

/** The PostgreSQL URL to bench against, when one is configured. */
export function postgresUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
}

/** One statement on its own connection (schemas, databases, statistics). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Opens (with the server's own dialect setup) and migrates a database nobody else uses. */
export async function freshDatabase(choice: DatabaseChoice, dataDir: string): Promise<BenchDatabase> {
  if (choice === 'sqlite' || choice === 'sqlite-per-transaction') {
    const url = `sqlite://${dataDir}/plato.sqlite`;
    const db = openDatabase(url, { sqliteCommits: choice === 'sqlite' ? 'per-turn' : 'per-transaction' });
    await migrateToLatest(db.kysely);
    return { db, url, schema: undefined, drop: () => db.close() };
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(choice, `create schema ${schema}`);
  const db = openDatabase(choice, { schema });
  await migrateToLatest(db.kysely, schema);
  return {
    db,
    url: choice,
    schema,
    async drop() {
      await db.close();
      await adminQuery(choice, `drop schema ${schema} cascade`);
    },
  };
}
