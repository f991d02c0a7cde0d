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
import * as restaurantLanguages from './migrations/2026-12-03T1500-restaurant-languages.ts';
import * as splitTotal from './migrations/2026-12-03T1500-split-total.ts';

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
  '2026-12-03T1500-restaurant-languages': restaurantLanguages,
  '2026-12-03T1500-split-total': splitTotal,
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
/**
 * Kysely's migrator first looks for its tables by listing every table of the
 * database (`introspection.getTables`), which on PostgreSQL resolves each
 * table's schema by name: a schema another client drops at that moment (a
 * test file's, or another application's on a shared server) fails that
 * listing with 3F000 "schema … does not exist", though nothing is wrong with
 * ours. That one error is retried, a few times; any other fails at once.
 */
function isOtherSchemaGone(error: unknown, schema: string | undefined): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '3F000' && !(schema && e.message?.includes(`"${schema}"`));
}

export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema && { migrationTableSchema: schema }) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (!error && !failed) return;
    if (!failed && attempt < 5 && isOtherSchemaGone(error, schema)) continue;
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
