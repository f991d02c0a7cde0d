import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.ts';
import { migrateToLatest } from './migrator.ts';
import { precompiled } from './precompiled.ts';

let db: Db;
const dir = mkdtempSync(join(tmpdir(), 'plato-precompiled-'));
beforeAll(async () => {
  db = openDatabase(`sqlite://${join(dir, 'x.sqlite')}`);
  await migrateToLatest(db.kysely);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('precompiled queries', () => {
  it('binds fresh values on every run, in the right places, and keeps constants', async () => {
    const insert = precompiled((k, p: { key: string; count: number }) =>
      k.insertInto('rate_limits').values({ key: p.key, window_start: 'fixed', count: p.count }),
    );
    const select = precompiled((k, p: { min: number }) =>
      k.selectFrom('rate_limits').select(['key', 'count', 'window_start']).where('count', '>=', p.min).orderBy('key'),
    );
    await insert(db.kysely, { key: 'a', count: 1 });
    await insert(db.kysely, { key: 'b', count: 5 });
    expect(await select(db.kysely, { min: 2 })).toEqual([{ key: 'b', count: 5, window_start: 'fixed' }]);
    expect((await select(db.kysely, { min: 0 })).map((r) => r.key)).toEqual(['a', 'b']);
  });

  it('runs inside a transaction and rolls back with it', async () => {
    const insert = precompiled((k, p: { key: string }) =>
      k.insertInto('rate_limits').values({ key: p.key, window_start: 'tx', count: 1 }),
    );
    await expect(
      db.kysely.transaction().execute(async (tx) => {
        await insert(tx, { key: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await db.kysely.selectFrom('rate_limits').select('key').where('key', '=', 'rolled-back').execute();
    expect(rows).toEqual([]);
  });
});

describe('precompiled misuse', () => {
  it('fails loudly when a parameter never reaches the SQL (e.g. a spread stand-in)', async () => {
    const spread = precompiled((k, p: { key: string; window_start: string; count: number }) =>
      k.insertInto('rate_limits').values({ ...p }),
    );
    await expect(spread(db.kysely, { key: 'z', window_start: 'w', count: 1 })).rejects.toThrow(/does not bind/);
  });
});
