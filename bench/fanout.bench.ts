import { performance } from 'node:perf_hooks';
import type { Cart } from '@plato/contracts';
import { type LiveClient, connectMany } from '../apps/server/test/support/socket-client.ts';
import { profileFile } from './lib/cpu-profile.ts';
import { MAX_LINES } from './lib/baseline-apps.ts';
import type { DatabaseChoice } from './lib/database.ts';
import { type Call, HttpClient } from './lib/http.ts';
import { Recorder, settings } from './lib/load.ts';
import { buildMenu, createTables, joinGuests, openSessions, signIn } from './lib/plato-setup.ts';
import { type BenchOutcome, latencyRow, log, rateRow } from './lib/report.ts';
import { type RunningServer, withServer } from './lib/server-control.ts';
import { ms, rate } from './lib/stats.ts';

/**
 * `cart.updated` fan-out: 1,000 guest sockets (websocket transport) across
 * 250 FAMILY tables, 4 devices each. At a steady rate (an open loop, so a slow
 * server cannot slow the arrivals down and hide its own latency), one device
 * of an idle table changes the shared cart over HTTP; the figure is the time
 * from just before that request until the last of the table's 4 sockets has
 * the event carrying the new version.
 *
 * The baseline is a bare Socket.IO server on a bare Fastify, with the same
 * 1,000 sockets in the same 250 rooms, whose route bumps an in-memory version
 * and emits a cart-shaped payload — measured the same way.
 */

const TABLES = Number(process.env.BENCH_FANOUT_TABLES ?? 250);
const DEVICES = 4;
/** Cart changes per second across all tables (250/s: every table changes its cart about once a second). */
const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 250);
const DELIVERY_TIMEOUT_MS = 5_000;

/** When each version of a table's cart reached how many of its devices. */
class Arrivals {
  private readonly seen = new Map<number, { count: number; last: number }>();
  private waiting: { version: number; resolve: (at: number) => void } | undefined;

  constructor(clients: LiveClient[]) {
    for (const c of clients) c.socket.on('cart.updated', (cart: Cart) => this.arrived(cart.version, performance.now()));
  }

  private arrived(version: number, at: number): void {
    const entry = this.seen.get(version) ?? { count: 0, last: 0 };
    entry.count += 1;
    entry.last = Math.max(entry.last, at);
    this.seen.set(version, entry);
    if (this.waiting?.version === version && entry.count >= DEVICES) this.waiting.resolve(entry.last);
  }

  /** Resolves with the arrival time at the last device of `version`. */
  whenAll(version: number): Promise<number> {
    for (const v of this.seen.keys()) if (v < version) this.seen.delete(v);
    const entry = this.seen.get(version);
    if (entry && entry.count >= DEVICES) return Promise.resolve(entry.last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`version ${version} reached ${this.seen.get(version)?.count ?? 0} of ${DEVICES} devices`));
      }, DELIVERY_TIMEOUT_MS);
      this.waiting = {
        version,
        resolve: (at) => {
          clearTimeout(timer);
          this.waiting = undefined;
          resolve(at);
        },
      };
    });
  }
}

interface Table {
  arrivals: Arrivals;
  /** The next change to send, from what the cart is now. */
  nextChange(): Call;
  cart: Cart | undefined;
}

interface FanoutFigures {
  sync: ReturnType<Recorder['summary']>;
  http: ReturnType<Recorder['summary']>;
  skipped: number;
  /** Server CPU per change over warm-up and window. */
  cpuMsPerChange: number;
  errors: Recorder['errors'];
}

/** Fires changes at RATE per second on idle tables, warm-up first, and waits for every one to land. */
async function drive(
  server: RunningServer,
  client: HttpClient,
  tables: Table[],
  profile?: string,
): Promise<FanoutFigures> {
  const rec = new Recorder();
  if (profile) await server.profile('start');
  const before = await server.usage();
  const busy = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const warmEnd = start + settings.warmupSeconds * 1000;
  const end = warmEnd + settings.seconds * 1000;
  let cursor = 0;
  let fired = 0;
  let skipped = 0;

  const change = async (i: number, measured: boolean) => {
    const table = tables[i]!;
    busy.add(i);
    try {
      const call = table.nextChange();
      const t0 = performance.now();
      const res = await client.request(call).catch((err: Error) => ({ status: 0, body: err.message }));
      const httpMs = performance.now() - t0;
      if (res.status !== 200) return rec.errors.add(`${call.method} cart → ${res.status}`, res.body);
      table.cart = JSON.parse(res.body) as Cart;
      const last = await table.arrivals.whenAll(table.cart.version);
      if (measured) {
        rec.sample('sync', last - t0);
        rec.sample('http', httpMs);
      }
    } catch (err) {
      rec.errors.add(`cart.updated missing: ${(err as Error).message}`);
    } finally {
      busy.delete(i);
    }
  };

  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= end) {
        clearInterval(tick);
        void Promise.all(inFlight).then(() => resolve());
        return;
      }
      const due = Math.floor(((now - start) * RATE) / 1000);
      for (; fired < due; fired++) {
        let i = cursor;
        while (busy.has(i) && (i + 1) % tables.length !== cursor) i = (i + 1) % tables.length;
        cursor = (i + 1) % tables.length;
        if (busy.has(i)) {
          skipped += 1;
          continue;
        }
        const p = change(i, now >= warmEnd);
        inFlight.add(p);
        void p.then(() => inFlight.delete(p));
      }
    }, 1);
  });
  const after = await server.usage();
  if (profile) await server.profile('stop', profile);
  return {
    sync: rec.summary('sync', settings.seconds),
    http: rec.summary('http', settings.seconds),
    skipped,
    cpuMsPerChange: (after.cpuMs - before.cpuMs) / Math.max(1, fired - skipped),
    errors: rec.errors,
  };
}

/** Keeps a cart bounded: past MAX_LINES lines a change removes the oldest line instead of adding one. */
function cartChange(cart: Cart | undefined, add: () => Call, remove: (lineId: string) => Call): Call {
  const oldest = cart && cart.lines.length >= MAX_LINES ? cart.lines[0] : undefined;
  return oldest ? remove(oldest.id) : add();
}

async function runPlato(server: RunningServer, profile: string | undefined): Promise<FanoutFigures> {
  const client = new HttpClient(server.baseUrl, 16);
  const staff = await signIn(client);
  const menu = await buildMenu(client, staff);
  const open = await openSessions(client, staff, await createTables(client, staff, TABLES, 'Fan'), 'FAMILY');
  const guests = await joinGuests(client, open, DEVICES);
  await server.analyze();
  log(`  Plato: ${TABLES} tables open, ${TABLES * DEVICES} guests joined; connecting sockets…`);
  const sockets = await connectMany(
    server.baseUrl,
    guests.flat().map((g) => g.cookie),
  );
  try {
    let k = 0;
    const tables: Table[] = guests.map((devices, t) => {
      const clients = sockets.slice(t * DEVICES, (t + 1) * DEVICES);
      const table: Table = {
        arrivals: new Arrivals(clients),
        cart: undefined,
        nextChange: () => {
          const cookie = devices[k++ % DEVICES]!.cookie;
          return cartChange(
            table.cart,
            () => ({
              method: 'POST',
              path: '/api/v1/guest/cart/lines',
              body: { ...menu[k % menu.length]!, quantity: 1 },
              headers: { cookie },
            }),
            (lineId) => ({ method: 'DELETE', path: `/api/v1/guest/cart/lines/${lineId}`, headers: { cookie } }),
          );
        },
      };
      return table;
    });
    return await drive(server, client, tables, profile);
  } finally {
    sockets.forEach((s) => s.close());
    client.close();
  }
}

async function runBaseline(server: RunningServer): Promise<FanoutFigures> {
  const client = new HttpClient(server.baseUrl, 16);
  const cookies = Array.from({ length: TABLES * DEVICES }, (_, i) => `room=${Math.floor(i / DEVICES)}`);
  const sockets = await connectMany(server.baseUrl, cookies);
  try {
    const tables: Table[] = Array.from({ length: TABLES }, (_, t) => ({
      arrivals: new Arrivals(sockets.slice(t * DEVICES, (t + 1) * DEVICES)),
      cart: undefined,
      nextChange: () => ({ method: 'POST', path: `/rooms/${t}/lines`, body: { quantity: 1 } }),
    }));
    return await drive(server, client, tables);
  } finally {
    sockets.forEach((s) => s.close());
    client.close();
  }
}

export async function fanoutBench(database: DatabaseChoice, label: string, targetP99Ms: number): Promise<BenchOutcome> {
  log(`\n▶ cart.updated fan-out on ${label}: ${TABLES * DEVICES} sockets across ${TABLES} tables, ${RATE} changes/s`);
  const baseline = await withServer('baseline-socket', database, runBaseline);
  log(
    `  baseline (bare Socket.IO emit): p50 ${ms(baseline.sync.p50)}, p99 ${ms(baseline.sync.p99)}, ${rate(baseline.sync.perSecond)}`,
  );
  const plato = await withServer('plato', database, (server) => runPlato(server, profileFile(`fanout ${label}`)));
  log(
    `  Plato (HTTP change → 4th device): p50 ${ms(plato.sync.p50)}, p99 ${ms(plato.sync.p99)}, max ${ms(plato.sync.max)}, ` +
      `${rate(plato.sync.perSecond)} (${plato.sync.count} changes); the HTTP answer alone: p50 ${ms(plato.http.p50)}, p99 ${ms(plato.http.p99)}`,
  );
  const failures: string[] = [];
  if (plato.errors.total) failures.push(`fan-out (Plato): ${plato.errors.describe()}`);
  if (baseline.errors.total) failures.push(`fan-out (baseline): ${baseline.errors.describe()}`);
  for (const [who, f] of [
    ['Plato', plato],
    ['baseline', baseline],
  ] as const) {
    if (f.skipped) failures.push(`fan-out (${who}): ${f.skipped} changes skipped, every table busy`);
  }
  for (const f of failures) log(`  ✗ FAILED — ${f}`);
  const failed = failures.length > 0;
  return {
    rows: [
      latencyRow(`cart sync p50, ${label}`, plato.sync.p50, baseline.sync.p50, undefined, failed),
      latencyRow(`cart sync p99, ${label}`, plato.sync.p99, baseline.sync.p99, targetP99Ms, failed),
      rateRow(`cart changes/s, ${label}`, plato.sync.perSecond, baseline.sync.perSecond, undefined, failed),
    ],
    failures,
    notes: [
      `fan-out: server CPU per cart change ${plato.cpuMsPerChange.toFixed(3)} ms (Plato, with its emit to 4 sockets) vs ` +
        `${baseline.cpuMsPerChange.toFixed(3)} ms (baseline)`,
    ],
  };
}
