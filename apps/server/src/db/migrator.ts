import { type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter } from 'kysely';
import * as foundation from './migrations/2026-11-22T1000-foundation.ts';
import * as tableSessions from './migrations/2026-11-22T1100-table-sessions.ts';
import * as menuVersion from './migrations/2026-11-22T1200-menu-version.ts';
import * as guestIdentity from './migrations/2026-12-02T1000-guest-identity.ts';
import * as installation from './migrations/2026-12-02T1200-installation.ts';
import * as categoryMenuVersion from './migrations/2026-12-03T1000-category-menu-version.ts';
import * as cartOrderedCents from './migrations/2026-12-03T1100-cart-ordered-cents.ts';
import * as kitchen from './migrations/2026-12-03T1100-kitchen.ts';
import * as billing from './migrations/2026-12-03T1200-billing.ts';
import * as onlinePayments from './migrations/2026-12-03T1300-online-payments.ts';
import * as receipts from './migrations/2026-12-03T1300-receipts.ts';
import * as ledgerIndexes from './migrations/2026-12-03T1400-ledger-indexes.ts';

/**
 * Migrations are listed statically (not read from a folder) so the bundled
 * server carries them; names sort by their timestamp.
 */
const migrations: Record<string, Migration> = {
  '2026-11-22T1000-foundation': foundation,
  '2026-11-22T1100-table-sessions': tableSessions,
  '2026-11-22T1200-menu-version': menuVersion,
  '2026-12-02T1000-guest-identity': guestIdentity,
  '2026-12-02T1200-installation': installation,
  '2026-12-03T1000-category-menu-version': categoryMenuVersion,
  '2026-12-03T1100-cart-ordered-cents': cartOrderedCents,
  '2026-12-03T1100-kitchen': kitchen,
  '2026-12-03T1200-billing': billing,
  '2026-12-03T1300-online-payments': onlinePayments,
  '2026-12-03T1300-receipts': receipts,
  '2026-12-03T1400-ledger-indexes': ledgerIndexes,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * `schema` names the PostgreSQL schema the app runs in (tests isolate each
 * file in one): Kysely's bookkeeping tables must live there too, or it finds
 * another schema's through introspection.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema && { migrationTableSchema: schema }) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
