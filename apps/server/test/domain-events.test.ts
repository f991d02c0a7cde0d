import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inTransaction } from '../src/db/transaction.ts';
import { DomainEvents } from '../src/domain-events.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { buildTable, joinAs, openSession } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const openSessionCount = async (tableId: string) =>
  (
    await t.ctx.db
      .selectFrom('table_sessions')
      .select('id')
      .where('table_id', '=', tableId)
      .where('status', '=', 'OPEN')
      .execute()
  ).length;

describe('domain events', () => {
  it('are emitted after commit only: the listener already reads the committed change', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const seen: number[] = [];
    const listener = vi.fn(async (e: { tableId: string }) => {
      seen.push(await openSessionCount(e.tableId));
    });
    t.ctx.events.on('session.opened', listener);
    const { session } = await openSession(t.app, a.cookies.WAITER, table.id);
    expect(listener).toHaveBeenCalledWith({ restaurantId: a.restaurant.id, sessionId: session.id, tableId: table.id });
    expect(seen).toEqual([1]);
  });

  it('a rolled-back change emits nothing', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    await openSession(t.app, a.cookies.WAITER, table.id);
    const listener = vi.fn();
    t.ctx.events.on('session.opened', listener);
    // The table is taken: the second open rolls back (409) and must not be announced.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tables/${table.id}/sessions`,
      headers: { cookie: a.cookies.WAITER },
      payload: { mode: 'FAMILY' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(listener.mock.calls.filter(([e]) => e.tableId === table.id)).toEqual([]);

    const events = new DomainEvents(() => {});
    const direct = vi.fn();
    events.on('table.changed', direct);
    await expect(
      inTransaction(t.ctx.db, async (_tx, afterCommit) => {
        afterCommit(() => void events.emit('table.changed', { restaurantId: a.restaurant.id, tableIds: [table.id] }));
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    expect(direct).not.toHaveBeenCalled();
  });

  it('a throwing listener is reported, and neither the request nor the other listeners notice', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const reported: string[] = [];
    const events = t.ctx.events;
    vi.spyOn(events, 'report').mockImplementation((_err, event) => void reported.push(event));
    const updated = vi.spyOn(t.ctx.live, 'tableUpdated');
    events.on('session.opened', () => {
      throw new Error('listener bug');
    });
    events.on('session.opened', () => Promise.reject(new Error('async listener bug')));
    const { session, pin } = await openSession(t.app, a.cookies.WAITER, table.id);
    expect(reported).toEqual(['session.opened', 'session.opened']);
    // The floor (wired before these listeners) still announced the table.
    expect(updated.mock.calls.some(([, f]) => f.id === table.id && f.sessionId === session.id)).toBe(true);
    expect(await openSessionCount(table.id)).toBe(1);
    await joinAs(t.app, table.qrToken, pin);
  });

  it('a failing in-transaction hook rolls the lower domain back', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const { session } = await openSession(t.app, a.cookies.WAITER, table.id);
    const closed = vi.fn();
    t.ctx.events.on('session.closed', closed);
    t.ctx.events.within('session.closing', async (_tx, s) => {
      if (s.sessionId === session.id) throw new Error('hook failed');
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/close`,
      headers: { cookie: a.cookies.MANAGER },
      payload: {},
    });
    expect(res.statusCode).toBe(500);
    expect(await openSessionCount(table.id)).toBe(1);
    expect(closed).not.toHaveBeenCalled();
  });
});
