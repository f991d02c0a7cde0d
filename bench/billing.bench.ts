import { randomUUID } from 'node:crypto';
import { BILL_LINES } from './lib/baseline-billing.ts';
import { profileFile } from './lib/cpu-profile.ts';
import type { DatabaseChoice } from './lib/database.ts';
import { HttpClient } from './lib/http.ts';
import { Recorder, closedLoop, inParallel, settings } from './lib/load.ts';
import { buildMenu, createTables, openSessions, signIn } from './lib/plato-setup.ts';
import { type BenchOutcome, type Row, cpuRow, latencyRow, log, rateRow } from './lib/report.ts';
import { type RunningServer, withServer } from './lib/server-control.ts';
import { ms, rate } from './lib/stats.ts';

/**
 * Issue 12: the cashier's two hot requests on sessions of 40 lines.
 * - Bill reads: 32 workers read random sessions' bills
 *   (`GET /sessions/:id/bill`, as a cashier's screen and every payment do).
 * - Payments: 32 workers record small CARD payments with a fresh
 *   Idempotency-Key, each on sessions of its own (payments of one session
 *   are decided one at a time, by design), so every payment computes the
 *   bill under the session's lock, checks the balance and writes its row.
 * Plato's restaurant adds tax on top and a 12.5 % service charge, and each
 * session has a bill discount, so a bill does all of its work.
 * The baseline is a bare app on the same database doing the unavoidable
 * part of both (baseline-billing.ts). The figures per request: throughput,
 * p99, and the server's CPU milliseconds (the steadier figure).
 */

const WORKERS = 32;
/** Sessions per worker for payments: a handful of payments each, as a real table has. */
const SESSIONS = Number(process.env.BENCH_BILL_SESSIONS ?? 128);
const PAYMENT_CENTS = 10;

export interface BillingTargets {
  billCpuMs: number;
  paymentsPerSecond?: number;
}

interface Figures {
  bills: ReturnType<Recorder['summary']>;
  payments: ReturnType<Recorder['summary']>;
  billCpuMs: number;
  paymentCpuMs: number;
  errors: Recorder['errors'];
}

type Target = { bill: (id: string) => string; pay: (id: string) => string; headers: Record<string, string> };

type Profiles = { reads: string | undefined; payments: string | undefined };

async function measure(server: RunningServer, ids: string[], target: Target, profiles?: Profiles): Promise<Figures> {
  const client = new HttpClient(server.baseUrl, WORKERS);
  const rec = new Recorder();
  let n = 0;
  const readBill = async () => {
    const id = ids[n++ % ids.length]!;
    await rec.timed(client, 'bill', { method: 'GET', path: target.bill(id), headers: target.headers }, 200);
  };
  const perWorker = Math.max(1, Math.floor(ids.length / WORKERS));
  const turn = new Array<number>(WORKERS).fill(0);
  const pay = async (w: number) => {
    const id = ids[w * perWorker + (turn[w]!++ % perWorker)]!;
    await rec.timed(
      client,
      'payment',
      {
        method: 'POST',
        path: target.pay(id),
        body: { method: 'CARD', amountCents: PAYMENT_CENTS },
        headers: { ...target.headers, 'idempotency-key': randomUUID() },
      },
      201,
    );
  };
  /** Warm-up, then the timed window with the server's CPU read around it; CPU ms per request kept. */
  const timed = async (name: string, iteration: (w: number) => Promise<void>) => {
    await closedLoop(rec, WORKERS, iteration, { warmupSeconds: settings.warmupSeconds, seconds: 0 });
    const before = await server.usage();
    const seconds = await closedLoop(rec, WORKERS, iteration, { warmupSeconds: 0, seconds: settings.seconds });
    const after = await server.usage();
    const summary = rec.summary(name, seconds);
    return { summary, cpuMs: summary.count ? (after.cpuMs - before.cpuMs) / summary.count : NaN };
  };

  await server.analyze();
  if (profiles?.reads) await server.profile('start');
  const bills = await timed('bill', readBill);
  if (profiles?.reads) await server.profile('stop', profiles.reads);
  if (profiles?.payments) await server.profile('start');
  const payments = await timed('payment', pay);
  if (profiles?.payments) await server.profile('stop', profiles.payments);
  client.close();
  return {
    bills: bills.summary,
    payments: payments.summary,
    billCpuMs: bills.cpuMs,
    paymentCpuMs: payments.cpuMs,
    errors: rec.errors,
  };
}

/** Plato's side: a restaurant with tax on top and service, SESSIONS tables each with a 40-line order and a discount. */
async function runPlato(server: RunningServer, profiles: Profiles): Promise<Figures> {
  const client = new HttpClient(server.baseUrl, 16);
  const staff = await signIn(client);
  const headers = { cookie: staff };
  await client.expect(
    {
      method: 'PATCH',
      path: '/api/v1/admin/settings',
      body: { taxRateBps: 1000, taxInclusive: false, serviceChargeBps: 1250 },
      headers,
    },
    200,
  );
  const menu = await buildMenu(client, staff);
  const tables = await createTables(client, staff, SESSIONS, 'Till');
  const open = await openSessions(client, staff, tables, 'FAMILY');
  await inParallel(open.length, 8, async (i) => {
    const sessionId = open[i]!.sessionId;
    const lines = Array.from({ length: BILL_LINES }, (_, j) => ({ ...menu[j % menu.length]!, quantity: 1 + (j % 2) }));
    await client.expect(
      {
        method: 'POST',
        path: `/api/v1/sessions/${sessionId}/orders`,
        body: { lines },
        headers: { ...headers, 'idempotency-key': randomUUID() },
      },
      201,
    );
    await client.expect(
      {
        method: 'POST',
        path: `/api/v1/sessions/${sessionId}/discounts`,
        body: { kind: 'PERCENT', value: 10, reason: 'bench' },
        headers,
      },
      200,
    );
  });
  client.close();
  return measure(
    server,
    open.map((o) => o.sessionId),
    { bill: (id) => `/api/v1/sessions/${id}/bill`, pay: (id) => `/api/v1/sessions/${id}/payments`, headers },
    profiles,
  );
}

async function runBaseline(server: RunningServer): Promise<Figures> {
  const client = new HttpClient(server.baseUrl, 1);
  const { ids } = JSON.parse((await client.expect({ method: 'GET', path: '/sessions' }, 200)).body) as {
    ids: string[];
  };
  client.close();
  return measure(server, ids, { bill: (id) => `/bill/${id}`, pay: (id) => `/payments/${id}`, headers: {} });
}

export async function billingBench(
  database: DatabaseChoice,
  label: string,
  targets: BillingTargets,
): Promise<BenchOutcome> {
  log(`\n▶ billing on ${label}: ${SESSIONS} sessions of ${BILL_LINES} lines, ${WORKERS} concurrent cashiers`);
  const env = { BENCH_BILL_SESSIONS: String(SESSIONS) };
  const baseline = await withServer('baseline-billing', database, runBaseline, env);
  const profiles = {
    reads: profileFile(`billing bill reads ${label}`),
    payments: profileFile(`billing payments ${label}`),
  };
  const plato = await withServer('plato', database, (s) => runPlato(s, profiles), env);
  for (const [who, f] of [
    ['baseline', baseline],
    ['Plato', plato],
  ] as const)
    log(
      `  ${who}: bill reads ${rate(f.bills.perSecond)} (p99 ${ms(f.bills.p99)}, ${f.billCpuMs.toFixed(3)} ms CPU each); ` +
        `payments ${rate(f.payments.perSecond)} (p99 ${ms(f.payments.p99)}, ${f.paymentCpuMs.toFixed(3)} ms CPU each)`,
    );
  const failures: string[] = [];
  if (plato.errors.total) failures.push(`billing on ${label} (Plato): ${plato.errors.describe()}`);
  if (baseline.errors.total) failures.push(`billing on ${label} (baseline): ${baseline.errors.describe()}`);
  for (const f of failures) log(`  ✗ FAILED — ${f}`);
  const failed = failures.length > 0;
  const rows: Row[] = [
    rateRow(`bill reads/s, ${label}`, plato.bills.perSecond, baseline.bills.perSecond, undefined, failed),
    cpuRow(`server CPU per bill read, ${label}`, plato.billCpuMs, baseline.billCpuMs, targets.billCpuMs, failed),
    latencyRow(`bill read p99, ${label}`, plato.bills.p99, baseline.bills.p99, undefined, failed),
    rateRow(
      `payments/s, ${label}`,
      plato.payments.perSecond,
      baseline.payments.perSecond,
      targets.paymentsPerSecond,
      failed,
    ),
    cpuRow(`server CPU per payment, ${label}`, plato.paymentCpuMs, baseline.paymentCpuMs, undefined, failed),
    latencyRow(`payment p99, ${label}`, plato.payments.p99, baseline.payments.p99, undefined, failed),
  ];
  return { rows, failures, notes: [] };
}
