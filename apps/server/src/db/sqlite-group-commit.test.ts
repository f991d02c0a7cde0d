import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.ts';

interface Schema {
  items: { id: string };
  parents: { id: string };
  children: { id: string; parent_id: string };
}

const dir = mkdtempSync(join(tmpdir(), 'plato-group-commit-'));
const file = join(dir, 'x.sqlite');
let db: Db;
let k: Kysely<Schema>;
/** A second connection on the same file: it sees what is committed, and nothing else. */
let peek: SqliteDatabase.Database;
const committed = () => (peek.prepare('select id from items order by id').all() as { id: string }[]).map((r) => r.id);

beforeAll(async () => {
  db = openDatabase(`sqlite://${file}`);
  k = db.kysely as unknown as Kysely<Schema>;
  await sql`create table items (id text primary key)`.execute(k);
  await sql`create table parents (id text primary key)`.execute(k);
  // Checked at commit: the one kind of failure that only the batch's commit can meet.
  await sql`create table children (id text primary key,
    parent_id text not null references parents(id) deferrable initially deferred)`.execute(k);
  peek = new SqliteDatabase(file, { readonly: true });
});
beforeEach(async () => {
  await k.deleteFrom('items').execute();
});
afterAll(async () => {
  peek.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string) => k.transaction().execute((tx) => tx.insertInto('items').values({ id }).execute());

describe('SQLite group commit', () => {
  it('acknowledges a transaction only once it is committed, and commits the transactions of one turn together', async () => {
    const acknowledged: string[] = [];
    const seenInsideLast: { acknowledged: string[]; committed: string[] }[] = [];
    const a = insert('a').then(() => acknowledged.push('a'));
    const b = insert('b').then(() => acknowledged.push('b'));
    const c = k
      .transaction()
      .execute(async (tx) => {
        // a and b have run and released their savepoints: neither is committed, so neither is acknowledged.
        seenInsideLast.push({ acknowledged: [...acknowledged], committed: committed() });
        await tx.insertInto('items').values({ id: 'c' }).execute();
      })
      .then(() => {
        acknowledged.push('c');
        seenInsideLast.push({ acknowledged: [...acknowledged], committed: committed() });
      });
    await Promise.all([a, b, c]);
    expect(seenInsideLast).toEqual([
      { acknowledged: [], committed: [] },
      // By the time any of them is acknowledged, all three are on disk: one commit.
      { acknowledged: ['a', 'b', 'c'], committed: ['a', 'b', 'c'] },
    ]);
  });

  it('rolls back only the transaction that failed; the others of its batch commit', async () => {
    const results = await Promise.allSettled([
      insert('a'),
      k.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ id: 'x' }).execute();
        throw new Error('refused');
      }),
      insert('a'), // unique violation: this one fails at its statement
      insert('b'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('holds back a read outside a transaction until the batch it read from has committed', async () => {
    let written = false;
    const write = insert('a').then(() => (written = true));
    const read = k
      .selectFrom('items')
      .select('id')
      .execute()
      .then((rows) => ({ rows: rows.map((r) => r.id), written, committed: committed() }));
    // The read ran after the write, inside its batch, so it saw the row; it answers only once that row is durable.
    expect(await read).toEqual({ rows: ['a'], written: true, committed: ['a'] });
    await write;
  });

  it('fails every transaction of a batch whose commit fails, loses nothing acknowledged, and goes on working', async () => {
    await insert('before');
    const results = await Promise.allSettled([
      insert('a'),
      k.transaction().execute((tx) => tx.insertInto('children').values({ id: 'orphan', parent_id: 'none' }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(committed()).toEqual(['before']);
    await insert('after');
    expect(committed()).toEqual(['after', 'before']);
  });

  it('answers exactly what is on disk when the disk fills up mid-batch, and goes on working', async () => {
    const pages = peek.prepare('pragma page_count').pluck().get() as number;
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(k);
    try {
      const ids = ['small-1', 'huge', 'small-2'];
      const results = await Promise.allSettled(
        ids.map((id) =>
          k.transaction().execute((tx) =>
            // A value far larger than the pages left: SQLITE_FULL.
            tx
              .insertInto('items')
              .values({ id: id === 'huge' ? `huge-${'x'.repeat(64_000)}` : id })
              .execute(),
          ),
        ),
      );
      expect(results[1]!.status).toBe('rejected');
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/full/i);
      // Anything undone with it fails with the error that undid it, not a vaguer one.
      for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/full/i);
      // Whether SQLite undid the statement or the whole batch, every answer matches the file.
      const acknowledged = ids.filter((_, i) => results[i]!.status === 'fulfilled');
      expect(committed()).toEqual(acknowledged);
    } finally {
      await sql.raw('pragma max_page_count = 1073741823').execute(k);
    }
    await insert('after');
    expect(committed()).toContain('after');
  });

  it("runs a held connection's statements in turn with other transactions", async () => {
    const other = insert('b');
    const ids = await k.connection().execute(async (conn) => {
      await conn.insertInto('items').values({ id: 'a' }).execute();
      await conn.insertInto('items').values({ id: 'c' }).execute();
      return (await conn.selectFrom('items').select('id').orderBy('id').execute()).map((r) => r.id);
    });
    await other;
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(committed()).toEqual(['a', 'b', 'c']);
  });

  it('commits the open batch before the database closes', async () => {
    const second = openDatabase(`sqlite://${file}`);
    let written = false;
    const pending = (second.kysely as unknown as Kysely<Schema>).transaction().execute(async (tx) => {
      await tx.insertInto('items').values({ id: 'last' }).execute();
      written = true;
    });
    // Microtasks only: the batch's end of turn has not come yet.
    while (!written) await Promise.resolve();
    await Promise.all([second.close(), pending]);
    expect(committed()).toEqual(['last']);
  });
});

describe('SQLite with a commit per transaction (the benches’ yardstick)', () => {
  it('commits each transaction before the next one starts', async () => {
    const perTransaction = openDatabase(`sqlite://${file}`, { sqliteCommits: 'per-transaction' });
    const pk = perTransaction.kysely as unknown as Kysely<Schema>;
    try {
      const seen: string[][] = [];
      await Promise.all([
        pk.transaction().execute((tx) => tx.insertInto('items').values({ id: 'a' }).execute()),
        pk.transaction().execute(async (tx) => {
          seen.push(committed());
          await tx.insertInto('items').values({ id: 'b' }).execute();
        }),
      ]);
      expect(seen).toEqual([['a']]);
      expect(committed()).toEqual(['a', 'b']);
    } finally {
      await perTransaction.close();
    }
  });
});
