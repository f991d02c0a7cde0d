import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { newId, nowIso } from '../apps/server/src/db/ids.ts';
import { selectTicketLines } from '../apps/server/src/modules/kitchen/kitchen.repository.ts';
import { insertBareOrder, seedFixture } from './lib/baseline-apps.ts';
import { type DatabaseChoice, freshDatabase, postgresUrl } from './lib/database.ts';

/**
 * `npx tsx bench/ticket-read.ts [postgres]`: what the read behind each
 * `ticket.created` (kitchen.service publishLinesChanged → selectTicketLines
 * by line ids) costs as a restaurant's order history grows — the kitchen
 * bench's 5-second window holds only about 1,600 lines, a restaurant after
 * a few weeks tens of thousands. Orders of 2–3 lines are written straight
 * into a fresh, migrated database (SQLite, or PostgreSQL with `postgres` and
 * BENCH_DATABASE_URL / TEST_DATABASE_URL, analysed at each size), then the
 * newest order's ticket is read 30 times at each size. Not a load test.
 */

const SIZES = [500, 2_000, 8_000, 20_000];
const RUNS = 30;

async function main(): Promise<void> {
  const choice: DatabaseChoice = process.argv[2] === 'postgres' ? (postgresUrl() as `postgres${string}`) : 'sqlite';
  if (!choice) throw new Error('postgres: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const dir = mkdtempSync(join(tmpdir(), 'plato-ticket-read-'));
  const database = await freshDatabase(choice, dir);
  const db = database.db.kysely;
  try {
    const f = await seedFixture(db);
    let orders = 0;
    for (const size of SIZES) {
      for (; orders < size;) {
        orders += 1;
        const lines = Array.from({ length: 2 + (orders % 2) }, (_, j) => ({
          stationId: f.stationId,
          menuItemId: newId(),
          guestId: null,
          name: `Item ${j}`,
          quantity: 1,
          unitPriceCents: 1500,
        }));
        await db.transaction().execute((tx) =>
          insertBareOrder(tx, {
            id: newId(),
            restaurantId: f.restaurantId,
            sessionId: f.sessionId,
            tableId: f.tableId,
            number: orders,
            guestId: null,
            idempotencyKey: newId(),
            totalCents: 1500 * lines.length,
            at: nowIso(),
            lines,
          }),
        );
      }
      if (database.db.dialect === 'postgres') await sql`analyze`.execute(db);
      const newest = await db.selectFrom('orders').select('id').where('number', '=', orders).executeTakeFirstOrThrow();
      const read = () => selectTicketLines(db, f.restaurantId, { orderId: newest.id });
      for (let w = 0; w < 5; w++) await read();
      const start = performance.now();
      for (let r = 0; r < RUNS; r++) await read();
      const each = (performance.now() - start) / RUNS;
      process.stdout.write(
        `${database.db.dialect}: ${orders.toLocaleString('en-US')} orders ` +
          `(${
            (
              await db
                .selectFrom('order_lines')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n
          } lines): ` +
          `one ticket read ${each.toFixed(2)} ms\n`,
      );
    }
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
