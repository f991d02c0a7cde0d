import { type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter } from 'kysely';
import * as foundation from './migrations/2026-11-22T1000-foundation.ts';
import * as tableSessions from './migrations/2026-11-22T1100-table-sessions.ts';

/**
 * Migrations are listed statically (not read from a folder) so the bundled
 * server carries them; names sort by their timestamp.
 */
const migrations: Record<string, Migration> = {
  '2026-11-22T1000-foundation': foundation,
  '2026-11-22T1100-table-sessions': tableSessions,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
