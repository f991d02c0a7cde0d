import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { DEMO } from '../apps/server/src/modules/demo/demo.data.ts';
import type { CapturedMenu } from './lib/baseline-guest.ts';
import { type Answer, type Call, HttpClient } from './lib/http.ts';
import { Recorder, closedLoop, settings } from './lib/load.ts';
import {
  type LineChoice,
  buildDemoMenu,
  createTables,
  joinGuests,
  nextAddress,
  openSessions,
  signIn,
} from './lib/plato-setup.ts';
import {
  type ProductionChoice,
  type ProductionDatabase,
  createRestaurantWithCli,
  ensureProductionBuild,
  freshProductionDatabase,
  logVolume,
  startProduction,
} from './lib/production-server.ts';
import { type BenchOutcome, type Row, cpuRow, latencyRow, log, rateRow, shareRow } from './lib/report.ts';
import { withServer } from './lib/server-control.ts';
import { type Summary, elapsedMs, ms, rate } from './lib/stats.ts';

/**
 * What a guest's phone costs the server as `npm start` runs it: the
 * production build in its own process at its default log level (see
 * production-server.ts), the demo menu, 32 phones each a guest at its own
 * FAMILY table. A phone's "order" is what its page does: read the menu
 * (first in full, then revalidated with If-None-Match when the server gave
 * an ETag), add 2 lines to the cart, order it with a fresh Idempotency-Key;
 * then again with a new cart. Before that, a menu-only phase: full reads,
 * then revalidations. Every request carries the headers a phone sends
 * (Accept-Encoding: gzip, deflate, br; Accept-Language).
 *
 * Beside it, in the same run: a bare Fastify app on the same database doing
 * only the unavoidable work (baseline-guest.ts), and the same phone scenario
 * against Plato with PLATO_LOG_LEVEL=silent, so logging's cost is a figure.
 * Server CPU is counted over the timed windows only.
 */

const WORKERS = Number(process.env.BENCH_GUEST_WORKERS ?? 32);
const PHONE_HEADERS = {
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en;q=0.9',
};
const MENU = '/api/v1/guest/menu';

export interface GuestTargets {
  menuFullShare: number;
  menuRevalidatedShare: number;
  menuCpuMs: number;
  orderCpuMs: number;
  orderP99Ms?: number;
  loggingShare: number;
}

interface Phone {
  cookie: string;
  address: string;
  etag: string | undefined;
  cycles: number;
}

/** The server the phones talk to: Plato's production process, or the bare baseline. */
interface Target {
  client: CountingClient;
  cpuMs(): Promise<number>;
  /** Between warm-up and timed window (PostgreSQL statistics, as a live database has them). */
  afterWarmup(): Promise<void>;
}

/** Counts every request it sends, set-up included, to put the server's log lines per request. */
class CountingClient extends HttpClient {
  sent = 0;

  override request(call: Call): Promise<Answer> {
    this.sent += 1;
    return super.request(call);
  }
}

interface Window {
  seconds: number;
  serverCpuMs: number;
  clientCpuMs: number;
}

/** A warm-up, then a timed window whose server CPU is read right before and right after it. */
async function measure(target: Target, rec: Recorder, iteration: (w: number) => Promise<void>): Promise<Window> {
  await closedLoop(rec, WORKERS, iteration, { warmupSeconds: settings.warmupSeconds, seconds: 0 });
  await target.afterWarmup();
  const server0 = await target.cpuMs();
  const client0 = process.cpuUsage();
  const seconds = await closedLoop(rec, WORKERS, iteration, { warmupSeconds: 0, seconds: settings.seconds });
  const client = process.cpuUsage(client0);
  const server1 = await target.cpuMs();
  return { seconds, serverCpuMs: server1 - server0, clientCpuMs: (client.user + client.system) / 1000 };
}

const header = (res: Answer, name: string): string | undefined => {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The body as the phone's browser would hand it to the page. */
function decoded(res: Answer): string {
  const encoding = header(res, 'content-encoding');
  if (encoding === 'gzip') return gunzipSync(res.bytes).toString('utf8');
  if (encoding === 'br') return brotliDecompressSync(res.bytes).toString('utf8');
  if (encoding === 'deflate') return inflateSync(res.bytes).toString('utf8');
  return res.body;
}

/**
 * Sends one request of a phone and records its latency under `kind` (named
 * from the answer when a function); anything but an `expected` status counts
 * as an error and answers undefined.
 */
async function send(
  target: Target,
  rec: Recorder,
  call: Call,
  kind: string | ((res: Answer) => string),
  expected: readonly number[],
): Promise<Answer | undefined> {
  const start = process.hrtime.bigint();
  const keep = rec.isMeasuring(start);
  let res: Answer;
  try {
    res = await target.client.request(call);
  } catch (err) {
    rec.errors.add(`${call.method} ${call.path}: ${(err as Error).message}`);
    return undefined;
  }
  const took = elapsedMs(start);
  const name = typeof kind === 'string' ? kind : kind(res);
  if (!expected.includes(res.status)) {
    rec.errors.add(`${name} → ${res.status}`, decoded(res));
    return undefined;
  }
  if (keep) rec.sample(name, took);
  return res;
}

const phoneHeaders = (phone: Phone, extra: Record<string, string> = {}) => ({
  ...PHONE_HEADERS,
  cookie: phone.cookie,
  'x-forwarded-for': phone.address,
  ...extra,
});

const menuCall = (phone: Phone, etag: string | undefined): Call => ({
  method: 'GET',
  path: MENU,
  headers: phoneHeaders(phone, etag === undefined ? {} : { 'if-none-match': etag }),
});

interface MenuFigures {
  full: Summary;
  fullCpuMs: number;
  /** Undefined when the server sent no ETag to revalidate with. */
  revalidated: { summary: Summary; cpuMs: number } | undefined;
  errors: Recorder['errors'];
}

/** Full-body reads, then (given an ETag) revalidations answered 304. */
async function menuPhases(target: Target, phones: Phone[], etag: string | undefined): Promise<MenuFigures> {
  const rec = new Recorder();
  const full = await measure(target, rec, (w) =>
    send(target, rec, menuCall(phones[w]!, undefined), 'menu full', [200]).then(() => undefined),
  );
  let revalidated: MenuFigures['revalidated'];
  if (etag !== undefined) {
    const window = await measure(target, rec, (w) =>
      send(target, rec, menuCall(phones[w]!, etag), 'menu 304', [304]).then(() => undefined),
    );
    const summary = rec.summary('menu 304', window.seconds);
    revalidated = { summary, cpuMs: window.serverCpuMs / summary.count };
  }
  const fullSummary = rec.summary('menu full', full.seconds);
  return { full: fullSummary, fullCpuMs: full.serverCpuMs / fullSummary.count, revalidated, errors: rec.errors };
}

interface PhoneFigures {
  orders: Summary;
  kinds: Record<'menu full' | 'menu 304' | 'cart add' | 'order', Summary>;
  serverCpuMsPerOrder: number;
  clientCpuMsPerOrder: number;
  errors: Recorder['errors'];
}

/** The phones' loop: menu (revalidated once it has an ETag), 2 cart adds, the order; then a new cart. */
async function phonePhase(target: Target, phones: Phone[], choices: LineChoice[]): Promise<PhoneFigures> {
  const rec = new Recorder();
  for (const p of phones) p.etag = undefined;
  const cycle = async (w: number) => {
    const phone = phones[w]!;
    const start = process.hrtime.bigint();
    const keep = rec.isMeasuring(start);
    const menu = await send(
      target,
      rec,
      menuCall(phone, phone.etag),
      (r) => (r.status === 304 ? 'menu 304' : 'menu full'),
      [200, 304],
    );
    if (!menu) return;
    if (menu.status === 200) phone.etag = header(menu, 'etag');
    let version = 0;
    for (let j = 0; j < 2; j++) {
      const choice = choices[(w * 5 + phone.cycles * 2 + j) % choices.length]!;
      const add = await send(
        target,
        rec,
        {
          method: 'POST',
          path: '/api/v1/guest/cart/lines',
          body: { ...choice, quantity: 1 },
          headers: phoneHeaders(phone),
        },
        'cart add',
        [200],
      );
      if (!add) return;
      version = (JSON.parse(decoded(add)) as { version: number }).version;
    }
    phone.cycles += 1;
    const order = await send(
      target,
      rec,
      {
        method: 'POST',
        path: '/api/v1/guest/orders',
        body: { cartVersion: version },
        headers: phoneHeaders(phone, { 'idempotency-key': randomUUID() }),
      },
      'order',
      [201],
    );
    if (order && keep) rec.sample('phone order', elapsedMs(start));
  };
  const window = await measure(target, rec, cycle);
  const orders = rec.summary('phone order', window.seconds);
  const kind = (name: keyof PhoneFigures['kinds']) => rec.summary(name, window.seconds);
  return {
    orders,
    kinds: {
      'menu full': kind('menu full'),
      'menu 304': kind('menu 304'),
      'cart add': kind('cart add'),
      order: kind('order'),
    },
    serverCpuMsPerOrder: window.serverCpuMs / orders.count,
    clientCpuMsPerOrder: window.clientCpuMs / orders.count,
    errors: rec.errors,
  };
}

/** Plato's menu answer as the phone got it, kept for the baseline to send back byte for byte. */
function captureMenu(res: Answer, file: string): CapturedMenu {
  const kept = ['content-type', 'content-encoding', 'cache-control', 'vary', 'etag'];
  const headers: Record<string, string> = {};
  for (const name of kept) {
    const value = header(res, name);
    if (value !== undefined) headers[name] = value;
  }
  const menu: CapturedMenu = {
    bodyBase64: res.bytes.toString('base64'),
    headers,
    etag: headers.etag ?? `"${createHash('sha256').update(res.bytes).digest('base64url').slice(0, 27)}"`,
  };
  writeFileSync(file, JSON.stringify(menu));
  return menu;
}

interface PlatoRun {
  menu: MenuFigures | undefined;
  phones: PhoneFigures;
  /** The phones (cookies) and cart choices, for the baseline on the same database. */
  setup: { phones: Phone[]; choices: LineChoice[] };
  captured: {
    file: string;
    menu: CapturedMenu;
    bytes: number;
    decodedBytes: number;
    encoding: string;
    /** Plato's own ETag; undefined when it sent none. */
    etag: string | undefined;
  };
  log: { linesPerRequest: number; bytesPerRequest: number };
}

/** The demo menu, tables, sessions and guests through the API, the restaurant having been made with the CLI. */
async function setUp(client: HttpClient): Promise<PlatoRun['setup']> {
  const staff = await signIn(client);
  const choices = await buildDemoMenu(client, staff);
  const tables = await createTables(client, staff, WORKERS, 'Phone');
  const open = await openSessions(client, staff, tables, 'FAMILY');
  const joined = await joinGuests(client, open, 1);
  const phones = joined.map(([g]) => ({ cookie: g!.cookie, address: nextAddress(), etag: undefined, cycles: 0 }));
  return { phones, choices };
}

async function runPlato(db: ProductionDatabase, logLevel: string | undefined): Promise<PlatoRun> {
  await createRestaurantWithCli(db, DEMO);
  const server = await startProduction(db, { logLevel, logName: `plato-${logLevel ?? 'default'}` });
  const client = new CountingClient(server.baseUrl, WORKERS);
  let run: Omit<PlatoRun, 'log'>;
  try {
    const setup = await setUp(client);
    await db.analyze();
    const target: Target = { client, cpuMs: async () => server.cpuMs(), afterWarmup: () => db.analyze() };
    const first = await client.expect(menuCall(setup.phones[0]!, undefined), 200);
    const file = join(db.dataDir, 'captured-menu.json');
    const etag = header(first, 'etag');
    const categories = (JSON.parse(decoded(first)) as { categories?: unknown[] }).categories;
    if (!categories?.length)
      throw new Error(`the guest menu came back without categories: ${decoded(first).slice(0, 200)}`);
    const captured = {
      file,
      menu: captureMenu(first, file),
      bytes: first.bytes.length,
      decodedBytes: Buffer.byteLength(decoded(first)),
      encoding: header(first, 'content-encoding') ?? 'none',
      etag,
    };
    // Both runs read the menu first: the phases also warm the server up, so the phone loops compare fairly.
    const menu = await menuPhases(target, setup.phones, etag);
    run = { menu, phones: await phonePhase(target, setup.phones, setup.choices), setup, captured };
  } finally {
    client.close();
    await server.stop();
  }
  const volume = logVolume(server.logFile);
  return {
    ...run,
    log: { linesPerRequest: volume.requestLines / client.sent, bytesPerRequest: volume.bytes / client.sent },
  };
}

interface BaselineRun {
  menu: MenuFigures;
  phones: PhoneFigures;
}

/** The bare app on the database Plato's run left, with the same phones (cookies) and the menu bytes Plato sent. */
async function runBaseline(db: ProductionDatabase, plato: PlatoRun): Promise<BaselineRun> {
  const env = { BENCH_GUEST_DATABASE_URL: db.url, BENCH_GUEST_MENU: plato.captured.file };
  return withServer(
    'baseline-guest',
    'sqlite',
    async (server) => {
      const client = new CountingClient(server.baseUrl, WORKERS);
      const target: Target = { client, cpuMs: async () => (await server.usage()).cpuMs, afterWarmup: async () => {} };
      try {
        const { phones, choices } = plato.setup;
        const menu = await menuPhases(target, phones, plato.captured.menu.etag);
        for (const p of phones) p.cycles = 0;
        return { menu, phones: await phonePhase(target, phones, choices) };
      } finally {
        client.close();
      }
    },
    env,
  );
}

const describe = (what: string, errors: Recorder['errors']) => (errors.total ? [`${what}: ${errors.describe()}`] : []);

interface Runs {
  label: string;
  plato: PlatoRun;
  /** The same phones against Plato with PLATO_LOG_LEVEL=silent. */
  quiet: PlatoRun;
  bare: BaselineRun;
}

/** Plato at its default log level, then with logging off (adjacent in time), then the bare app on the first one's database. */
async function runAll(choice: ProductionChoice, label: string): Promise<Runs> {
  const main = await freshProductionDatabase(choice);
  try {
    const plato = await runPlato(main, undefined);
    const quietDb = await freshProductionDatabase(choice);
    let quiet: PlatoRun;
    try {
      quiet = await runPlato(quietDb, 'silent');
    } finally {
      await quietDb.drop();
    }
    return { label, plato, quiet, bare: await runBaseline(main, plato) };
  } finally {
    await main.drop();
  }
}

function printRuns({ plato, quiet, bare }: Runs): void {
  const c = plato.captured;
  log(
    `  menu: ${c.decodedBytes.toLocaleString('en-US')} bytes of JSON sent as ${c.bytes.toLocaleString('en-US')} ` +
      `(Content-Encoding: ${c.encoding}), ETag: ${c.etag ?? 'none'}`,
  );
  const menuLine = (who: string, f: MenuFigures) =>
    `  ${who} menu: full ${rate(f.full.perSecond)} (p99 ${ms(f.full.p99)}, CPU ${f.fullCpuMs.toFixed(3)} ms/read)` +
    (f.revalidated
      ? `, 304 ${rate(f.revalidated.summary.perSecond)} (p99 ${ms(f.revalidated.summary.p99)}, ` +
        `CPU ${f.revalidated.cpuMs.toFixed(3)} ms/read)`
      : ', 304: no ETag to revalidate with');
  const phoneLine = (who: string, f: PhoneFigures) =>
    `  ${who} phones: ${rate(f.orders.perSecond)} orders (${f.orders.count}), p50 ${ms(f.orders.p50)}, ` +
    `p99 ${ms(f.orders.p99)}, server CPU ${f.serverCpuMsPerOrder.toFixed(3)} ms/order; p99 menu ` +
    `${ms(f.kinds['menu 304'].count ? f.kinds['menu 304'].p99 : f.kinds['menu full'].p99)}, ` +
    `cart add ${ms(f.kinds['cart add'].p99)}, order ${ms(f.kinds.order.p99)}`;
  log(menuLine('Plato (default logging)', plato.menu!));
  if (quiet.menu) log(menuLine('Plato (logging off)    ', quiet.menu));
  log(menuLine('bare                   ', bare.menu));
  log(phoneLine('Plato (default logging)', plato.phones));
  log(phoneLine('Plato (logging off)    ', quiet.phones));
  log(phoneLine('bare                   ', bare.phones));
}

function rowsOf({ label, plato, quiet, bare }: Runs, targets: GuestTargets, failed: boolean): Row[] {
  const m = plato.menu!;
  const p = plato.phones;
  const b = bare.phones;
  const perKind = (kind: keyof PhoneFigures['kinds']): Row[] =>
    p.kinds[kind].count || b.kinds[kind].count
      ? [latencyRow(`  ${kind} p99, ${label}`, p.kinds[kind].p99, b.kinds[kind].p99, undefined, failed)]
      : [];
  const bare304 = bare.menu.revalidated;
  const revalidated: Row[] = m.revalidated
    ? [
        shareRow(
          `menu 304 reads/s, ${label}`,
          m.revalidated.summary.perSecond,
          bare304?.summary.perSecond,
          targets.menuRevalidatedShare,
          failed,
        ),
        cpuRow(`  server CPU per 304 read, ${label}`, m.revalidated.cpuMs, bare304?.cpuMs, targets.menuCpuMs, failed),
      ]
    : [
        {
          ...shareRow(`menu 304 reads/s, ${label}`, Number.NaN, bare304?.summary.perSecond, 0, failed),
          plato: 'no ETag sent',
          target: `≥ ${targets.menuRevalidatedShare.toFixed(2)}×`,
          met: failed ? 'FAILED' : 'NO',
        },
      ];
  const bareMenu = bare.menu;
  return [
    shareRow(`menu full reads/s, ${label}`, m.full.perSecond, bareMenu.full.perSecond, targets.menuFullShare, failed),
    cpuRow(`  server CPU per full read, ${label}`, m.fullCpuMs, bareMenu.fullCpuMs, targets.menuCpuMs, failed),
    ...revalidated,
    rateRow(`phone orders/s, ${label}`, p.orders.perSecond, b.orders.perSecond, undefined, failed),
    latencyRow(`phone order p99, ${label}`, p.orders.p99, b.orders.p99, targets.orderP99Ms, failed),
    ...perKind('menu full'),
    ...perKind('menu 304'),
    ...perKind('cart add'),
    ...perKind('order'),
    cpuRow(
      `server CPU per phone order, ${label}`,
      p.serverCpuMsPerOrder,
      b.serverCpuMsPerOrder,
      targets.orderCpuMs,
      failed,
    ),
    {
      ...shareRow(
        `phone orders/s logging on ÷ off, ${label}`,
        p.orders.perSecond,
        quiet.phones.orders.perSecond,
        targets.loggingShare,
        failed,
      ),
      baseline: `${rate(quiet.phones.orders.perSecond)} (off)`,
    },
  ];
}

function notesOf({ label, plato, quiet, bare }: Runs): string[] {
  const c = plato.captured;
  const m = plato.menu!;
  const p = plato.phones;
  return [
    `guest on ${label}: the menu answer is ${c.decodedBytes.toLocaleString('en-US')} bytes of JSON, sent as ` +
      `${c.bytes.toLocaleString('en-US')} bytes (Content-Encoding: ${c.encoding}); ETag ${c.etag ? 'sent' : 'not sent'}. ` +
      `The bare app answers the same bytes` +
      (c.etag ? ' and ETag.' : ', and 304 to an ETag of its own in the 304 phase only.'),
    `guest on ${label}: a phone order is menu + 2 cart adds + the order; its server CPU includes the menu ` +
      `${m.revalidated ? 'revalidation' : 'full read'} (≈ ${(m.revalidated?.cpuMs ?? m.fullCpuMs).toFixed(3)} ms ` +
      `of it, from the menu-only phase). Logging off: ${quiet.phones.serverCpuMsPerOrder.toFixed(3)} ms/order. ` +
      `Load generator CPU ${p.clientCpuMsPerOrder.toFixed(3)} ms/order (Plato) / ` +
      `${bare.phones.clientCpuMsPerOrder.toFixed(3)} ms (bare).`,
    `guest on ${label}: at the default log level the server wrote ${plato.log.linesPerRequest.toFixed(2)} log lines ` +
      `(${Math.round(plato.log.bytesPerRequest)} bytes) per request; with logging off ` +
      `${quiet.log.linesPerRequest.toFixed(2)} (${Math.round(quiet.log.bytesPerRequest)} bytes).`,
  ];
}

export async function guestBench(
  choice: ProductionChoice,
  label: string,
  targets: GuestTargets,
): Promise<BenchOutcome> {
  log(`\n▶ guest on ${label}: ${WORKERS} phones, each a guest at its own FAMILY table; ${ensureProductionBuild()}`);
  const runs = await runAll(choice, label);
  printRuns(runs);
  const failures = [
    ...describe(`guest on ${label} (Plato menu)`, runs.plato.menu!.errors),
    ...describe(`guest on ${label} (Plato phones)`, runs.plato.phones.errors),
    ...describe(`guest on ${label} (Plato phones, logging off)`, runs.quiet.phones.errors),
    ...describe(`guest on ${label} (bare menu)`, runs.bare.menu.errors),
    ...describe(`guest on ${label} (bare phones)`, runs.bare.phones.errors),
  ];
  for (const f of failures) log(`  ✗ FAILED — ${f}`);
  return { rows: rowsOf(runs, targets, failures.length > 0), failures, notes: notesOf(runs) };
}
