import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOf, payAtTill, tableWithOrder } from './support/billing-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, client, newKey } from './support/order-factories.ts';
import { type TestApp, createTestApp, testDialect } from './support/test-app.ts';

/*
 * SQLite plans without statistics (Plato never runs ANALYZE), so where a
 * query filters on a restaurant and a session, two one-column index prefixes
 * tie and the planner may pick the restaurant's: every bill read then walks
 * every line the restaurant ever sold, getting slower each night. This test
 * runs the hot requests of a table's evening and asks SQLite for the plan of
 * every statement they ran: none may find rows of a growing table by the
 * restaurant alone, or scan one.
 */

const GROWING = ['order_lines', 'orders', 'payments', 'refunds', 'discounts', 'cart_lines', 'carts', 'guests', 'calls'];

const statements = new Map<string, unknown[]>();
let capturing = false;

beforeAll(() => {
  const probe = new SqliteDatabase(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get'] as const) {
    const original = proto[method] as (this: SqliteDatabase.Statement, ...params: unknown[]) => unknown;
    proto[method] = function (this: SqliteDatabase.Statement, ...params: unknown[]) {
      if (capturing && /^\s*(select|update|delete)/i.test(this.source))
        // The driver hands its parameters as one array.
        statements.set(this.source, params.length === 1 && Array.isArray(params[0]) ? params[0] : params);
      return original.apply(this, params);
    };
  }
});

describe.skipIf(testDialect() !== 'sqlite')('SQLite query plans of a table’s evening', () => {
  let t: TestApp;
  let r: OrderingRestaurant;

  beforeAll(async () => {
    t = await createTestApp();
    r = await buildOrderingRestaurant(t);
    // History: other tables' orders and payments, so a restaurant-wide index has rows to walk.
    for (let i = 0; i < 3; i++) {
      const { sessionId } = await tableWithOrder(t, r);
      await payAtTill(client(t.app, r.cookies.CASHIER), sessionId, { method: 'CARD', amountCents: 100 });
    }
  });
  afterAll(() => t?.close());

  it('finds a session’s rows by the session, never by the restaurant alone', async () => {
    const cashier = client(t.app, r.cookies.CASHIER);
    const manager = client(t.app, r.cookies.MANAGER);
    capturing = true;
    const { sessionId, guests } = await tableWithOrder(t, r);
    const chef = client(t.app, r.cookies.CHEF);
    const waiter = client(t.app, r.cookies.WAITER);
    const lines = (await billOf(cashier, sessionId)).lines;
    await chef('GET', '/api/v1/kitchen/tickets');
    await chef('POST', `/api/v1/order-lines/${lines[0]!.id}/status`, { status: 'IN_PROGRESS' });
    await chef('POST', `/api/v1/kitchen/tickets/${lines[0]!.id}/bump`, {});
    await chef('POST', '/api/v1/kitchen/recall', {});
    await waiter('GET', '/api/v1/ready');
    await manager('POST', `/api/v1/order-lines/${lines[1]!.id}/status`, { status: 'CANCELLED', reason: 'spilled' });
    await guests[0]!.call('GET', '/api/v1/guest/session');
    await guests[0]!.call('GET', '/api/v1/guest/bill');
    await guests[0]!.call('POST', '/api/v1/guest/calls', { kind: 'WAITER' });
    await manager('POST', `/api/v1/sessions/${sessionId}/discounts`, { kind: 'AMOUNT', value: 100, reason: 'x' });
    await billOf(cashier, sessionId);
    await manager('POST', `/api/v1/sessions/${sessionId}/splits`, { method: 'EQUAL', parts: 2 });
    const paid = await payAtTill(cashier, sessionId, { method: 'CARD', amountCents: 500 });
    const paymentId = paid.json<{ payment: { id: string } }>().payment.id;
    await manager(
      'POST',
      `/api/v1/payments/${paymentId}/refunds`,
      { amountCents: 100, reason: 'x' },
      { 'idempotency-key': newKey() },
    );
    capturing = false;
    expect(statements.size).toBeGreaterThan(20);

    const bad: string[] = [];
    for (const [source, params] of statements) {
      const plan = await t.ctx.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${source}`, params),
      );
      for (const { detail } of plan.rows) {
        const table = /^(?:SCAN|SEARCH) (\w+)/.exec(detail)?.[1];
        const aliasTable = table && (GROWING.includes(table) ? table : aliasOf(source, table));
        if (!aliasTable || !GROWING.includes(aliasTable)) continue;
        if (/^SCAN /.test(detail) || /\(restaurant_id=\?\)$/.test(detail))
          bad.push(`${detail}\n    in: ${source.replace(/\s+/g, ' ').slice(-260)}`);
      }
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });
});

/** The table a query's alias stands for (`from "order_lines" as "l"` → l is order_lines). */
function aliasOf(source: string, alias: string): string | undefined {
  return new RegExp(`"(\\w+)" as "${alias}"`).exec(source)?.[1];
}
