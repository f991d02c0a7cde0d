import { randomUUID } from 'node:crypto';
import type { KitchenTicket } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveClient, connectLive } from '../../apps/server/test/support/socket-client.ts';
import { Cluster, sleep } from './harness/cluster.ts';
import { type DemoTable, call, demoTables, joinTable, openTable, plainItem, signIn } from './harness/demo-client.ts';
import { isConnectionLost, withRetries } from './harness/retrying-client.ts';
import { requireClusterServices } from './harness/services.ts';

const services = await requireClusterServices();

/** Open live sockets on a process, from its own /metrics. */
async function openSockets(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^plato_open_sockets (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/**
 * A kitchen screen as the web app keeps one (features/kitchen/board.ts):
 * tickets by id (the newest of each), the sequence its last answer was
 * complete up to, and a new socket through nginx when the old one drops,
 * followed by a catch-up read `since` that sequence.
 */
class KitchenScreen {
  readonly tickets = new Map<string, KitchenTicket>();
  seq = 0;
  socket: LiveClient | undefined;
  reconnects = 0;
  constructor(
    private readonly base: string,
    private readonly cookie: string,
  ) {}

  private keep(ticket: KitchenTicket): void {
    const had = this.tickets.get(ticket.id);
    if (!had || had.seq <= ticket.seq) this.tickets.set(ticket.id, ticket);
  }

  async connect(): Promise<void> {
    this.socket = await connectLive(this.base, { cookie: this.cookie, timeoutMs: 10_000 });
    for (const event of ['ticket.created', 'ticket.updated'] as const)
      this.socket.socket.on(event, (t) => this.keep(t));
  }

  /** `GET /kitchen/tickets?since=…` through nginx, retried while the proxy finds a live process. */
  async catchUp(): Promise<void> {
    const { answer } = await withRetries(this.base, 'GET', `/api/v1/kitchen/tickets?since=${this.seq}`, undefined, {
      cookie: this.cookie,
    });
    if (answer.status !== 200) throw new Error(`catch-up → ${answer.status}`);
    for (const t of answer.json.tickets as KitchenTicket[]) this.keep(t);
    // Only an answer proves nothing before its `seq` is missing; a live event does not (as the web app's board.ts):
    // the killed process may have committed an order and died before its event went out.
    this.seq = Math.max(this.seq, answer.json.seq as number);
  }

  /** As the screen does on a drop: a new socket (through nginx, so onto a live process), then catch up. */
  async reconnect(): Promise<void> {
    this.reconnects++;
    this.socket?.close();
    for (let tries = 0; ; tries++) {
      try {
        await this.connect();
        break;
      } catch (err) {
        if (tries > 20) throw err;
        await sleep(200);
      }
    }
    await this.catchUp();
  }

  orderIds(): Set<string> {
    return new Set([...this.tickets.values()].map((t) => t.orderId));
  }
}

describe.skipIf(!services)('a process dying under load', () => {
  let cluster: Cluster;
  let tables: DemoTable[];
  let waiter: string;
  let proxy: string;
  let next = 0;
  afterAll(() => cluster?.close());
  beforeAll(async () => {
    cluster = await Cluster.start(services!, ['A', 'B']);
    proxy = cluster.proxyUrl;
    const admin = await signIn(proxy, 'admin');
    waiter = await signIn(proxy, 'waiter');
    tables = await demoTables(proxy, admin);
  });

  /** Tables with a guest each, opened through the proxy. */
  async function seat(count: number) {
    const seated = [];
    for (const table of tables.slice(next, next + count)) {
      const { sessionId, pin } = await openTable(proxy, waiter, table);
      seated.push({ table, sessionId, guest: await joinTable(proxy, table, pin) });
    }
    next += count;
    return seated;
  }

  it('kill -9 of one process: every acknowledged write is kept, retries get their first result, nothing is doubled', async () => {
    const orderTables = await seat(4);
    const [lineTable] = await seat(1);
    const item = await plainItem(proxy, orderTables[0]!.guest);
    const cashier = await signIn(proxy, 'cashier');
    const screen = new KitchenScreen(proxy, await signIn(proxy, 'chef'));
    await screen.connect();
    await screen.catchUp();
    // The process holding the screen's socket is the one to kill (nginx sends this address's sockets to one).
    const counts = await Promise.all(['A', 'B'].map((n) => openSockets(cluster.process(n).url)));
    const victim = counts[0]! > 0 ? 'A' : 'B';
    expect(counts.reduce((a, b) => a + b)).toBe(1);
    screen.socket!.socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') void screen.reconnect();
    });

    let killed = false;
    let stop = false;
    const orders = new Map<string, string>(); // idempotency key → order id
    const lines = new Set<string>();
    const payments = new Map<string, string>(); // key → payment id
    const payable = new Set<string>(); // sessions with an order, so a cent is owed
    const unexpected: string[] = [];
    let retriedAfterLoss = 0;

    const orderDevice = async (t: (typeof orderTables)[number]) => {
      while (!stop) {
        // A line add whose answer was lost is not retried (it has no key): the cart may or may not hold it.
        await call(
          proxy,
          'POST',
          '/api/v1/guest/cart/lines',
          { menuItemId: item.id, quantity: 1 },
          { cookie: t.guest },
        ).catch((err: unknown) => {
          if (!isConnectionLost(err)) unexpected.push(String(err));
        });
        const key = randomUUID();
        const placed = await withRetries(
          proxy,
          'POST',
          '/api/v1/guest/orders',
          {},
          { cookie: t.guest, 'idempotency-key': key },
        );
        const { status, json } = placed.answer;
        if (status === 201 || status === 200) {
          orders.set(key, (json.order as { id: string }).id);
          payable.add(t.sessionId);
          if (placed.failures.length > 0) retriedAfterLoss++;
        } else if (!(status === 409 && json.code === 'CART_EMPTY')) {
          unexpected.push(`order → ${status} ${JSON.stringify(json)} (killed: ${killed})`);
        }
      }
    };
    const lineDevice = async () => {
      while (!stop && lines.size < 90) {
        try {
          const added = await call(
            proxy,
            'POST',
            '/api/v1/guest/cart/lines',
            { menuItemId: item.id, quantity: 1 },
            {
              cookie: lineTable!.guest,
            },
          );
          if (added.status === 200) for (const l of added.json.lines as { id: string }[]) lines.add(l.id);
          else if (added.status < 500 || !killed) unexpected.push(`cart line → ${added.status}`);
        } catch (err) {
          if (!isConnectionLost(err) || !killed) unexpected.push(String(err));
        }
      }
    };
    const till = async () => {
      while (!stop) {
        const sessionId = [...payable][payments.size % Math.max(1, payable.size)];
        if (!sessionId) {
          await sleep(20);
          continue;
        }
        const key = randomUUID();
        const paid = await withRetries(
          proxy,
          'POST',
          `/api/v1/sessions/${sessionId}/payments`,
          { method: 'CARD', amountCents: 1 },
          {
            cookie: cashier,
            'idempotency-key': key,
          },
        );
        if (paid.answer.status === 201 || paid.answer.status === 200) {
          payments.set(key, (paid.answer.json.payment as { id: string }).id);
          if (paid.failures.length > 0) retriedAfterLoss++;
        } else unexpected.push(`payment → ${paid.answer.status} ${JSON.stringify(paid.answer.json)}`);
      }
    };
    const load = [...orderTables.map(orderDevice), lineDevice(), till()];

    await expect.poll(() => orders.size >= 20 && payments.size >= 5, { timeout: 30_000 }).toBe(true);
    const beforeKill = new Map(orders);
    killed = true;
    await cluster.kill(victim);
    // The load goes on through nginx onto the survivor.
    const atKill = { orders: orders.size, payments: payments.size };
    await expect
      .poll(() => orders.size >= atKill.orders + 20 && payments.size >= atKill.payments + 5, { timeout: 30_000 })
      .toBe(true);
    stop = true;
    await Promise.all(load);
    expect(unexpected, 'answers no client should get').toEqual([]);

    // Retrying an order acknowledged before the kill lands on the survivor and answers that same order.
    const survivor = victim === 'A' ? 'B' : 'A';
    const sample = [...beforeKill].slice(-5);
    const byKey = new Map(orderTables.map((t) => [t.sessionId, t.guest]));
    for (const [key, orderId] of sample) {
      const [row] = await cluster.query<{ session_id: string }>('select session_id from orders where id = $1', [
        orderId,
      ]);
      const again = await call(
        proxy,
        'POST',
        '/api/v1/guest/orders',
        {},
        { cookie: byKey.get(row!.session_id)!, 'idempotency-key': key },
      );
      expect(again.status).toBe(200);
      expect((again.json.order as { id: string }).id).toBe(orderId);
    }

    // Every acknowledged write is in the database, and the database holds nothing the clients were not told of.
    const sessionIds = orderTables.map((t) => t.sessionId);
    const storedOrders = await cluster.query<{ id: string }>('select id from orders where session_id = any($1)', [
      sessionIds,
    ]);
    expect(new Set(storedOrders.map((o) => o.id))).toEqual(new Set(orders.values()));
    expect(storedOrders).toHaveLength(orders.size);
    const storedPayments = await cluster.query<{ id: string }>('select id from payments where session_id = any($1)', [
      sessionIds,
    ]);
    expect(new Set(storedPayments.map((p) => p.id))).toEqual(new Set(payments.values()));
    expect(storedPayments).toHaveLength(payments.size);
    const storedLines = await cluster.query<{ id: string }>('select id from cart_lines where id = any($1)', [
      [...lines],
    ]);
    expect(storedLines).toHaveLength(lines.size);

    // The kitchen screen reconnected to the survivor and, with `since`, has every acknowledged order's ticket.
    await expect.poll(() => screen.reconnects, { timeout: 10_000 }).toBeGreaterThan(0);
    await screen.catchUp();
    const missingTickets = [...orders.values()].filter((id) => !screen.orderIds().has(id));
    expect(missingTickets, 'acknowledged orders the kitchen screen never got').toEqual([]);
    expect(await openSockets(cluster.process(survivor).url)).toBe(1);
    screen.socket?.close();

    console.log(
      `kill -9 of ${victim}: checked ${orders.size} acknowledged orders, ${lines.size} cart changes and ` +
        `${payments.size} payments — none missing, none doubled; ${retriedAfterLoss} requests answered only after a ` +
        `retry, ${sample.length} orders acknowledged before the kill replayed by ${survivor}; the kitchen screen ` +
        `reconnected ${screen.reconnects}× and caught up to ${screen.orderIds().size} orders' tickets`,
    );
  });

  it('a rolling restart under load answers no 5xx to clients that retry', async () => {
    // Both processes up (the previous test killed one): restarted on a new port and nginx reloaded, as operators do.
    for (const name of ['A', 'B']) {
      const p = cluster.process(name);
      if (p.child.exitCode !== null || p.child.signalCode !== null) await cluster.startProcess(name);
    }
    await cluster.reloadNginx();
    const seated = await seat(3);
    const item = await plainItem(proxy, seated[0]!.guest);
    const cashier = await signIn(proxy, 'cashier');

    let stop = false;
    let answered = 0;
    const firstTryFailures: string[] = [];
    const finalFailures: string[] = [];
    const note = (what: string, attempt: { answer: { status: number }; failures: string[] }) => {
      answered++;
      firstTryFailures.push(...attempt.failures.map((f) => `${what}: ${f}`));
      if (attempt.answer.status >= 500) finalFailures.push(`${what} → ${attempt.answer.status}`);
    };
    const device = async (t: (typeof seated)[number]) => {
      while (!stop) {
        const headers = { cookie: t.guest };
        note('menu', await withRetries(proxy, 'GET', '/api/v1/guest/menu', undefined, headers));
        note(
          'cart line',
          await withRetries(proxy, 'POST', '/api/v1/guest/cart/lines', { menuItemId: item.id, quantity: 1 }, headers),
        );
        const key = randomUUID();
        note(
          'order',
          await withRetries(proxy, 'POST', '/api/v1/guest/orders', {}, { ...headers, 'idempotency-key': key }),
        );
        const pay = { method: 'CARD', amountCents: 1 };
        const payKey = randomUUID();
        note(
          'payment',
          await withRetries(proxy, 'POST', `/api/v1/sessions/${t.sessionId}/payments`, pay, {
            cookie: cashier,
            'idempotency-key': payKey,
          }),
        );
      }
    };
    const load = seated.map(device);
    await expect.poll(() => answered, { timeout: 20_000 }).toBeGreaterThan(20);

    // SIGTERM A, start A', SIGTERM B, start B': each old process finishes what it has in flight and exits 0.
    for (const name of ['A', 'B']) {
      const before = answered;
      const code = await cluster.stop(name);
      expect(code, `${name} after SIGTERM:\n${cluster.process(name).output().split('\n').slice(-15).join('\n')}`).toBe(
        0,
      );
      await cluster.startProcess(name);
      await cluster.reloadNginx();
      await expect.poll(() => answered, { timeout: 20_000 }).toBeGreaterThan(before + 20);
    }
    stop = true;
    await Promise.all(load);
    expect(finalFailures, 'requests still failing after their retries').toEqual([]);
    console.log(
      `rolling restart: ${answered} requests answered, none with a 5xx in the end; ` +
        `${firstTryFailures.length} tries were retried (${[...new Set(firstTryFailures)].join(', ') || 'none'})`,
    );
  });
});
