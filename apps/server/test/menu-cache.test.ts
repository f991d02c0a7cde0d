import type { Cart } from '@plato/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMenuFacts } from '../src/modules/cart/menu-snapshot.ts';
import { type OrderingRestaurant, addLine, buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp, testDialect } from './support/test-app.ts';

/**
 * The in-process menu copy (cart/menu-snapshot.ts) is keyed by
 * `restaurants.menu_version`. On SQLite a transaction is a savepoint in a
 * batch that commits at the end of the turn, so facts can be read (and
 * cached) inside a batch whose commit then fails: the version they were read
 * at never existed, and the next real change reuses its number.
 */

let t: TestApp;
let r: OrderingRestaurant;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
});
afterAll(() => t?.close());

const menuVersion = async () =>
  (
    await t.ctx.db
      .selectFrom('restaurants')
      .select('menu_version')
      .where('id', '=', r.restaurant.id)
      .executeTakeFirstOrThrow()
  ).menu_version;

describe.runIf(testDialect() === 'sqlite')('the menu cache and a batch that rolls back', () => {
  it('keeps none of the facts read inside a batch whose commit failed', async () => {
    const guest = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const committed = await menuVersion();
    // Checked at commit: the one way to make a whole batch fail on demand.
    await sql`create table poison_parents (id text primary key)`.execute(t.ctx.db);
    await sql`create table poison_children (id text primary key,
      parent_id text not null references poison_parents(id) deferrable initially deferred)`.execute(t.ctx.db);

    // One turn, one batch: a menu change, a transaction that prices from the menu (and caches it), then the poison.
    const results = await Promise.allSettled([
      t.ctx.db
        .transaction()
        .execute((tx) =>
          tx.updateTable('menu_items').set({ price_cents: 999 }).where('id', '=', r.menu.fries.id).execute(),
        ),
      t.ctx.db.transaction().execute(async (tx) => {
        const facts = await loadMenuFacts(tx, r.restaurant.id, [r.menu.fries.id]);
        expect(facts.get(r.menu.fries.id)?.priceCents).toBe(999);
        await sql`insert into poison_children (id, parent_id) values ('x', 'nobody')`.execute(tx);
      }),
    ]);
    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(await menuVersion()).toBe(committed);

    // A real change now takes the version number the lost batch had used.
    const res = await r.admin('PATCH', `/api/v1/admin/items/${r.menu.fries.id}`, { priceCents: 450 });
    expect(res.statusCode, res.body).toBe(200);
    expect(await menuVersion()).toBe(committed + 1);

    const cart = await guest.call('GET', '/api/v1/guest/cart');
    expect(cart.statusCode, cart.body).toBe(200);
    expect(cart.json<Cart>().lines.map((l) => l.unitPriceCents)).toEqual([450]);
  });
});
