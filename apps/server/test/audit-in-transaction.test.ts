import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './support/factories.ts';
import {
  addLine,
  buildOrderingRestaurant,
  client,
  newKey,
  placeOrder,
  seatTable,
  type OrderingRestaurant,
} from './support/order-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * docs: an audit row is "called with the transaction of the action it
 * records, so both commit or neither does". Each test makes the action fail
 * *after* its audit insert with a real database trigger on a later write of
 * the same action, and checks that the audit row went with it.
 */

let t: TestApp;
let r: OrderingRestaurant;
beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
});
afterAll(() => t?.close());

/** A trigger that makes every `event` on `table` fail; answers the way to drop it. */
async function refuse(table: string, event: 'INSERT' | 'DELETE'): Promise<() => Promise<void>> {
  const name = `test_refuse_${table}_${event.toLowerCase()}`;
  if (t.dialect === 'sqlite') {
    await sql
      .raw(`create trigger ${name} before ${event} on ${table} begin select raise(abort, '${name}'); end`)
      .execute(t.ctx.db);
    return async () => void (await sql.raw(`drop trigger ${name}`).execute(t.ctx.db));
  }
  await sql
    .raw(`create function ${name}() returns trigger language plpgsql as $$ begin raise exception '${name}'; end $$`)
    .execute(t.ctx.db);
  await sql
    .raw(`create trigger ${name} before ${event} on ${table} for each row execute function ${name}()`)
    .execute(t.ctx.db);
  return async () => {
    await sql.raw(`drop trigger ${name} on ${table}`).execute(t.ctx.db);
    await sql.raw(`drop function ${name}()`).execute(t.ctx.db);
  };
}

const auditRows = (action: string, entityId: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .execute();

const ordersOf = (sessionId: string) =>
  t.ctx.db.selectFrom('orders').select('id').where('session_id', '=', sessionId).execute();
/** The 'order.placed' rows of a session (a failed order has no id left to look its row up by). */
const placedAudits = async (sessionId: string) =>
  (
    await t.ctx.db
      .selectFrom('audit_log')
      .select(['id', 'data'])
      .where('action', '=', 'order.placed')
      .where('restaurant_id', '=', r.restaurant.id)
      .execute()
  ).filter((a) => (JSON.parse(a.data) as { sessionId: string }).sessionId === sessionId);

describe('an audit row commits with its action or not at all', () => {
  it("an order whose lines cannot be written leaves no 'order.placed' row (the audit is written first)", async () => {
    const staffSeat = await seatTable(t, r, 'FAMILY', 1);
    const guestSeat = await seatTable(t, r, 'FAMILY', 1);
    await addLine(guestSeat.guests[0]!, { menuItemId: r.menu.fries.id, quantity: 1 });
    const waiter = client(t.app, r.cookies.WAITER);
    const staffOrder = () =>
      waiter(
        'POST',
        `/api/v1/sessions/${staffSeat.sessionId}/orders`,
        { lines: [{ menuItemId: r.menu.fries.id, quantity: 1 }] },
        { 'idempotency-key': newKey() },
      );

    const allow = await refuse('order_lines', 'INSERT');
    try {
      expect((await staffOrder()).statusCode).toBe(500);
      expect((await placeOrder(guestSeat.guests[0]!)).statusCode).toBe(500);
    } finally {
      await allow();
    }
    for (const seat of [staffSeat, guestSeat]) {
      expect(await placedAudits(seat.sessionId)).toEqual([]);
      expect(await ordersOf(seat.sessionId)).toEqual([]);
    }

    // The same requests succeed once the trigger is gone, and then the audit row is there: the query sees it.
    expect((await staffOrder()).statusCode).toBe(201);
    expect((await placeOrder(guestSeat.guests[0]!)).statusCode).toBe(201);
    for (const seat of [staffSeat, guestSeat]) expect(await placedAudits(seat.sessionId)).toHaveLength(1);
  });

  it("a password change whose sign-out fails leaves no 'staff.password_changed' row and the old password", async () => {
    const admin = client(t.app, r.cookies.ADMIN);
    const waiterId = r.ids.WAITER;
    const email = (
      await t.ctx.db.selectFrom('staff').select('email').where('id', '=', waiterId).executeTakeFirstOrThrow()
    ).email;
    const change = () => admin('PATCH', `/api/v1/admin/staff/${waiterId}`, { password: 'a-new-long-password' });

    // Signing the account out everywhere is the action's last write, after its audit insert.
    const allow = await refuse('staff_sessions', 'DELETE');
    try {
      expect((await change()).statusCode).toBe(500);
    } finally {
      await allow();
    }
    expect(await auditRows('staff.password_changed', waiterId)).toEqual([]);
    await login(t.app, r.restaurant.slug, email);

    expect((await change()).statusCode).toBe(200);
    expect(await auditRows('staff.password_changed', waiterId)).toHaveLength(1);
    await login(t.app, r.restaurant.slug, email, 'a-new-long-password');
  });
});
