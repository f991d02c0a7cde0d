import { existsSync, renameSync, rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

export interface BackupSummary {
  /** Pages copied (of the page size SQLite uses, 4 KiB by default). */
  pages: number;
  /** Orders in the copy, so the operator (and the restore) can tell one backup from another at a glance. */
  orders: number;
}

/**
 * Copies a live SQLite database with SQLite's online backup API while the
 * server keeps writing: the copy is one consistent snapshot (a commit is in it
 * whole or not at all). A write by the server in the middle of a step makes
 * SQLite restart the copy, so after a first small step the rest goes in one:
 * a database of a few hundred megabytes copies in about a second, shorter than
 * the gap between two commits is ever long on a quiet night, and a restart
 * under load costs one more pass, not an endless chase. The copy is written
 * beside the target and renamed over it, so a failed backup never leaves a
 * half-written file under the name the operator asked for.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupSummary> {
  if (!existsSync(source)) throw new Error(`No SQLite database at ${source}`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    const copy = new SqliteDatabase(partial);
    try {
      // A file of its own: no -wal beside it, readable by any SQLite.
      copy.pragma('journal_mode = DELETE');
      requireIntact(copy, partial);
      const orders = countOrders(copy);
      renameSync(partial, target);
      return { pages: totalPages, orders };
    } finally {
      copy.close();
    }
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place of the database at `target`, which no server may be
 * using (stop it first: a running server would keep its own view of the old
 * file). The backup is checked first; its pages are written into the target
 * through SQLite (the same backup API, the other way), which also clears any
 * write-ahead log the target had, and the target is switched back to WAL as
 * the server opens it.
 */
export async function restoreSqlite(backup: string, target: string): Promise<BackupSummary> {
  if (!existsSync(backup)) throw new Error(`No backup file at ${backup}`);
  const source = new SqliteDatabase(backup, { readonly: true, fileMustExist: true });
  try {
    requireIntact(source, backup);
    const orders = countOrders(source);
    const { totalPages } = await source.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    return { pages: totalPages, orders };
  } finally {
    source.close();
  }
}

function requireIntact(db: SqliteDatabase.Database, file: string): void {
  const result = db.pragma('integrity_check', { simple: true });
  if (result !== 'ok') throw new Error(`${file} is damaged: ${String(result)}`);
  const plato = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'orders'`).get();
  if (!plato) throw new Error(`${file} is not a Plato database (no orders table)`);
}

const countOrders = (db: SqliteDatabase.Database): number =>
  (db.prepare('select count(*) as n from orders').get() as { n: number }).n;
