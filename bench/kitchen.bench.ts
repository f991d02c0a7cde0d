import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { KitchenTicket } from '@plato/contracts';
import { type LiveClient, connectMany } from '../apps/server/test/support/socket-client.ts';
import { profileFile } from './lib/cpu-profile.ts';
import type { DatabaseChoice } from './lib/database.ts';
import { type Call, HttpClient } from './lib/http.ts';
import { type KitchenMenu, buildStationMenu, signInChefs, stationName } from './lib/kitchen-setup.ts';
import { Recorder, inParallel, settings } from './lib/load.ts';
import { type JoinedGuest, createTables, joinGuests, openSessions, signIn } from './lib/plato-setup.ts';
import { type BenchOutcome, type Row, cpuRow, differenceRow, latencyRow, latencyShareRow, log } from './lib/report.ts';
import { type RunningServer, withServer } from './lib/server-control.ts';
import { type Summary, ms } from './lib/stats.ts';

/**
 * Issue 11: how soon a station's chefs see a new order. 1,000 guest sockets
 * (4 per table, 250 INDIVIDUAL tables, so each guest orders their own cart)
 * and 20 chef sockets (4 stations × 5 chefs, each chef tied to a station)
 * stay connected. Orders arrive in an **open loop** at 100/s — sent on a
 * fixed schedule whatever the answers, so a slow server cannot slow the
 * arrivals and hide its own latency — each from the next guest in turn
 * (consecutive orders from different tables), its 2–3 lines all on one
 * station, the stations in turn. Carts are filled before the clock starts
 * (and refilled after an order only when a run needs more orders than there
 * are guests), so the loop places orders and nothing else.
 *
 * Per order: send → 201 (the guest's answer), send → `ticket.created` at
 * the last of its station's 5 chefs, and 201 → that event (negative when
 * the ticket reached the chefs before the 201 reached the guest). Every
 * order's ticket must reach each of its station's chefs exactly once and no
 * other chef: misses, duplicates and strays are counted (warm-up included).
 *
 * The baseline is a bare Fastify + Socket.IO server on the same database
 * (bench/lib/baseline-apps.ts buildBaselineKitchen) with the same sockets in
 * the same rooms: a POST writes the order row and its lines, then emits an
 * order to the table's room and a ticket to the station's room — measured
 * the same way.
 */

const STATIONS = Number(process.env.BENCH_KITCHEN_STATIONS ?? 4);
const CHEFS_PER_STATION = Number(process.env.BENCH_KITCHEN_CHEFS ?? 5);
const TABLES = Number(process.env.BENCH_KITCHEN_TABLES ?? 250);
const DEVICES = 4;
const GUESTS = TABLES * DEVICES;
/** Orders per second, across all tables. */
const RATE = Number(process.env.BENCH_KITCHEN_RATE ?? 100);
/** Client connections: enough that an open loop never queues behind a slow answer on the client. */
const CONNECTIONS = 64;
const DELIVERY_TIMEOUT_MS = 5_000;
/** After the last expected ticket arrived, how long a late duplicate still counts. */
const DUPLICATE_GRACE_MS = 250;

/** Order `i` comes from this guest: consecutive orders from different tables, every guest once before any twice. */
function guestOf(i: number): number {
  const j = i % GUESTS;
  return (j % TABLES) * DEVICES + (Math.floor(j / TABLES) % DEVICES);
}
const tableOf = (i: number) => Math.floor(guestOf(i) / DEVICES);
const stationOf = (i: number) => i % STATIONS;
/** Order `i`'s lines: 2 or 3 of its station's 3 items, quantity 1 or 2. */
function linesOf(i: number): { item: number; quantity: number }[] {
  return Array.from({ length: 2 + (i % 2) }, (_, j) => ({ item: (i + j) % 3, quantity: 1 + ((i + j) % 2) }));
}

interface Chef {
  client: LiveClient;
  station: number;
}

/** What differs between Plato and the baseline; the loop, the clock and the checks are shared. */
interface Side {
  sockets: LiveClient[];
  chefs: Chef[];
  orderCall(i: number): Call;
  /** After order `i`'s 201. */
  answered(i: number): Promise<void>;
}

interface Placed {
  station: number;
  measured: boolean;
  /** The loop's schedule for it, and when it actually went out. */
  dueAt: number;
  sentAt: number;
  answeredAt?: number;
  orderId?: string;
}

interface Delivery {
  orderId: string;
  chef: number;
  at: number;
  stationName: string;
  lines: number;
}

export interface KitchenFigures {
  http: Summary;
  sendToEvent: Summary;
  answerToEvent: Summary;
  /** The loop's own lateness against its schedule (the client's health, not the server's). */
  maxSendLagMs: number;
  orders: number;
  /** Chef deliveries expected (orders × chefs per station) and how they went. */
  expected: number;
  delivered: number;
  missed: number;
  duplicated: number;
  /** To a chef of another station, or for an order nobody placed. */
  stray: number;
  /** The ticket named the wrong station or carried the wrong number of lines. */
  wrongContent: number;
  cpuMsPerOrder: number;
  errors: Recorder['errors'];
}

function listen(chefs: Chef[]): Delivery[] {
  const deliveries: Delivery[] = [];
  for (const [c, chef] of chefs.entries()) {
    chef.client.socket.on('ticket.created', (t: KitchenTicket) =>
      deliveries.push({
        orderId: t.orderId,
        chef: c,
        at: performance.now(),
        stationName: t.station.name,
        lines: t.lines.length,
      }),
    );
  }
  return deliveries;
}

const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

async function drive(server: RunningServer, client: HttpClient, side: Side, profile?: string): Promise<KitchenFigures> {
  const rec = new Recorder();
  const deliveries = listen(side.chefs);
  const placed: Placed[] = [];
  const inFlight = new Set<Promise<void>>();
  if (profile) await server.profile('start');
  let cpuAtWarmEnd: Promise<number> | undefined;

  const send = async (i: number, dueAt: number, measured: boolean) => {
    const p: Placed = { station: stationOf(i), measured, dueAt, sentAt: performance.now() };
    placed[i] = p;
    const res = await client.request(side.orderCall(i)).catch((err: Error) => ({ status: 0, body: err.message }));
    p.answeredAt = performance.now();
    if (res.status !== 201) return rec.errors.add(`POST order → ${res.status}`, res.body);
    p.orderId = (JSON.parse(res.body) as { order: { id: string } }).order.id;
    await side.answered(i).catch((err: Error) => rec.errors.add(`cart refill: ${err.message}`));
  };

  const start = performance.now();
  const warmEnd = start + settings.warmupSeconds * 1000;
  const end = warmEnd + settings.seconds * 1000;
  let fired = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= end) {
        clearInterval(tick);
        resolve();
        return;
      }
      if (now >= warmEnd) cpuAtWarmEnd ??= server.usage().then((u) => u.cpuMs);
      for (const due = Math.floor(((now - start) * RATE) / 1000); fired < due; fired++) {
        const dueAt = start + (fired * 1000) / RATE;
        const p = send(fired, dueAt, dueAt >= warmEnd);
        inFlight.add(p);
        void p.then(() => inFlight.delete(p));
      }
    }, 1);
  });
  await Promise.all(inFlight);
  const expected = placed.filter((p) => p.orderId).length * CHEFS_PER_STATION;
  for (const giveUp = performance.now() + DELIVERY_TIMEOUT_MS; deliveries.length < expected;) {
    if (performance.now() > giveUp) break;
    await sleep(5);
  }
  const cpuAtEnd = (await server.usage()).cpuMs;
  if (profile) await server.profile('stop', profile);
  await sleep(DUPLICATE_GRACE_MS);

  const byOrder = new Map<string, Delivery[]>();
  for (const d of deliveries) byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), d]);
  const figures = { delivered: 0, missed: 0, duplicated: 0, stray: 0, wrongContent: 0 };
  const known = new Set<string>();
  let measuredOrders = 0;
  for (const [i, p] of placed.entries()) {
    if (!p.orderId) continue;
    known.add(p.orderId);
    const got = byOrder.get(p.orderId) ?? [];
    figures.wrongContent += got.filter(
      (d) => d.stationName !== stationName(p.station) || d.lines !== linesOf(i).length,
    ).length;
    const firstAt: number[] = [];
    for (const [c, chef] of side.chefs.entries()) {
      const mine = got.filter((d) => d.chef === c);
      if (chef.station !== p.station) {
        figures.stray += mine.length;
      } else if (mine.length === 0) {
        figures.missed += 1;
      } else {
        figures.delivered += 1;
        figures.duplicated += mine.length - 1;
        firstAt.push(mine[0]!.at);
      }
    }
    if (!p.measured) continue;
    measuredOrders += 1;
    rec.sample('http', p.answeredAt! - p.sentAt);
    if (firstAt.length < CHEFS_PER_STATION) continue;
    const last = Math.max(...firstAt);
    rec.sample('send→event', last - p.sentAt);
    rec.sample('201→event', last - p.answeredAt!);
  }
  figures.stray += deliveries.filter((d) => !known.has(d.orderId)).length;
  const cpuFrom = (await cpuAtWarmEnd) ?? cpuAtEnd;
  return {
    http: rec.summary('http', settings.seconds),
    sendToEvent: rec.summary('send→event', settings.seconds),
    answerToEvent: rec.summary('201→event', settings.seconds),
    maxSendLagMs: Math.max(0, ...placed.map((p) => p.sentAt - p.dueAt)),
    orders: placed.length,
    expected,
    ...figures,
    cpuMsPerOrder: (cpuAtEnd - cpuFrom) / Math.max(1, measuredOrders),
    errors: rec.errors,
  };
}

/** How many orders a run places: carts for these many are filled before the clock starts. */
const plannedOrders = () => Math.ceil(RATE * (settings.warmupSeconds + settings.seconds)) + RATE;

async function runPlato(server: RunningServer, profile: string | undefined): Promise<KitchenFigures> {
  const client = new HttpClient(server.baseUrl, CONNECTIONS);
  const staff = await signIn(client);
  const menu: KitchenMenu = await buildStationMenu(client, staff, STATIONS);
  const open = await openSessions(client, staff, await createTables(client, staff, TABLES, 'Kitchen'), 'INDIVIDUAL');
  const guests: JoinedGuest[] = (await joinGuests(client, open, DEVICES)).flat();
  const chefAccounts = await signInChefs(client, staff, menu.stationIds, CHEFS_PER_STATION);
  const planned = plannedOrders();
  /** Fills the cart of order `i`'s guest with order `i`'s lines. */
  const fill = async (i: number) => {
    const cookie = guests[guestOf(i)]!.cookie;
    for (const line of linesOf(i)) {
      await client.expect(
        {
          method: 'POST',
          path: '/api/v1/guest/cart/lines',
          body: { ...menu.lines[stationOf(i)]![line.item]!, quantity: line.quantity },
          headers: { cookie },
        },
        200,
      );
    }
  };
  log(`  Plato: ${TABLES} tables, ${GUESTS} guests, ${chefAccounts.length} chefs; filling carts…`);
  await inParallel(Math.min(GUESTS, planned), 16, fill);
  await server.analyze();
  log(`  Plato: connecting ${GUESTS + chefAccounts.length} sockets…`);
  const sockets = await connectMany(server.baseUrl, [
    ...guests.map((g) => g.cookie),
    ...chefAccounts.map((c) => c.cookie),
  ]);
  try {
    const side: Side = {
      sockets,
      chefs: chefAccounts.map((c, k) => ({ client: sockets[GUESTS + k]!, station: c.station })),
      orderCall: (i) => ({
        method: 'POST',
        path: '/api/v1/guest/orders',
        body: {},
        headers: { cookie: guests[guestOf(i)]!.cookie, 'idempotency-key': randomUUID() },
      }),
      // Only when a run outlasts the guests: the guest's cart gets the lines of its next order.
      answered: (i) => (i + GUESTS < planned ? fill(i + GUESTS) : Promise.resolve()),
    };
    return await drive(server, client, side, profile);
  } finally {
    sockets.forEach((s) => s.close());
    client.close();
  }
}

async function runBaseline(server: RunningServer): Promise<KitchenFigures> {
  const client = new HttpClient(server.baseUrl, CONNECTIONS);
  const chefStations = Array.from({ length: STATIONS * CHEFS_PER_STATION }, (_, k) =>
    Math.floor(k / CHEFS_PER_STATION),
  );
  const sockets = await connectMany(server.baseUrl, [
    ...Array.from({ length: GUESTS }, (_, g) => `room=${Math.floor(g / DEVICES)}`),
    ...chefStations.map((s) => `station=${s}`),
  ]);
  try {
    const side: Side = {
      sockets,
      chefs: chefStations.map((station, k) => ({ client: sockets[GUESTS + k]!, station })),
      orderCall: (i) => ({
        method: 'POST',
        path: '/kitchen/orders',
        body: {
          station: stationOf(i),
          room: String(tableOf(i)),
          lines: linesOf(i).map((l) => ({ menuItemId: randomUUID(), quantity: l.quantity })),
        },
        headers: { 'idempotency-key': randomUUID() },
      }),
      answered: () => Promise.resolve(),
    };
    return await drive(server, client, side);
  } finally {
    sockets.forEach((s) => s.close());
    client.close();
  }
}

export interface KitchenTargets {
  /** 201 → ticket at the chefs, p99. */
  p99Ms: number;
  /**
   * Send → ticket at the chefs, p99, at most this many times the baseline's.
   * Not 201 → ticket: a bare server emits before it answers, so its own
   * 201 → ticket is at or below zero and no multiple of it can be met.
   */
  p99Share: number;
}

const deliveryLine = (f: KitchenFigures) =>
  `${f.delivered}/${f.expected} delivered, ${f.missed} missed, ${f.duplicated} duplicated, ${f.stray} stray, ${f.wrongContent} wrong`;

function deliveryRow(label: string, plato: KitchenFigures, baseline: KitchenFigures, failed: boolean): Row {
  const bad = (f: KitchenFigures) => f.missed + f.duplicated + f.stray + f.wrongContent;
  const cell = (f: KitchenFigures) => `${f.missed}/${f.duplicated}/${f.stray} of ${f.expected}`;
  return {
    name: `tickets missed/dup/stray, ${label}`,
    plato: cell(plato),
    baseline: cell(baseline),
    ratio: '—',
    target: '0/0/0',
    met: failed ? 'FAILED' : bad(plato) === 0 ? 'yes' : 'NO',
  };
}

export async function kitchenBench(
  database: DatabaseChoice,
  label: string,
  targets: KitchenTargets,
): Promise<BenchOutcome> {
  log(
    `\n▶ kitchen tickets on ${label}: ${GUESTS} guest + ${STATIONS * CHEFS_PER_STATION} chef sockets ` +
      `(${STATIONS} stations × ${CHEFS_PER_STATION}), open loop of ${RATE} orders/s`,
  );
  const env = { BENCH_KITCHEN_STATIONS: String(STATIONS) };
  const baseline = await withServer('baseline-kitchen', database, runBaseline, env);
  const plato = await withServer('plato', database, (server) => runPlato(server, profileFile(`kitchen ${label}`)));
  for (const [who, f] of [
    ['baseline (bare Socket.IO emit)', baseline],
    ['Plato', plato],
  ] as const) {
    log(
      `  ${who}: 201 → ticket at the 5th chef p50 ${ms(f.answerToEvent.p50)}, p99 ${ms(f.answerToEvent.p99)}, ` +
        `max ${ms(f.answerToEvent.max)}; send → ticket p50 ${ms(f.sendToEvent.p50)}, p99 ${ms(f.sendToEvent.p99)}; ` +
        `send → 201 p50 ${ms(f.http.p50)}, p99 ${ms(f.http.p99)} (${f.http.count} orders timed); ` +
        `server CPU ${f.cpuMsPerOrder.toFixed(3)} ms/order; ${deliveryLine(f)}; loop lag max ${ms(f.maxSendLagMs)}`,
    );
  }
  const failures: string[] = [];
  for (const [who, f] of [
    ['Plato', plato],
    ['baseline', baseline],
  ] as const) {
    if (f.errors.total) failures.push(`kitchen on ${label} (${who}): ${f.errors.describe()}`);
    if (f.missed + f.duplicated + f.stray + f.wrongContent) {
      failures.push(`kitchen on ${label} (${who}): tickets ${deliveryLine(f)}`);
    }
  }
  for (const f of failures) log(`  ✗ FAILED — ${f}`);
  const failed = failures.length > 0;
  return {
    rows: [
      differenceRow(
        `ticket 201→chef p50, ${label}`,
        plato.answerToEvent.p50,
        baseline.answerToEvent.p50,
        undefined,
        failed,
      ),
      differenceRow(
        `ticket 201→chef p99, ${label}`,
        plato.answerToEvent.p99,
        baseline.answerToEvent.p99,
        targets.p99Ms,
        failed,
      ),
      latencyRow(`ticket send→chef p50, ${label}`, plato.sendToEvent.p50, baseline.sendToEvent.p50, undefined, failed),
      latencyShareRow(
        `ticket send→chef p99, ${label}`,
        plato.sendToEvent.p99,
        baseline.sendToEvent.p99,
        targets.p99Share,
        failed,
      ),
      latencyRow(`kitchen order send→201 p99, ${label}`, plato.http.p99, baseline.http.p99, undefined, failed),
      cpuRow(`server CPU per order+ticket, ${label}`, plato.cpuMsPerOrder, baseline.cpuMsPerOrder, undefined, failed),
      deliveryRow(label, plato, baseline, failed),
    ],
    failures,
    notes: [
      `kitchen on ${label}: ticket latency is to the last of the station's ${CHEFS_PER_STATION} chefs; ` +
        `201→chef is negative when the ticket reached the chefs before the 201 reached the guest ` +
        `(the bare server emits, then answers); the load generator ran up to ${ms(plato.maxSendLagMs)} (Plato) / ` +
        `${ms(baseline.maxSendLagMs)} (baseline) behind its schedule`,
    ],
  };
}
