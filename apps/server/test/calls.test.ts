import type { Call, FloorTable, Problem } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { buildTable, joinAs, openSession } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let b: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  b = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

async function seatedGuest(r = a) {
  const table = await buildTable(t.ctx, r.restaurant.id);
  const { session, pin } = await openSession(t.app, r.cookies.WAITER, table.id);
  const guest = await joinAs(t.app, table.qrToken, pin);
  return { table, session, guest };
}

const call = (cookie: string, kind: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/guest/calls', headers: { cookie }, payload: { kind } });
const staffPost = (url: string, cookie: string) => t.app.inject({ method: 'POST', url, headers: { cookie } });
const listCalls = async (cookie: string) => {
  const res = await t.app.inject({ url: '/api/v1/calls', headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ calls: Call[] }>().calls;
};
const ageCall = (id: string, ms: number) =>
  t.ctx.db
    .updateTable('calls')
    .set({ last_requested_at: new Date(Date.now() - ms).toISOString() })
    .where('id', '=', id)
    .execute();

describe('guest calls', () => {
  it('creates a call, tells the waiters, and folds a repeat within 2 minutes silently', async () => {
    const { table, session, guest } = await seatedGuest();
    const created = vi.spyOn(t.ctx.live, 'callCreated');
    const tableUpdated = vi.spyOn(t.ctx.live, 'tableUpdated');

    const first = await call(guest.cookie, 'WAITER');
    expect(first.statusCode, first.body).toBe(201);
    const c = first.json<{ call: Call }>().call;
    expect(c).toMatchObject({ tableId: table.id, sessionId: session.id, kind: 'WAITER', status: 'OPEN', repeats: 0 });
    expect(created).toHaveBeenCalledTimes(1);
    expect(created).toHaveBeenCalledWith(a.restaurant.id, { id: c.id, tableId: table.id, kind: 'WAITER' });
    const floor = tableUpdated.mock.calls.at(-1)![1] as FloorTable;
    expect(floor).toMatchObject({ id: table.id, status: 'SEATED', calls: [{ id: c.id }] });

    const again = await call(guest.cookie, 'WAITER');
    expect(again.statusCode).toBe(201);
    expect(again.json<{ call: Call }>().call).toMatchObject({ id: c.id, repeats: 1 });
    expect(created).toHaveBeenCalledTimes(1);

    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'call.created')
      .where('entity_id', '=', c.id)
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_type: 'GUEST', actor_id: guest.guest.id });
  });

  it('re-alerts the waiters when the repeat comes after 2 minutes, reopening an acknowledged call', async () => {
    const { guest } = await seatedGuest();
    const c = (await call(guest.cookie, 'WAITER')).json<{ call: Call }>().call;
    expect((await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.WAITER)).json().call.status).toBe(
      'ACKNOWLEDGED',
    );
    await ageCall(c.id, 3 * 60_000);
    const created = vi.spyOn(t.ctx.live, 'callCreated');

    const res = await call(guest.cookie, 'WAITER');
    expect(res.statusCode).toBe(201);
    expect(res.json<{ call: Call }>().call).toMatchObject({ id: c.id, repeats: 1, status: 'OPEN' });
    expect(created).toHaveBeenCalledTimes(1);
    expect(Date.now() - Date.parse(res.json<{ call: Call }>().call.lastRequestedAt)).toBeLessThan(10_000);
  });

  it('keeps one unresolved call per kind even when many arrive at once', async () => {
    const { session, guest } = await seatedGuest();
    const results = await Promise.all(Array.from({ length: 6 }, () => call(guest.cookie, 'BILL')));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const rows = await t.ctx.db.selectFrom('calls').selectAll().where('session_id', '=', session.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.repeats).toBe(5);
    expect((await call(guest.cookie, 'WAITER')).json<{ call: Call }>().call.id).not.toBe(rows[0]!.id);
  });

  it('refuses bad input with 400 and records nothing', async () => {
    const { session, guest } = await seatedGuest();
    for (const payload of [{}, { kind: 'FOOD' }, { kind: 'waiter' }, { kind: 'WAITER', note: 'hi' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/guest/calls',
        headers: { cookie: guest.cookie },
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await t.ctx.db.selectFrom('calls').select('id').where('session_id', '=', session.id).execute()).toHaveLength(
      0,
    );
  });

  it('needs a guest cookie: staff and strangers get 401', async () => {
    expect((await call(a.cookies.WAITER, 'WAITER')).statusCode).toBe(401);
    expect((await call('plato_guest=nope', 'WAITER')).statusCode).toBe(401);
  });
});

describe("the table's phones and their calls", () => {
  it('see a call asked, acknowledged by a waiter and resolved: live, and in the session view after a reload', async () => {
    const { session, guest } = await seatedGuest();
    const updated = vi.spyOn(t.ctx.live, 'callUpdated');
    const sessionCalls = async () => {
      const res = await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: guest.cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ calls: Call[] }>().calls;
    };
    expect(await sessionCalls()).toEqual([]);

    const c = (await call(guest.cookie, 'BILL')).json<{ call: Call }>().call;
    expect(updated).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: c.id, sessionId: session.id, status: 'OPEN' }),
    );
    expect(await sessionCalls()).toMatchObject([{ id: c.id, kind: 'BILL', status: 'OPEN' }]);
    // A repeat is heard too, so every phone of the table knows someone asked again.
    await call(guest.cookie, 'BILL');
    expect(updated).toHaveBeenLastCalledWith(expect.objectContaining({ id: c.id, repeats: 1 }));

    await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.WAITER);
    expect(updated).toHaveBeenLastCalledWith(expect.objectContaining({ id: c.id, status: 'ACKNOWLEDGED' }));
    expect(await sessionCalls()).toMatchObject([{ id: c.id, status: 'ACKNOWLEDGED' }]);
    const heard = updated.mock.calls.length;
    await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.WAITER);
    expect(updated).toHaveBeenCalledTimes(heard);

    await staffPost(`/api/v1/calls/${c.id}/resolve`, a.cookies.WAITER);
    expect(updated).toHaveBeenLastCalledWith(expect.objectContaining({ id: c.id, status: 'RESOLVED' }));
    expect(await sessionCalls()).toEqual([]);
  });
});

describe('staff handling calls', () => {
  it('lists open and acknowledged calls to the floor roles; acknowledges and resolves them', async () => {
    const { table, guest } = await seatedGuest();
    const c = (await call(guest.cookie, 'WAITER')).json<{ call: Call }>().call;
    for (const role of ['WAITER', 'CASHIER', 'MANAGER', 'ADMIN'] as const) {
      expect((await listCalls(a.cookies[role])).map((x) => x.id)).toContain(c.id);
    }
    expect((await t.app.inject({ url: '/api/v1/calls', headers: { cookie: a.cookies.CHEF } })).statusCode).toBe(403);
    expect((await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.CASHIER)).statusCode).toBe(403);

    const ack = await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.WAITER);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json<{ call: Call }>().call.status).toBe('ACKNOWLEDGED');
    expect((await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.WAITER)).json().call.status).toBe(
      'ACKNOWLEDGED',
    );
    expect((await listCalls(a.cookies.WAITER)).find((x) => x.id === c.id)?.status).toBe('ACKNOWLEDGED');

    const resolved = vi.spyOn(t.ctx.live, 'callResolved');
    const res = await staffPost(`/api/v1/calls/${c.id}/resolve`, a.cookies.WAITER);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ call: Call }>().call.status).toBe('RESOLVED');
    expect(resolved).toHaveBeenCalledWith(a.restaurant.id, { id: c.id, tableId: table.id, kind: 'WAITER' });
    expect((await listCalls(a.cookies.WAITER)).map((x) => x.id)).not.toContain(c.id);

    // Resolving twice is harmless; acknowledging a resolved call is not a move the call can make.
    expect((await staffPost(`/api/v1/calls/${c.id}/resolve`, a.cookies.MANAGER)).statusCode).toBe(200);
    expect(resolved).toHaveBeenCalledTimes(1);
    const late = await staffPost(`/api/v1/calls/${c.id}/acknowledge`, a.cookies.WAITER);
    expect(late.statusCode).toBe(409);
    expect(late.json<Problem>().code).toBe('INVALID_TRANSITION');

    // The next call of the kind is a new one.
    const next = (await call(guest.cookie, 'WAITER')).json<{ call: Call }>().call;
    expect(next.id).not.toBe(c.id);
    expect(next.repeats).toBe(0);
  });

  it("keeps restaurants apart: another restaurant's waiter sees none of the calls and gets 404 on their ids", async () => {
    const { guest } = await seatedGuest();
    const c = (await call(guest.cookie, 'BILL')).json<{ call: Call }>().call;
    expect((await listCalls(b.cookies.WAITER)).map((x) => x.id)).not.toContain(c.id);
    for (const action of ['acknowledge', 'resolve']) {
      const res = await staffPost(`/api/v1/calls/${c.id}/${action}`, b.cookies.WAITER);
      expect(res.statusCode).toBe(404);
      expect(res.json<Problem>().code).toBe('NOT_FOUND');
    }
    const row = await t.ctx.db.selectFrom('calls').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('OPEN');
  });

  it("resolves the session's calls when it closes", async () => {
    const { session, guest } = await seatedGuest();
    const c = (await call(guest.cookie, 'BILL')).json<{ call: Call }>().call;
    const resolved = vi.spyOn(t.ctx.live, 'callResolved');
    expect((await staffPost(`/api/v1/sessions/${session.id}/close`, a.cookies.CASHIER)).statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('calls').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'RESOLVED', resolved_by: a.ids.CASHIER });
    expect(resolved).toHaveBeenCalledTimes(1);
    expect((await listCalls(a.cookies.WAITER)).map((x) => x.id)).not.toContain(c.id);
  });

  it('moves unresolved calls with the session', async () => {
    const { session, guest } = await seatedGuest();
    const c = (await call(guest.cookie, 'WAITER')).json<{ call: Call }>().call;
    const to = await buildTable(t.ctx, a.restaurant.id);
    const move = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/move`,
      headers: { cookie: a.cookies.WAITER },
      payload: { tableId: to.id },
    });
    expect(move.statusCode).toBe(200);
    expect((await listCalls(a.cookies.WAITER)).find((x) => x.id === c.id)?.tableId).toBe(to.id);
    // And a guest's next call carries the new table.
    expect((await call(guest.cookie, 'BILL')).json<{ call: Call }>().call.tableId).toBe(to.id);
  });
});
