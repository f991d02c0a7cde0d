import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

/**
 * Checkpoints happen on the worker thread, not in a commit: rows written
 * (far fewer pages than SQLite's own backstop mark) reach the database file
 * within moments, with no statement of the app's asking for it.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite checkpointer', () => {
  it('copies the WAL into the database file in the background', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plato-checkpoint-'));
    dirs.push(dir);
    const file = join(dir, 'plato.sqlite');
    const db = openDatabase(`sqlite://${file}`);
    try {
      await sql`create table filler (id integer primary key, pad text not null)`.execute(db.kysely);
      const before = statSync(file).size;
      // About 2 MB: some 500 pages, well under the backstop's 10,000.
      for (let i = 0; i < 20; i++) {
        await db.kysely
          .insertInto('filler' as never)
          .values(Array.from({ length: 50 }, () => ({ pad: 'x'.repeat(2000) })) as never)
          .execute();
      }
      expect(statSync(file).size).toBe(before);
      const deadline = Date.now() + 5_000;
      while (statSync(file).size <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    } finally {
      await db.close();
    }
  });
});
