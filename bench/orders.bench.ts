import { randomUUID } from 'node:crypto';
import type { Cart } from '@plato/contracts';
import type { DatabaseChoice } from './lib/database.ts';
import { HttpClient } from './lib/http.ts';
import { Recorder, closedLoop, settings } from './lib/load.ts';
import { profileFile } from './lib/cpu-profile.ts';
import { type LineChoice, buildMenu, createTables, joinGuests, openSessions, signIn } from './lib/plato-setup.ts';
import { type BenchOutcome, latencyRow, log, rateRow } from './lib/report.ts';
import { type RunningServer, withServer } from './lib/server-control.ts';
import { elapsedMs, ms, rate } from './lib/stats.ts';

/**
 * Order placement at 32 concurrent guests. Each worker is a guest device at
 * its own tables (FAMILY sessions, one guest each). Work goes in rounds: all
 * workers fill their carts (2–3 lines each, some with modifier options), then
 * all place an order for every cart with a fresh Idempotency-Key. Order
 * throughput is counted over the order phases only, so cart adds (reported
 * apart) never dilute it; the first round is a warm-up.
 *
 * The baseline is a bare Fastify route on the same database doing one
 * transaction of an order row and 3 line rows, driven by the same 32-worker
 * closed loop. On SQLite it runs twice: with group commit, as Plato does,
 * and with a commit per transaction, the way the bare-route figures
 * were taken.
 */

const WORKERS = Number(process.env.BENCH_ORDER_WORKERS ?? 32);
/** Carts (tables) per worker: one order phase places WORKERS × this many orders. */
const TABLES_PER_WORKER = Number(process.env.BENCH_ORDER_TABLES_PER_WORKER ?? 24);

export interface OrderTargets {
  perSecond: number;
  p99Ms?: number;
}

interface PhaseCost {
  seconds: number;
  serverCpuMs: number;
  clientCpuMs: number;
}

/** CPU milliseconds per request, of the server and of the load generator. */
interface RequestCost {
  server: number;
  client: number;
}

const perRequest = (c: PhaseCost, count: number): RequestCost => ({
  server: count ? c.serverCpuMs / count : NaN,
  client: count ? c.clientCpuMs / count : NaN,
});

interface OrderFigures {
  orders: ReturnType<Recorder['summary']>;
  cartAdds: ReturnType<Recorder['summary']>;
  orderCost: RequestCost;
  cartCost: RequestCost;
  errors: Recorder['errors'];
}

async function runPlato(server: RunningServer, profile: string | undefined): Promise<OrderFigures> {
  const client = new HttpClient(server.baseUrl, WORKERS);
  const staff = await signIn(client);
  const menu = await buildMenu(client, staff);
  const tables = await createTables(client, staff, WORKERS * TABLES_PER_WORKER, 'Bench');
  const open = await openSessions(client, staff, tables, 'FAMILY');
  const guests = (await joinGuests(client, open, 1)).map((g) => g[0]!);

  const rec = new Recorder();
  const versions = new Map<string, number>();
  const myGuests = (w: number) => guests.slice(w * TABLES_PER_WORKER, (w + 1) * TABLES_PER_WORKER);
  const line = (round: number, g: number, j: number): LineChoice & { quantity: number } => ({
    ...menu[(round + g + j) % menu.length]!,
    quantity: 1 + ((g + j) % 2),
  });

  const fill = (round: number) => async (w: number) => {
    for (const [g, guest] of myGuests(w).entries()) {
      const lines = 2 + ((round + g) % 2);
      for (let j = 0; j < lines; j++) {
        const res = await rec.timed(
          client,
          'cart add',
          {
            method: 'POST',
            path: '/api/v1/guest/cart/lines',
            body: line(round, g, j),
            headers: { cookie: guest.cookie },
          },
          200,
        );
        if (res) versions.set(guest.cookie, (JSON.parse(res.body) as Cart).version);
      }
    }
  };
  const order = async (w: number) => {
    for (const guest of myGuests(w)) {
      await rec.timed(
        client,
        'order',
        {
          method: 'POST',
          path: '/api/v1/guest/orders',
          body: { cartVersion: versions.get(guest.cookie) ?? 0 },
          headers: { cookie: guest.cookie, 'idempotency-key': randomUUID() },
        },
        201,
      );
    }
  };
  /** Runs one phase on every worker; its length and the CPU the server and this load generator spent on it. */
  const phase = async (work: (w: number) => Promise<void>, measured: boolean): Promise<PhaseCost> => {
    const server0 = await server.usage();
    const client0 = process.cpuUsage();
    rec.measure(measured);
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => work(w)));
    rec.measure(false);
    const seconds = elapsedMs(start) / 1000;
    const client = process.cpuUsage(client0);
    const server1 = await server.usage();
    return { seconds, serverCpuMs: server1.cpuMs - server0.cpuMs, clientCpuMs: (client.user + client.system) / 1000 };
  };

  const orderCost = { seconds: 0, serverCpuMs: 0, clientCpuMs: 0 };
  const cartCost = { seconds: 0, serverCpuMs: 0, clientCpuMs: 0 };
  const add = (sum: PhaseCost, c: PhaseCost) => {
    sum.seconds += c.seconds;
    sum.serverCpuMs += c.serverCpuMs;
    sum.clientCpuMs += c.clientCpuMs;
  };
  const started = process.hrtime.bigint();
  const giveUpAfterMs = (settings.seconds * 8 + 60) * 1000;
  for (let round = 0; orderCost.seconds < settings.seconds && elapsedMs(started) < giveUpAfterMs; round++) {
    const measured = round > 0;
    if (round === 1 && profile) await server.profile('start');
    const filled = await phase(fill(round), measured);
    const ordered = await phase(order, measured);
    if (measured) {
      add(cartCost, filled);
      add(orderCost, ordered);
    }
    // Statistics once the warm-up round has put rows in every table an order touches.
    if (round === 0) await server.analyze();
    if (rec.errors.total > 0 && round > 0) break;
  }
  if (profile) await server.profile('stop', profile);
  client.close();
  const orders = rec.summary('order', orderCost.seconds);
  const cartAdds = rec.summary('cart add', cartCost.seconds);
  return {
    orders,
    cartAdds,
    orderCost: perRequest(orderCost, orders.count),
    cartCost: perRequest(cartCost, cartAdds.count),
    errors: rec.errors,
  };
}

async function runBaseline(server: RunningServer): Promise<OrderFigures> {
  const client = new HttpClient(server.baseUrl, WORKERS);
  const rec = new Recorder();
  const body = JSON.stringify({ lines: [1, 2, 3].map((q) => ({ menuItemId: randomUUID(), quantity: q })) });
  const iteration = async () => {
    await rec.timed(
      client,
      'order',
      { method: 'POST', path: '/orders', body, headers: { 'idempotency-key': randomUUID() } },
      201,
    );
  };
  // The warm-up runs outside the CPU reading, like the Plato side's first round.
  await closedLoop(rec, WORKERS, iteration, { warmupSeconds: settings.warmupSeconds, seconds: 0 });
  const server0 = await server.usage();
  const client0 = process.cpuUsage();
  const seconds = await closedLoop(rec, WORKERS, iteration, { warmupSeconds: 0, seconds: settings.seconds });
  const clientCpu = process.cpuUsage(client0);
  const server1 = await server.usage();
  client.close();
  const orders = rec.summary('order', seconds);
  const cost = {
    seconds,
    serverCpuMs: server1.cpuMs - server0.cpuMs,
    clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
  };
  const none = rec.summary('none', 0);
  return {
    orders,
    cartAdds: none,
    orderCost: perRequest(cost, orders.count),
    cartCost: perRequest(cost, 0),
    errors: rec.errors,
  };
}

export async function ordersBench(
  database: DatabaseChoice,
  label: string,
  targets: OrderTargets,
): Promise<BenchOutcome> {
  log(`\n▶ orders on ${label}: ${WORKERS} concurrent guests, ${WORKERS * TABLES_PER_WORKER} tables`);
  const baselineOn = async (choice: DatabaseChoice, commits: string) => {
    const figures = await withServer('baseline-http', choice, runBaseline);
    log(
      `  baseline (bare route, 1 order + 3 lines per transaction${commits}): ${rate(figures.orders.perSecond)}, ` +
        `p50 ${ms(figures.orders.p50)}, p99 ${ms(figures.orders.p99)}, server CPU ${figures.orderCost.server.toFixed(3)} ms/order`,
    );
    return figures;
  };
  const baseline = await baselineOn(database, database === 'sqlite' ? ', group commit' : '');
  const perTransaction =
    database === 'sqlite' ? await baselineOn('sqlite-per-transaction', ', a commit per transaction') : undefined;
  const plato = await withServer('plato', database, (server) => runPlato(server, profileFile(`orders ${label}`)));
  log(
    `  Plato POST /guest/orders: ${rate(plato.orders.perSecond)} (${plato.orders.count} orders), ` +
      `p50 ${ms(plato.orders.p50)}, p99 ${ms(plato.orders.p99)}, max ${ms(plato.orders.max)}, server CPU ${plato.orderCost.server.toFixed(3)} ms/order`,
  );
  log(
    `  Plato POST /guest/cart/lines: ${rate(plato.cartAdds.perSecond)} (${plato.cartAdds.count} adds), ` +
      `p50 ${ms(plato.cartAdds.p50)}, p99 ${ms(plato.cartAdds.p99)}, server CPU ${plato.cartCost.server.toFixed(3)} ms/add`,
  );
  const failures: string[] = [];
  if (plato.errors.total) failures.push(`orders on ${label} (Plato): ${plato.errors.describe()}`);
  if (baseline.errors.total) failures.push(`orders on ${label} (baseline): ${baseline.errors.describe()}`);
  if (perTransaction?.errors.total)
    failures.push(`orders on ${label} (baseline, a commit per transaction): ${perTransaction.errors.describe()}`);
  for (const f of failures) log(`  ✗ FAILED — ${f}`);
  const platoFailed = plato.errors.total > 0;
  const baseFailed = baseline.errors.total > 0 || (perTransaction?.errors.total ?? 0) > 0;
  const failed = platoFailed || baseFailed;
  const b = baseline.orders;
  return {
    rows: [
      rateRow(`orders/s, ${label}`, plato.orders.perSecond, b.perSecond, targets.perSecond, failed),
      ...(perTransaction
        ? [
            rateRow(
              `  vs a commit per transaction`,
              plato.orders.perSecond,
              perTransaction.orders.perSecond,
              undefined,
              failed,
            ),
          ]
        : []),
      latencyRow(`order p50, ${label}`, plato.orders.p50, b.p50, undefined, failed),
      latencyRow(`order p99, ${label}`, plato.orders.p99, b.p99, targets.p99Ms, failed),
      rateRow(`cart adds/s, ${label}`, plato.cartAdds.perSecond, undefined, undefined, platoFailed),
      latencyRow(`cart add p99, ${label}`, plato.cartAdds.p99, undefined, undefined, platoFailed),
    ],
    failures,
    notes: [
      `orders on ${label}: server CPU per order ${plato.orderCost.server.toFixed(3)} ms (Plato) vs ` +
        `${baseline.orderCost.server.toFixed(3)} ms (baseline); per cart add ${plato.cartCost.server.toFixed(3)} ms; ` +
        `load generator CPU per request ${plato.orderCost.client.toFixed(3)} ms (Plato order) / ${baseline.orderCost.client.toFixed(3)} ms (baseline)`,
    ],
  };
}
