import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connectLive } from '../apps/server/test/support/socket-client.ts';
import { Cluster } from '../test/cluster/harness/cluster.ts';
import {
  type DemoTable,
  demoTables,
  joinTable,
  openTable,
  plainItem,
  signIn,
} from '../test/cluster/harness/demo-client.ts';
import { findClusterServices } from '../test/cluster/harness/services.ts';
import { postgresUrl } from './lib/database.ts';
import { HttpClient } from './lib/http.ts';
import { Recorder, closedLoop, inParallel, settings } from './lib/load.ts';
import { processCpuMs } from './lib/production-server.ts';
import { type BenchOutcome, type Row, cpuRow, latencyRow, rateRow, skippedRow } from './lib/report.ts';
import { type Summary, ms, summarize } from './lib/stats.ts';

/**
 * `npm run bench -- cluster`: the production bundle behind nginx
 * (deploy/nginx/plato.conf, as the cluster tests run it) on one PostgreSQL
 * and one Redis, first with one Plato process, then with two, in the same
 * run; the two-process figures stand beside the one-process ones (ratio =
 * two ÷ one). Then the cross-process live latency: orders placed on A, the
 * ticket's arrival at a chef's socket on B (through Redis) beside one on A.
 *
 * Load: 24 phones (12 tables in INDIVIDUAL mode, 2 phones each, so no two
 * share a cart), each in a closed loop adding a line and placing it, all
 * through nginx. Plato's CPU is read from /proc for every process; on a
 * machine with fewer cores than processes plus PostgreSQL, nginx and the load
 * generator, a second process cannot add throughput, only spread it.
 */

const PHONES_PER_TABLE = 2;

interface Phone {
  cookie: string;
  itemId: string;
}

async function seatPhones(base: string, tables: DemoTable[], waiter: string): Promise<Phone[]> {
  const phones: Phone[] = [];
  for (const table of tables) {
    const { pin } = await openTable(base, waiter, table, 'INDIVIDUAL');
    for (let i = 0; i < PHONES_PER_TABLE; i++) {
      const cookie = await joinTable(base, table, pin);
      phones.push({ cookie, itemId: phones[0]?.itemId ?? (await plainItem(base, cookie)).id });
    }
  }
  return phones;
}

interface Throughput {
  orders: Summary;
  cpuMsPerOrder: number;
  failed: string | undefined;
}

async function ordersThrough(cluster: Cluster): Promise<Throughput> {
  const base = cluster.proxyUrl;
  const admin = await signIn(base, 'admin');
  const waiter = await signIn(base, 'waiter');
  const phones = await seatPhones(base, await demoTables(base, admin), waiter);
  const client = new HttpClient(base, phones.length);
  const recorder = new Recorder();
  const pids = [...cluster.processes.values()].map((p) => p.child.pid!);
  let cpuAtStart = 0;
  const started = setTimeout(
    () => (cpuAtStart = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0)),
    settings.warmupSeconds * 1000,
  );
  const seconds = await closedLoop(recorder, phones.length, async (w) => {
    const phone = phones[w]!;
    const headers = { cookie: phone.cookie };
    await recorder.timed(
      client,
      'line',
      { method: 'POST', path: '/api/v1/guest/cart/lines', body: { menuItemId: phone.itemId, quantity: 1 }, headers },
      200,
    );
    await recorder.timed(
      client,
      'order',
      {
        method: 'POST',
        path: '/api/v1/guest/orders',
        body: {},
        headers: { ...headers, 'idempotency-key': randomUUID() },
      },
      201,
    );
  });
  clearTimeout(started);
  const cpu = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0) - cpuAtStart;
  client.agent.destroy();
  const orders = recorder.summary('order', seconds);
  return {
    orders,
    cpuMsPerOrder: orders.count > 0 ? cpu / orders.count : Number.NaN,
    failed: recorder.errors.total > 0 ? recorder.errors.describe() : undefined,
  };
}

interface LiveLatency {
  /** The order's 201 on A → the ticket at a chef socket on B (through Redis). */
  crossP99: number;
  /** The same order's 201 → the ticket at a chef socket on A itself. */
  sameP99: number;
  crossSendP99: number;
  count: number;
}

async function liveAcross(cluster: Cluster, orders = 300, concurrency = 4): Promise<LiveLatency> {
  const A = cluster.process('A').url;
  const B = cluster.process('B').url;
  const onB = await connectLive(B, { cookie: await signIn(B, 'chef') });
  const onA = await connectLive(A, { cookie: await signIn(A, 'chef') });
  const admin = await signIn(A, 'admin');
  const waiter = await signIn(A, 'waiter');
  const phones = await seatPhones(A, (await demoTables(A, admin)).slice(0, concurrency), waiter);
  const client = new HttpClient(A, phones.length);
  const cross: number[] = [];
  const same: number[] = [];
  const crossSend: number[] = [];
  try {
    await inParallel(orders, phones.length, async (i) => {
      const phone = phones[i % phones.length]!;
      const headers = { cookie: phone.cookie };
      await client.request({
        method: 'POST',
        path: '/api/v1/guest/cart/lines',
        body: { menuItemId: phone.itemId, quantity: 1 },
        headers,
      });
      const sent = performance.now();
      const res = await client.request({
        method: 'POST',
        path: '/api/v1/guest/orders',
        body: {},
        headers: { ...headers, 'idempotency-key': randomUUID() },
      });
      const answered = performance.now();
      if (res.status !== 201) throw new Error(`order on A → ${res.status} ${res.body}`);
      const orderId = (JSON.parse(res.body) as { order: { id: string } }).order.id;
      const [atB, atA] = await Promise.all(
        [onB, onA].map((s) => s.waitForEvent('ticket.created', (t) => t.orderId === orderId, 10_000)),
      );
      cross.push(atB!.at - answered);
      same.push(atA!.at - answered);
      crossSend.push(atB!.at - sent);
    });
  } finally {
    client.agent.destroy();
    onA.close();
    onB.close();
  }
  return {
    crossP99: summarize(cross, 1).p99,
    sameP99: summarize(same, 1).p99,
    crossSendP99: summarize(crossSend, 1).p99,
    count: cross.length,
  };
}

export async function clusterBench(): Promise<BenchOutcome> {
  const { services, missing } = await findClusterServices(postgresUrl());
  if (!services) {
    return {
      rows: [skippedRow('cluster: orders/s via nginx, 2 processes', '—', missing.join('; '))],
      failures: [],
      notes: [`cluster skipped: ${missing.join('; ')}`],
    };
  }
  const failures: string[] = [];
  const runs: Throughput[] = [];
  for (const names of [['A'], ['A', 'B']]) {
    const cluster = await Cluster.start(services, names);
    try {
      const run = await ordersThrough(cluster);
      if (run.failed) failures.push(`cluster, ${names.length} process(es): ${run.failed}`);
      runs.push(run);
    } finally {
      await cluster.close();
    }
  }
  const cluster = await Cluster.start(services, ['A', 'B']);
  let live: LiveLatency;
  try {
    live = await liveAcross(cluster);
  } finally {
    await cluster.close();
  }
  const [one, two] = runs as [Throughput, Throughput];
  const failed = failures.length > 0;
  const rows: Row[] = [
    rateRow('cluster orders/s via nginx, 1 process', one.orders.perSecond, undefined, undefined, failed),
    rateRow(
      'cluster orders/s via nginx, 2 processes (vs 1)',
      two.orders.perSecond,
      one.orders.perSecond,
      undefined,
      failed,
    ),
    latencyRow('cluster order p99 via nginx, 1 process', one.orders.p99, undefined, undefined, failed),
    latencyRow('cluster order p99 via nginx, 2 processes (vs 1)', two.orders.p99, one.orders.p99, undefined, failed),
    cpuRow('Plato CPU per order, 1 process', one.cpuMsPerOrder, undefined, undefined, failed),
    cpuRow('Plato CPU per order, 2 processes (vs 1)', two.cpuMsPerOrder, one.cpuMsPerOrder, undefined, failed),
    latencyRow('live: 201 on A → ticket at chef on B, p99 (vs chef on A)', live.crossP99, live.sameP99, 25, false),
  ];
  return {
    rows,
    failures,
    notes: [
      `cluster: PostgreSQL + Redis + nginx, ${PHONES_PER_TABLE * 12} phones in closed loops through nginx, ` +
        `${settings.seconds} s windows; the ratio column is two processes ÷ one.`,
      `cluster live: ${live.count} orders on A; send → ticket on B p99 ${ms(live.crossSendP99)}.`,
    ],
  };
}
