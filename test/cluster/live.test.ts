import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveClient, connectLive } from '../../apps/server/test/support/socket-client.ts';
import { Cluster } from './harness/cluster.ts';
import { type DemoTable, call, demoTables, joinTable, openTable, plainItem, signIn } from './harness/demo-client.ts';
import { requireClusterServices } from './harness/services.ts';

const services = await requireClusterServices();
/** Generous on a busy 2-core machine: an event that never comes still fails, just later. */
const LIVE_MS = 10_000;

/**
 * Two Plato processes, A and B, behind nginx on one PostgreSQL and one Redis:
 * what one process does reaches sockets on the other, and the rules that
 * must hold across processes (PIN blocks, per-address limits, idempotency,
 * the bill's balance) hold when requests are split between them.
 */
describe.skipIf(!services)('two processes behind nginx', () => {
  let cluster: Cluster;
  let A: string;
  let B: string;
  let admin: string;
  let waiter: string;
  let tables: DemoTable[];
  let nextTable = 0;
  const sockets: LiveClient[] = [];
  const table = () => tables[nextTable++]!;

  beforeAll(async () => {
    cluster = await Cluster.start(services!, ['A', 'B']);
    A = cluster.process('A').url;
    B = cluster.process('B').url;
    admin = await signIn(A, 'admin');
    waiter = await signIn(B, 'waiter');
    tables = await demoTables(A, admin);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.close();
  });
  const live = async (url: string, cookie: string, transports?: ('websocket' | 'polling')[]) => {
    const socket = await connectLive(url, { cookie, ...(transports && { transports }) });
    sockets.push(socket);
    return socket;
  };

  it('carries a cart change, a kitchen ticket and a payment to sockets on the other process', async () => {
    const t = table();
    const { sessionId, pin } = await openTable(A, waiter, t);
    const onA = await joinTable(A, t, pin, 'Asha');
    const onB = await joinTable(B, t, pin, 'Bela');
    const mateSocket = await live(B, onB);
    const chefSocket = await live(B, await signIn(B, 'chef'));
    const cashierSocket = await live(A, await signIn(A, 'cashier'));
    const item = await plainItem(A, onA);

    const added = await call(
      A,
      'POST',
      '/api/v1/guest/cart/lines',
      { menuItemId: item.id, quantity: 2 },
      { cookie: onA },
    );
    expect(added.status).toBe(200);
    const cart = await mateSocket.waitFor(
      'cart.updated',
      (c) => c.lines.some((l) => l.menuItemId === item.id),
      LIVE_MS,
    );
    expect(cart.lines.find((l) => l.menuItemId === item.id)?.quantity).toBe(2);

    const placed = await call(A, 'POST', '/api/v1/guest/orders', {}, { cookie: onA, 'idempotency-key': randomUUID() });
    expect(placed.status).toBe(201);
    const orderId = (placed.json.order as { id: string }).id;
    const ticket = await chefSocket.waitFor('ticket.created', (x) => x.orderId === orderId, LIVE_MS);
    expect(ticket.table).toBe(t.name);

    const cashier = await signIn(B, 'cashier');
    const paid = await call(
      B,
      'POST',
      `/api/v1/sessions/${sessionId}/payments`,
      { method: 'CARD', amountCents: 100 },
      { cookie: cashier, 'idempotency-key': randomUUID() },
    );
    expect(paid.status).toBe(201);
    const bill = await cashierSocket.waitFor(
      'bill.updated',
      (b) => b.sessionId === sessionId && b.paidCents === 100,
      LIVE_MS,
    );
    expect(bill.balanceCents).toBe(bill.totalCents - 100);
  });

  it('blocks a table after five wrong PINs split between the processes', async () => {
    const t = table();
    const { sessionId, pin } = await openTable(A, waiter, t);
    const wrong = pin === '0000' ? '1111' : '0000';
    const attempt = (base: string, p: string) =>
      call(base, 'POST', `/api/v1/public/tables/${t.qrToken}/join`, { pin: p }, { 'x-forwarded-for': '198.51.100.1' });
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i++) codes.push((await attempt(i % 2 === 0 ? A : B, wrong)).json.code);
    expect(codes).toEqual(Array(5).fill('PIN_INVALID'));
    // The right PIN no longer opens it, on either process.
    for (const base of [A, B]) {
      const refused = await attempt(base, pin);
      expect(refused.status).toBe(429);
      expect(refused.json.code).toBe('PIN_BLOCKED');
    }
    const [row] = await cluster.query<{ pin_failures: number }>(
      'select pin_failures from table_sessions where id = $1',
      [sessionId],
    );
    expect(row?.pin_failures).toBe(5);
  });

  it('holds the per-address PIN limit across the processes', async () => {
    // Attempts at a table that does not exist still count against the address (it is what a scan looks like).
    const address = '198.51.100.2';
    const attempt = (base: string, from = address) =>
      call(base, 'POST', `/api/v1/public/tables/${'x'.repeat(32)}/join`, { pin: '1234' }, { 'x-forwarded-for': from });
    const statuses = [];
    for (let i = 0; i < 50; i++) statuses.push((await attempt(i % 2 === 0 ? A : B)).status);
    expect(new Set(statuses)).toEqual(new Set([404]));
    for (const base of [A, B]) {
      const limited = await attempt(base);
      expect(limited.status).toBe(429);
      expect(limited.json.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another address is not limited by it.
    expect((await attempt(B, '198.51.100.3')).status).toBe(404);
  });

  it('makes one order of one Idempotency-Key sent to both processes at once', async () => {
    const t = table();
    const { sessionId, pin } = await openTable(A, waiter, t);
    const guest = await joinTable(B, t, pin);
    const item = await plainItem(A, guest);
    for (let round = 0; round < 5; round++) {
      const added = await call(
        A,
        'POST',
        '/api/v1/guest/cart/lines',
        { menuItemId: item.id, quantity: 1 },
        { cookie: guest },
      );
      expect(added.status).toBe(200);
      const key = randomUUID();
      const answers = await Promise.all(
        [A, B].map((base) => call(base, 'POST', '/api/v1/guest/orders', {}, { cookie: guest, 'idempotency-key': key })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
      const ids = answers.map((a) => (a.json.order as { id: string }).id);
      expect(ids[0]).toBe(ids[1]);
    }
    const [row] = await cluster.query<{ n: string }>('select count(*) as n from orders where session_id = $1', [
      sessionId,
    ]);
    expect(Number(row?.n)).toBe(5);
  });

  it('never overpays when two payments race for the last cents on both processes', async () => {
    const cashiers = { [A]: await signIn(A, 'cashier'), [B]: await signIn(B, 'cashier') };
    for (let round = 0; round < 4; round++) {
      const t = table();
      const { sessionId, pin } = await openTable(B, waiter, t);
      const guest = await joinTable(A, t, pin);
      const item = await plainItem(A, guest);
      await call(A, 'POST', '/api/v1/guest/cart/lines', { menuItemId: item.id, quantity: 3 }, { cookie: guest });
      const placed = await call(
        B,
        'POST',
        '/api/v1/guest/orders',
        {},
        { cookie: guest, 'idempotency-key': randomUUID() },
      );
      expect(placed.status).toBe(201);
      const bill = await call(A, 'GET', `/api/v1/sessions/${sessionId}/bill`, undefined, { cookie: cashiers[A]! });
      const total = bill.json.totalCents as number;
      const last = 1 + (round % 3);
      const first = await call(
        A,
        'POST',
        `/api/v1/sessions/${sessionId}/payments`,
        { method: 'CARD', amountCents: total - last },
        { cookie: cashiers[A]!, 'idempotency-key': randomUUID() },
      );
      expect(first.status).toBe(201);
      const race = await Promise.all(
        [A, B].map((base) =>
          call(
            base,
            'POST',
            `/api/v1/sessions/${sessionId}/payments`,
            { method: 'CARD', amountCents: last },
            { cookie: cashiers[base]!, 'idempotency-key': randomUUID() },
          ),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(['OVERPAYMENT', 'SESSION_CLOSED']).toContain(race.find((r) => r.status === 409)!.json.code);
      const [sum] = await cluster.query<{ paid: string; n: string }>(
        `select coalesce(sum(amount_cents), 0) as paid, count(*) as n from payments where session_id = $1`,
        [sessionId],
      );
      expect(Number(sum?.paid)).toBe(total);
      expect(Number(sum?.n)).toBe(2);
    }
  });

  it('keeps one request id from the client through nginx to the JSON log of the process that answered', async () => {
    const id = `cluster-${randomUUID()}`;
    const traced = await call(cluster.proxyUrl, 'GET', '/api/v1/auth/me', undefined, { 'x-request-id': id });
    expect(traced.status).toBe(401);
    expect(traced.headers.get('x-request-id')).toBe(id);
    // Without one (or with one that is not a sane id), nginx's own id is used by both.
    const untraced = await call(cluster.proxyUrl, 'GET', '/healthz', undefined, { 'x-request-id': 'bad id\u00e9' });
    const made = untraced.headers.get('x-request-id') ?? '';
    expect(made).toMatch(/^[0-9a-f]{32}$/);
    type Line = { reqId?: string; req?: { host?: string } };
    const logged = (rid: string) =>
      ['A', 'B']
        .flatMap((name) => cluster.process(name).output().split('\n'))
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Line)
        .find((line) => line.reqId === rid);
    // Log lines are written in batches at least once a second.
    await expect.poll(() => Boolean(logged(id) && logged(made)), { timeout: 5_000 }).toBe(true);
    // The process saw the address the client used (nginx passes Host on), not the upstream's name.
    expect(logged(id)?.req?.host).toBe(new URL(cluster.proxyUrl).host);
    const access = () => readFileSync(join(cluster.dir, 'nginx-access.log'), 'utf8');
    await expect.poll(access, { timeout: 5_000 }).toContain(`id=${id}`);
    expect(access()).toContain(`id=${made}`);
  });

  it('takes the client address from nginx, and only from nginx (PLATO_TRUST_PROXY), whatever the client claims', async () => {
    // The client connects from 127.0.0.5 and claims another address; nginx appends the one it saw, and the
    // process, trusting 127.0.0.1 (nginx) alone, takes that one.
    const id = `xff-${randomUUID()}`;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${cluster.proxyUrl}/healthz`,
        { localAddress: '127.0.0.5', headers: { 'x-forwarded-for': '203.0.113.66', 'x-request-id': id } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const line = () =>
      ['A', 'B']
        .flatMap((name) => cluster.process(name).output().split('\n'))
        .filter((l) => l.startsWith('{') && l.includes(id))
        .map((l) => JSON.parse(l) as { req?: { remoteAddress?: string } })[0];
    await expect.poll(() => line()?.req?.remoteAddress, { timeout: 5_000 }).toBe('127.0.0.5');
  });

  it("serves Socket.IO's polling fallback through nginx (sticky by address) and upgrades it", async () => {
    const t = table();
    const { pin } = await openTable(A, waiter, t);
    const guest = await joinTable(cluster.proxyUrl, t, pin);
    for (const transports of [['polling'], ['polling', 'websocket']] as const) {
      const socket = await live(cluster.proxyUrl, guest, [...transports]);
      // A guest socket gets its cart on connect: the session id held across the poll requests.
      await socket.waitFor('cart.updated', () => true, LIVE_MS);
      const item = await plainItem(cluster.proxyUrl, guest);
      await call(
        cluster.proxyUrl,
        'POST',
        '/api/v1/guest/cart/lines',
        { menuItemId: item.id, quantity: 1 },
        { cookie: guest },
      );
      await socket.waitFor('cart.updated', (c) => c.lines.length > 0, LIVE_MS);
      socket.close();
    }
  });
});
