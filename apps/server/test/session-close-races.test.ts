import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/schema.ts';
import { expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  client,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/**
 * A guest request passes the token check (the access guard, before the
 * handler) and then writes in a transaction of its own. These tests close
 * the session exactly in between — a hook on the app's database runs the
 * close when the request starts its transaction — and prove the write sees
 * the close: no cart line and no call land in a closed session.
 */

let t: TestApp;
let r: OrderingRestaurant;
let real: Kysely<Database>;
/** Run once, when the app next starts a transaction, before that transaction. */
let before: (() => Promise<void>) | undefined;

function closingFirst(db: Kysely<Database>): Kysely<Database> {
  return new Proxy(db, {
    get(target, prop) {
      // Kysely keeps its state in private fields: its methods must run on the instance itself.
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop !== 'transaction' || !before) {
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      const action = before;
      before = undefined;
      return () => {
        const builder = target.transaction();
        return {
          execute: async (work: Parameters<typeof builder.execute>[0]) => {
            await action();
            return builder.execute(work);
          },
        };
      };
    },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  real = t.ctx.db;
  t.ctx.db = closingFirst(real);
});
afterAll(() => t?.close());
afterEach(() => {
  before = undefined;
  vi.restoreAllMocks();
});

const closeBeforeNextTransaction = (sessionId: string) => {
  before = async () => {
    const res = await client(t.app, r.cookies.MANAGER)('POST', `/api/v1/sessions/${sessionId}/close`, {});
    expect(res.statusCode, res.body).toBe(200);
  };
};

const cartLinesOf = (sessionId: string) =>
  real
    .selectFrom('cart_lines as l')
    .innerJoin('carts as c', 'c.id', 'l.cart_id')
    .select('l.id')
    .where('c.session_id', '=', sessionId)
    .execute();

describe('a guest change racing a session close', () => {
  it('adds no cart line once the close committed between the token check and the write', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    const cartUpdated = vi.spyOn(t.ctx.live, 'cartUpdated');
    closeBeforeNextTransaction(sessionId);

    const res = await guest.call('POST', '/api/v1/guest/cart/lines', { menuItemId: r.menu.fries.id, quantity: 1 });
    expectProblem(res, 409, 'SESSION_CLOSED');
    expect(before).toBeUndefined();
    expect(await cartLinesOf(sessionId)).toEqual([]);
    expect(cartUpdated).not.toHaveBeenCalled();
  });

  it('changes no cart line once the close committed between the token check and the write', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'INDIVIDUAL', 1);
    const guest = guests[0] as SeatedGuest;
    const cart = await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const lineId = cart.lines[0]!.id;
    closeBeforeNextTransaction(sessionId);

    expectProblem(
      await guest.call('PATCH', `/api/v1/guest/cart/lines/${lineId}`, { quantity: 3 }),
      409,
      'SESSION_CLOSED',
    );
    const rows = await real.selectFrom('cart_lines').select('quantity').where('id', '=', lineId).execute();
    expect(rows).toEqual([{ quantity: 1 }]);
  });

  it('opens no call and alerts no waiter once the close committed between the token check and the write', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    const callCreated = vi.spyOn(t.ctx.live, 'callCreated');
    closeBeforeNextTransaction(sessionId);

    expectProblem(await guest.call('POST', '/api/v1/guest/calls', { kind: 'WAITER' }), 409, 'SESSION_CLOSED');
    expect(before).toBeUndefined();
    expect(
      await real.selectFrom('calls').select(['id', 'status']).where('session_id', '=', sessionId).execute(),
    ).toEqual([]);
    expect(callCreated).not.toHaveBeenCalled();
  });
});
