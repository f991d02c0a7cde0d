import type { SessionMode, StaffRole } from '@plato/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, login, TEST_PASSWORD } from './support/factories.ts';
import {
  bodyArb,
  encodeLoosely,
  type JsonSchema,
  mixedArb,
  nastyArb,
  ODD_TEXT,
  PoolRef,
  resolveRefs,
} from './support/openapi-fuzz.ts';
import { JPEG_BYTES, multipart, PNG_BYTES, WEBP_BYTES } from './support/menu-helpers.ts';
import { buildOrderingRestaurant, type OrderingRestaurant } from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/**
 * No request content may produce a 5xx. Built from the app's own OpenAPI
 * document: every operation, called with a credential it admits (so requests
 * reach the handlers), with bodies, path ids, queries and headers generated
 * from its schemas — mostly real ids of a seeded restaurant, valid and nasty
 * values — and then stateful journeys of guests and staff, because some
 * failures only show after state is built. Deterministic: the seed is fixed
 * (PLATO_FUZZ_SEED overrides it) and printed; a failure prints the request.
 */

const SEED = Number(process.env.PLATO_FUZZ_SEED ?? 20_261_202);
const RUNS_PER_OPERATION = Number(process.env.PLATO_FUZZ_RUNS ?? 30);
const JOURNEYS = Number(process.env.PLATO_FUZZ_JOURNEYS ?? 16);
/** Operations that hash a password or draw a PDF cost tens of milliseconds each: fewer runs keep the test quick. */
const FEWER_RUNS: Record<string, number> = {
  'POST /api/v1/auth/login': 12,
  'POST /api/v1/auth/logout': 6,
  'POST /api/v1/admin/staff': 12,
  'PATCH /api/v1/admin/staff/{id}': 12,
  'GET /api/v1/admin/tables/qr.pdf': 8,
};
/** The one multipart operation: its body is drawn by `photoArb`, not from a JSON schema. */
const PHOTO_UPLOAD = 'PUT /api/v1/admin/items/{id}/photo';

type Access = { kind: 'public' } | { kind: 'guest' } | { kind: 'staff'; roles: readonly StaffRole[] };
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  access: Access;
  params: Parameter[];
  body?: JsonSchema;
}
interface Seated {
  sessionId: string;
  tableId: string;
  mode: SessionMode;
  qrToken: string;
  pin: string;
  guests: { id: string; name: string; cookie: string }[];
}
interface Failure {
  where: string;
  status: number;
  error: string;
  request: string;
  /** What ran before it: the operation's batch, or the journey's steps so far. */
  after: string;
}
/** Where the run is, for a failure's report: state built by earlier requests can matter. */
let stage = 'setting up';

let t: TestApp;
let r: OrderingRestaurant;
let emails: Record<StaffRole, string>;
let operations: Operation[];
const seated: Seated[] = [];
const pools: Record<string, string[]> = {};
const failures: Failure[] = [];
const serverErrors = new Map<string, string>();
const counts = { fuzz: 0, journey: 0, setup: 0 };
let sent = 0;

// ------------------------------------------------------------------ sending

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** A raw body (multipart) sent with its own content type, instead of JSON. */
  raw?: { payload: Buffer; contentType: string };
}

/** The request as a failure report shows it: cookies' values hidden, long bodies cut. */
function describeRequest(req: Request): string {
  const headers = { ...req.headers };
  if (headers.cookie) headers.cookie = headers.cookie.replace(/=[^;]*/g, '=<hidden>');
  const body = req.raw
    ? `(${req.raw.contentType}, ${req.raw.payload.length} bytes) ${JSON.stringify(req.raw.payload.toString('latin1').slice(0, 300))}`
    : req.body === undefined
      ? ''
      : req.body.length > 400
        ? `${req.body.slice(0, 400)}… (${req.body.length} chars)`
        : req.body;
  return `${req.method} ${req.url}\n    headers: ${JSON.stringify(headers)}${body ? `\n    body: ${body}` : ''}`;
}

/** A request's route for grouping failures: long path segments (ids, tokens) become `:id`. */
const routeOf = (method: string, url: string) =>
  `${method} ${url.split('?')[0]!.replace(/\/[^/]{16,}(?=\/|$)/g, '/:id')}`;

async function send(kind: keyof typeof counts, where: string, req: Request): Promise<LightMyRequestResponse> {
  counts[kind] += 1;
  sent += 1;
  // A client address per request keeps the per-address limits (logins, PINs) out of the way.
  const remoteAddress = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
  const res = await t.app.inject({
    method: req.method as InjectOptions['method'],
    url: req.url,
    headers: req.raw
      ? { ...req.headers, 'content-type': req.raw.contentType }
      : req.body === undefined
        ? req.headers
        : { ...req.headers, 'content-type': 'application/json' },
    ...(req.body !== undefined && { payload: req.body }),
    ...(req.raw && { payload: req.raw.payload }),
    remoteAddress,
  });
  const id = String(res.headers['x-request-id']);
  if (res.statusCode >= 500) {
    failures.push({
      where,
      status: res.statusCode,
      error: serverErrors.get(id) ?? '(no error captured)',
      request: describeRequest(req),
      after: stage,
    });
  }
  serverErrors.clear();
  return res;
}

const json = (value: unknown): string | undefined => (value === undefined ? undefined : JSON.stringify(value));

/** A call made by the test to build state: valid, but its 5xx counts as a failure like any other. */
function setup(method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
  return send('setup', `setup ${routeOf(method, url)}`, {
    method,
    url,
    headers: { cookie, ...headers },
    body: json(body),
  });
}

// ------------------------------------------------------------------ the world

/** Re-reads every id pool of the restaurant from the database. */
async function refreshPools(): Promise<void> {
  const db = t.ctx.db;
  const rid = r.restaurant.id;
  const own = new Set(Object.values(r.ids));
  const ids = async (
    table: 'stations' | 'categories' | 'menu_items' | 'modifier_groups' | 'modifier_options' | 'orders' | 'calls',
  ) =>
    (await db.selectFrom(table).select('id').where('restaurant_id', '=', rid).orderBy('id').execute()).map((x) => x.id);
  const staff = await db
    .selectFrom('staff')
    .select(['id', 'email'])
    .where('restaurant_id', '=', rid)
    .orderBy('id')
    .execute();
  const tables = await db
    .selectFrom('dining_tables')
    .select(['id', 'qr_token'])
    .where('restaurant_id', '=', rid)
    .orderBy('id')
    .execute();
  const sessions = await db
    .selectFrom('table_sessions')
    .select(['id', 'status'])
    .where('restaurant_id', '=', rid)
    .orderBy('status', 'desc')
    .orderBy('id')
    .execute();
  const lines = await db
    .selectFrom('cart_lines')
    .innerJoin('carts', 'carts.id', 'cart_lines.cart_id')
    .select(['cart_lines.id', 'carts.session_id'])
    .where('cart_lines.restaurant_id', '=', rid)
    .orderBy('cart_lines.id')
    .execute();
  Object.assign(pools, {
    // The signed-in test staff are never targets: a fuzzed role change would take the test's credentials away.
    staff: staff.filter((s) => !own.has(s.id)).map((s) => s.id),
    staffAll: staff.map((s) => s.id),
    // Taken addresses (to sign in, or to clash) and free ones (to create staff).
    emails: [...staff.map((s) => s.email), `new-${sent}@fuzz.test`, `NEW-${sent}@fuzz.test`],
    stations: await ids('stations'),
    categories: await ids('categories'),
    items: await ids('menu_items'),
    groups: await ids('modifier_groups'),
    options: await ids('modifier_options'),
    orders: await ids('orders'),
    calls: await ids('calls'),
    tables: tables.map((x) => x.id),
    qrTokens: tables.map((x) => x.qr_token),
    tableIdList: [tables.map((x) => x.id).join(','), tables[0]?.id ?? '', `${tables[0]?.id ?? ''},,nope`],
    sessions: sessions.map((s) => s.id),
    cartLines: lines.map((l) => l.id),
    pins: seated.map((s) => s.pin),
    slug: [r.restaurant.slug],
    password: [TEST_PASSWORD],
    keys: ['key-1', 'key-2', 'key-3'],
    timezones: ['UTC', 'Europe/Paris', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Kiritimati'],
  });
  const choices = await db
    .selectFrom('modifier_groups')
    .innerJoin('modifier_options', 'modifier_options.group_id', 'modifier_groups.id')
    .select([
      'modifier_groups.item_id as itemId',
      'modifier_groups.id as groupId',
      'modifier_groups.min_selections as min',
      'modifier_options.id as optionId',
    ])
    .where('modifier_groups.restaurant_id', '=', rid)
    .orderBy('modifier_options.id')
    .execute();
  requiredOptions.clear();
  const taken = new Map<string, number>();
  for (const c of choices) {
    const n = taken.get(c.groupId) ?? 0;
    if (n >= c.min) continue;
    taken.set(c.groupId, n + 1);
    requiredOptions.set(c.itemId, [...(requiredOptions.get(c.itemId) ?? []), c.optionId]);
  }
  cartLinesBySession.clear();
  for (const l of lines) cartLinesBySession.set(l.session_id, [...(cartLinesBySession.get(l.session_id) ?? []), l.id]);
}
const cartLinesBySession = new Map<string, string[]>();
/** For each item, the fewest options that satisfy its required groups. */
const requiredOptions = new Map<string, string[]>();

let menuSeq = 0;
/** A station, a category and two items (one plain, one with a required choice), tolerant of whatever the fuzzer did. */
async function addMenu(): Promise<void> {
  menuSeq += 1;
  const admin = r.cookies.ADMIN;
  const station = (await setup('POST', '/api/v1/admin/stations', admin, { name: `Fuzz station ${menuSeq}` })).json();
  const category = (
    await setup('POST', '/api/v1/admin/categories', admin, { name: `Fuzz category ${menuSeq}` })
  ).json();
  if (!station.station || !category.category) return;
  const item = (name: string, priceCents: number) =>
    setup('POST', '/api/v1/admin/items', admin, {
      categoryId: category.category.id,
      stationId: station.station.id,
      name,
      priceCents,
    });
  await item(`Plain ${menuSeq}`, 400);
  const withChoice = (await item(`Choice ${menuSeq}`, 1450)).json();
  if (!withChoice.item) return;
  const group = (
    await setup('POST', `/api/v1/admin/items/${withChoice.item.id}/modifier-groups`, admin, {
      name: 'Cooking',
      minSelections: 1,
      maxSelections: 2,
    })
  ).json();
  if (!group.modifierGroup) return;
  for (const [name, priceDeltaCents] of [
    ['Rare', 0],
    ['Well done', 50],
    ['Extra', 200],
  ] as const) {
    await setup('POST', `/api/v1/admin/modifier-groups/${group.modifierGroup.id}/options`, admin, {
      name,
      priceDeltaCents,
    });
  }
}

/** Opens a session on a fresh table and seats guests in it (null when the fuzzer made that impossible). */
async function seat(mode: SessionMode, names: string[]): Promise<Seated | null> {
  const table = await buildTable(t.ctx, r.restaurant.id);
  const opened = await setup('POST', `/api/v1/tables/${table.id}/sessions`, r.cookies.WAITER, { mode });
  if (opened.statusCode !== 201) return null;
  const { session, pin } = opened.json();
  const s: Seated = { sessionId: session.id, tableId: table.id, mode, qrToken: table.qrToken, pin, guests: [] };
  for (const name of names) {
    const joined = await setup('POST', `/api/v1/public/tables/${table.qrToken}/join`, '', { pin, name });
    const cookie = joined.cookies.find((c) => c.name === 'plato_guest');
    if (joined.statusCode === 200 && cookie)
      s.guests.push({ id: joined.json().guest.id, name, cookie: `plato_guest=${cookie.value}` });
  }
  seated.push(s);
  return s;
}

/**
 * Tops the world up after whatever the last batch did: staff signed in, a
 * menu to order from, free tables, an open FAMILY and INDIVIDUAL session with
 * guests, a cart line, an order and a call to aim ids at.
 */
async function ensureWorld(): Promise<void> {
  const db = t.ctx.db;
  const rid = r.restaurant.id;
  if (staffMayHaveChanged) {
    staffMayHaveChanged = false;
    for (const role of Object.keys(r.cookies) as StaffRole[]) {
      const me = await setup('GET', '/api/v1/auth/me', r.cookies[role]);
      if (me.statusCode !== 200) r.cookies[role] = await login(t.app, r.restaurant.slug, emails[role]);
    }
  }
  const available = await db
    .selectFrom('menu_items')
    .select('id')
    .where('restaurant_id', '=', rid)
    .where('available', '=', 1)
    .execute();
  if (available.length < 3) await addMenu();
  const open = await db
    .selectFrom('table_sessions')
    .select(['id', 'table_id'])
    .where('restaurant_id', '=', rid)
    .where('status', '=', 'OPEN')
    .execute();
  const openIds = new Set(open.map((s) => s.id));
  for (let i = seated.length - 1; i >= 0; i--)
    if (!openIds.has(seated[i]!.sessionId) || !seated[i]!.guests.length) seated.splice(i, 1);
  const tables = await db.selectFrom('dining_tables').select('id').where('restaurant_id', '=', rid).execute();
  const busy = new Set(open.map((s) => s.table_id));
  for (let free = tables.filter((x) => !busy.has(x.id)).length; free < 3; free++) await buildTable(t.ctx, rid);
  for (const mode of ['FAMILY', 'INDIVIDUAL'] as const) {
    if (!seated.some((s) => s.mode === mode)) await seat(mode, ['Ana', 'Élodie']);
  }
  await refreshPools();
  const guest = seated[0]?.guests[0];
  if (!guest) return;
  const plain = await db
    .selectFrom('menu_items')
    .leftJoin('modifier_groups', (j) =>
      j.onRef('modifier_groups.item_id', '=', 'menu_items.id').on('min_selections', '>', 0),
    )
    .select('menu_items.id')
    .where('menu_items.restaurant_id', '=', rid)
    .where('menu_items.available', '=', 1)
    .where('modifier_groups.id', 'is', null)
    .executeTakeFirst();
  if (plain && !pools.orders!.length) {
    await setup('POST', '/api/v1/guest/cart/lines', guest.cookie, { menuItemId: plain.id, quantity: 2, optionIds: [] });
    await setup('POST', '/api/v1/guest/orders', guest.cookie, undefined, { 'idempotency-key': `setup-${sent}` });
  }
  // Every seated table has a cart line to patch and delete.
  for (const s of seated) {
    if (plain && !cartLinesBySession.get(s.sessionId)?.length)
      await setup('POST', '/api/v1/guest/cart/lines', s.guests[0]!.cookie, {
        menuItemId: plain.id,
        quantity: 1,
        optionIds: [],
        note: 'setup',
      });
  }
  if (!pools.calls!.length) await setup('POST', '/api/v1/guest/calls', guest.cookie, { kind: 'WAITER' });
  await refreshPools();
}

// ------------------------------------------------------------------ operations from the document

/** Which pool a path parameter draws from: named by the collection segment before it. */
const PATH_POOLS: Record<string, string> = {
  staff: 'staff',
  stations: 'stations',
  categories: 'categories',
  items: 'items',
  'modifier-groups': 'groups',
  'modifier-options': 'options',
  tables: 'tables',
  sessions: 'sessions',
  lines: 'cartLines',
  orders: 'orders',
  calls: 'calls',
};
/** Which pool a body, query or header field draws from (real ids most of the time). */
const FIELD_POOLS: Record<string, string> = {
  menuItemId: 'items',
  categoryId: 'categories',
  stationId: 'stations',
  tableId: 'tables',
  optionIds: 'options',
  pin: 'pins',
  restaurant: 'slug',
  email: 'emails',
  password: 'password',
  actor: 'staffAll',
  ids: 'tableIdList',
  'idempotency-key': 'keys',
  timezone: 'timezones',
};
const poolOf = (name: string): string | undefined => FIELD_POOLS[name];

function pathPool(path: string, param: string): string {
  if (param === 'qrToken') return 'qrTokens';
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
  const pool = PATH_POOLS[before];
  if (!pool) throw new Error(`No id pool for {${param}} in ${path}: add one to PATH_POOLS`);
  return pool;
}

interface Draw {
  role?: StaffRole;
  guest: number;
  /** Make the drawn values fit each other (an item's required options, a table's PIN), so more requests get past the rules. */
  coherent: boolean;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  photo?: { field: string; filename: string; contentType: string; data: Uint8Array; head: Buffer };
}

function drawArb(op: Operation): fc.Arbitrary<Draw> {
  const of = (where: Parameter['in']) => op.params.filter((p) => p.in === where);
  const params = (where: Parameter['in']) => {
    const list = of(where);
    return fc.record(Object.fromEntries(list.map((p) => [p.name, mixedArb(p.schema, poolOf, p.name)])), {
      requiredKeys: list.filter((p) => p.required).map((p) => p.name),
    });
  };
  const path = Object.fromEntries(
    of('path').map((p) => [
      p.name,
      fc.oneof(
        { weight: 9, arbitrary: fc.nat().map((i) => new PoolRef(pathPool(op.path, p.name), i)) },
        { weight: 1, arbitrary: nastyArb(p.schema) },
      ),
    ]),
  );
  return fc.record({
    role: op.access.kind === 'staff' ? fc.constantFrom(...op.access.roles) : fc.constant(undefined),
    guest: fc.nat(),
    coherent: fc.boolean(),
    path: fc.record(path),
    query: params('query'),
    headers: params('header'),
    body: op.body ? fc.option(bodyArb(op.body, poolOf), { freq: 12, nil: undefined }) : fc.constant(undefined),
    photo: `${op.method} ${op.path}` === PHOTO_UPLOAD ? photoArb : fc.constant(undefined),
  });
}

/** Small uploads: a real image's first bytes (or none) and then anything, under any name and type. */
const photoArb = fc.record({
  field: fc.constantFrom('photo', 'photo', 'photo', 'file', ''),
  filename: fc.oneof(fc.constantFrom('a.png', 'b.jpg', '../../x.webp', 'x'.repeat(300)), fc.constantFrom(...ODD_TEXT)),
  contentType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml', 'text/plain', ''),
  head: fc.constantFrom(PNG_BYTES, JPEG_BYTES.subarray(0, 4), WEBP_BYTES.subarray(0, 16), Buffer.alloc(0)),
  data: fc.uint8Array({ maxLength: 512 }),
});

const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
/** Header values must be Latin-1 without controls, or the client itself refuses to send them. */
const asHeader = (v: unknown): string => asText(v).replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** The guests still seated, FAMILY and INDIVIDUAL alike. */
const allGuests = () => seated.flatMap((s) => s.guests.map((g) => ({ ...g, sessionId: s.sessionId })));

function toRequest(op: Operation, d: Draw): Request {
  const guests = allGuests();
  const guest = op.access.kind === 'guest' ? guests[d.guest % guests.length] : undefined;
  const resolve = (ref: PoolRef): string => {
    // A guest's cart lines are those of its own session (others' answer 404 and teach nothing).
    const list =
      ref.pool === 'cartLines' && guest ? (cartLinesBySession.get(guest.sessionId) ?? []) : (pools[ref.pool] ?? []);
    return list.length ? list[ref.index % list.length]! : `missing-${ref.pool}`;
  };
  let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeLoosely(asText(resolveRefs(d.path[name], resolve))),
  );
  const query = Object.entries(d.query).filter(([, v]) => v !== undefined);
  if (query.length) {
    url += `?${query.map(([k, v]) => `${k}=${encodeLoosely(asText(resolveRefs(v, resolve)))}`).join('&')}`;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.headers)) if (v !== undefined) headers[k] = asHeader(resolveRefs(v, resolve));
  if (d.role) headers.cookie = r.cookies[d.role];
  if (guest) headers.cookie = guest.cookie;
  let body = resolveRefs(d.body, resolve);
  if (d.coherent) {
    const fit = (line: unknown) => {
      if (line && typeof line === 'object' && 'menuItemId' in line && typeof line.menuItemId === 'string')
        Object.assign(line, { optionIds: requiredOptions.get(line.menuItemId) ?? [] });
    };
    fit(body);
    if (body && typeof body === 'object' && 'lines' in body && Array.isArray(body.lines)) body.lines.forEach(fit);
    const table = seated[d.guest % Math.max(seated.length, 1)];
    if (op.path.endsWith('/join') && table) {
      url = url.replace(/tables\/[^/]+/, `tables/${table.qrToken}`);
      if (body && typeof body === 'object' && !Array.isArray(body)) body = { ...body, pin: table.pin };
    }
  }
  if (d.photo) {
    const { field, filename, contentType, head, data } = d.photo;
    // Header text in a multipart part is bytes: keep it to one line of Latin-1.
    const latin1 = (x: string) => x.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
    const part = multipart([
      {
        name: latin1(field),
        filename: latin1(filename),
        contentType: latin1(contentType),
        data: Buffer.concat([head, data]),
      },
    ]);
    return {
      method: op.method,
      url,
      headers,
      raw: { payload: part.payload, contentType: part.headers['content-type'] },
    };
  }
  return { method: op.method, url, headers, body: json(body) };
}

/** Set after operations on staff and auth, the only ones that could cost the test its own staff sessions. */
let staffMayHaveChanged = true;

async function runOperation(op: Operation, index: number): Promise<void> {
  await ensureWorld();
  staffMayHaveChanged = /\/(auth|staff)\b/.test(op.path);
  const runs = Math.min(RUNS_PER_OPERATION, FEWER_RUNS[`${op.method} ${op.path}`] ?? RUNS_PER_OPERATION);
  const draws = fc.sample(drawArb(op), { seed: SEED + index, numRuns: runs });
  stage = `operation ${index + 1} of ${operations.length}, after those before it`;
  for (const d of draws) {
    const req = toRequest(op, d);
    // Signing out would end the test's own staff session: sign out a fresh one instead.
    if (op.path === '/api/v1/auth/logout' && d.role)
      req.headers.cookie = await login(t.app, r.restaurant.slug, emails[d.role]);
    await send('fuzz', `${op.method} ${op.path}`, req);
  }
}

// ------------------------------------------------------------------ stateful journeys

const NAMES = [
  'Élodie',
  'ÉLODIE',
  'Øyvind',
  'Ünal',
  'İlkay',
  'Zoë',
  'Ana',
  'ana',
  'Guest 1',
  '😀',
  'a\u0000b',
  'x'.repeat(40),
];
const quantity = fc.oneof(fc.constantFrom(99, 98, 50, 2), fc.integer({ min: 1, max: 99 }));
const note = fc.oneof(fc.constant(undefined), fc.constantFrom(...ODD_TEXT), fc.string({ maxLength: 200 }));
const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('join' as const),
      name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 40 })),
      again: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('add' as const),
      guest: fc.nat(),
      item: fc.nat(),
      quantity,
      extra: fc.array(fc.nat(), { maxLength: 3 }),
      note,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('patch' as const),
      guest: fc.nat(),
      line: fc.nat(),
      quantity: fc.option(quantity, { nil: undefined }),
      note,
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), guest: fc.nat(), line: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('order' as const),
      guest: fc.nat(),
      key: fc.constantFrom('a', 'b', 'c'),
      version: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('call' as const), guest: fc.nat(), kind: fc.constantFrom('WAITER', 'BILL') }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('read' as const), guest: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('staffOrder' as const),
      lines: fc.array(fc.record({ item: fc.nat(), quantity }), { minLength: 1, maxLength: 30 }),
      key: fc.constantFrom('s1', 's2'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('decide' as const),
      order: fc.nat(),
      accept: fc.boolean(),
      reason: fc.option(fc.constantFrom(...ODD_TEXT), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('price' as const),
      item: fc.nat(),
      priceCents: fc.oneof(
        fc.constantFrom(100_000_000, 99_999_999, 50_000_001, 0),
        fc.integer({ min: 0, max: 100_000_000 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('optionPrice' as const),
      option: fc.nat(),
      delta: fc.constantFrom(100_000_000, -100_000_000, 0),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('86' as const), item: fc.nat(), available: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('settings' as const),
      orderApproval: fc.boolean(),
      taxRateBps: fc.constantFrom(0, 10_000),
      serviceChargeBps: fc.constantFrom(0, 10_000),
      taxInclusive: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pin' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('move' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('callAction' as const), call: fc.nat(), resolve: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('staffRead' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('close' as const),
      reason: fc.option(fc.constantFrom('Walked out', 'é\u0000'), { nil: undefined }),
    }),
  },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

async function optionsFor(itemId: string, extra: number[]): Promise<string[]> {
  const groups = await t.ctx.db
    .selectFrom('modifier_groups')
    .innerJoin('modifier_options', 'modifier_options.group_id', 'modifier_groups.id')
    .select([
      'modifier_groups.id as groupId',
      'modifier_groups.min_selections as min',
      'modifier_options.id as optionId',
    ])
    .where('modifier_groups.item_id', '=', itemId)
    .orderBy('modifier_options.id')
    .execute();
  const chosen = new Set<string>();
  for (const g of new Set(groups.map((x) => x.groupId))) {
    const options = groups.filter((x) => x.groupId === g);
    for (const o of options.slice(0, options[0]!.min)) chosen.add(o.optionId);
  }
  for (const i of extra) if (groups.length) chosen.add(groups[i % groups.length]!.optionId);
  return [...chosen];
}

async function runJourney(steps: Step[], mode: SessionMode, n: number): Promise<void> {
  await ensureWorld();
  const s = await seat(mode, ['Élodie']);
  if (!s) return;
  const table = await t.ctx.db
    .selectFrom('dining_tables')
    .select('qr_token')
    .where('id', '=', s.tableId)
    .executeTakeFirstOrThrow();
  const call = (method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) =>
    send('journey', `journey ${routeOf(method, url)}`, {
      method,
      url,
      headers: { cookie, ...headers },
      body: json(body),
    });
  const staffCookie = r.cookies.MANAGER;
  // Only these steps make or remove ids the later steps aim at.
  const changesIds = new Set(['add', 'delete', 'order', 'staffOrder', 'call']);
  let stale = true;
  for (const [i, st] of steps.entries()) {
    stage = `journey ${n} (${mode}), step ${i + 1} of: ${steps.map((x) => x.t).join(' ')}`;
    if (stale) await refreshPools();
    stale = changesIds.has(st.t);
    const guest = 'guest' in st ? pick(s.guests, st.guest) : undefined;
    const lines = cartLinesBySession.get(s.sessionId) ?? [];
    switch (st.t) {
      case 'join': {
        // Again: the same name as an earlier guest, from a new device (rejoin by name).
        const name = st.again ? (pick(s.guests, st.name.length)?.name ?? st.name) : st.name;
        const res = await call('POST', `/api/v1/public/tables/${table.qr_token}/join`, '', { pin: s.pin, name });
        const cookie = res.cookies.find((c) => c.name === 'plato_guest');
        if (res.statusCode === 200 && cookie)
          s.guests.push({ id: res.json().guest.id, name, cookie: `plato_guest=${cookie.value}` });
        break;
      }
      case 'add': {
        const item = pick(pools.items!, st.item);
        if (!guest || !item) break;
        const body = {
          menuItemId: item,
          quantity: st.quantity,
          optionIds: await optionsFor(item, st.extra),
          ...(st.note !== undefined && { note: st.note }),
        };
        await call('POST', '/api/v1/guest/cart/lines', guest.cookie, body);
        break;
      }
      case 'patch': {
        const line = pick(lines, st.line);
        if (guest && line)
          await call('PATCH', `/api/v1/guest/cart/lines/${line}`, guest.cookie, {
            ...(st.quantity && { quantity: st.quantity }),
            ...(st.note !== undefined && { note: st.note }),
          });
        break;
      }
      case 'delete': {
        const line = pick(lines, st.line);
        if (guest && line) await call('DELETE', `/api/v1/guest/cart/lines/${line}`, guest.cookie);
        break;
      }
      case 'order': {
        if (!guest) break;
        let body: unknown;
        if (st.version) body = { cartVersion: (await call('GET', '/api/v1/guest/cart', guest.cookie)).json().version };
        await call('POST', '/api/v1/guest/orders', guest.cookie, body, { 'idempotency-key': `j${n}-${st.key}` });
        break;
      }
      case 'call':
        if (guest) await call('POST', '/api/v1/guest/calls', guest.cookie, { kind: st.kind });
        break;
      case 'read':
        if (guest)
          for (const what of ['session', 'cart', 'orders', 'menu'])
            await call('GET', `/api/v1/guest/${what}`, guest.cookie);
        break;
      case 'staffOrder': {
        const items = st.lines
          .map((l) => ({ id: pick(pools.items!, l.item), quantity: l.quantity }))
          .filter((l) => l.id);
        const body = {
          lines: await Promise.all(
            items.map(async (l) => ({
              menuItemId: l.id!,
              quantity: l.quantity,
              optionIds: await optionsFor(l.id!, []),
            })),
          ),
        };
        if (body.lines.length)
          await call('POST', `/api/v1/sessions/${s.sessionId}/orders`, r.cookies.WAITER, body, {
            'idempotency-key': `j${n}-${st.key}`,
          });
        break;
      }
      case 'decide': {
        const order = pick(pools.orders!, st.order);
        if (order)
          await call(
            'POST',
            `/api/v1/orders/${order}/${st.accept ? 'accept' : 'reject'}`,
            r.cookies.WAITER,
            st.reason === undefined ? undefined : { reason: st.reason },
          );
        break;
      }
      case 'price': {
        const item = pick(pools.items!, st.item);
        if (item) await call('PATCH', `/api/v1/admin/items/${item}`, r.cookies.ADMIN, { priceCents: st.priceCents });
        break;
      }
      case 'optionPrice': {
        const option = pick(pools.options!, st.option);
        if (option)
          await call('PATCH', `/api/v1/admin/modifier-options/${option}`, r.cookies.ADMIN, {
            priceDeltaCents: st.delta,
          });
        break;
      }
      case '86': {
        const item = pick(pools.items!, st.item);
        if (item)
          await call('POST', `/api/v1/admin/items/${item}/availability`, staffCookie, { available: st.available });
        break;
      }
      case 'settings': {
        const { t: _, ...body } = st;
        await call('PATCH', '/api/v1/admin/settings', r.cookies.ADMIN, body);
        break;
      }
      case 'pin': {
        const res = await call('POST', `/api/v1/sessions/${s.sessionId}/pin`, r.cookies.WAITER);
        if (res.statusCode === 200) s.pin = res.json().pin;
        break;
      }
      case 'move': {
        const free = await buildTable(t.ctx, r.restaurant.id);
        const res = await call('POST', `/api/v1/sessions/${s.sessionId}/move`, r.cookies.WAITER, { tableId: free.id });
        if (res.statusCode === 200) {
          s.tableId = free.id;
          table.qr_token = free.qrToken;
        }
        break;
      }
      case 'callAction': {
        const c = pick(pools.calls!, st.call);
        if (c) await call('POST', `/api/v1/calls/${c}/${st.resolve ? 'resolve' : 'acknowledge'}`, r.cookies.WAITER);
        break;
      }
      case 'staffRead':
        for (const url of [
          '/api/v1/floor',
          '/api/v1/calls',
          `/api/v1/sessions/${s.sessionId}/orders`,
          '/api/v1/audit?limit=500',
        ])
          await call('GET', url, staffCookie);
        break;
      case 'close':
        await call(
          'POST',
          `/api/v1/sessions/${s.sessionId}/close`,
          staffCookie,
          st.reason === undefined ? undefined : { reason: st.reason },
        );
        break;
    }
  }
  // Whatever state the journey left, every view of it must still render.
  for (const g of s.guests)
    for (const what of ['session', 'cart', 'orders']) await call('GET', `/api/v1/guest/${what}`, g.cookie);
  for (const url of ['/api/v1/floor', `/api/v1/sessions/${s.sessionId}/orders`]) await call('GET', url, staffCookie);
}

// ------------------------------------------------------------------ the test

function operationsOf(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const route = t.app.accessTable.find(
        (a) => a.method === method.toUpperCase() && a.url === path.replace(/\{(\w+)\}/g, ':$1'),
      );
      if (!route) throw new Error(`${key} is in the document but declares no access`);
      ops.push({
        method: method.toUpperCase(),
        path,
        access: route.access,
        params: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  // Deletions last (and leaves before what holds them), so every other operation still finds things to aim at.
  return [...ops.filter((o) => o.method !== 'DELETE'), ...ops.filter((o) => o.method === 'DELETE').reverse()];
}

beforeAll(async () => {
  t = await createTestApp({}, (app) =>
    app.addHook('onError', async (request, _reply, error) => {
      // A response that breaks its schema says which field in its cause.
      const cause = error.cause instanceof Error ? ` (${error.cause.message.replace(/\s+/g, ' ').slice(0, 200)})` : '';
      serverErrors.set(request.id, `${error.name}: ${error.message}${cause}`.slice(0, 400));
    }),
  );
  r = await buildOrderingRestaurant(t);
  const staffRows = await t.ctx.db.selectFrom('staff').select(['id', 'email']).execute();
  emails = Object.fromEntries(
    Object.entries(r.ids).map(([role, id]) => [role, staffRows.find((s) => s.id === id)!.email]),
  ) as Record<StaffRole, string>;
  // Staff the fuzzer may edit, deactivate or re-role (never the test's own).
  for (const role of ['WAITER', 'CHEF', 'MANAGER'] as const) await buildStaff(t.ctx, r.restaurant.id, role);
  operations = operationsOf((await t.app.inject({ url: '/api/openapi.json' })).json());
});
afterAll(() => t?.close());

function report(): string {
  const groups = new Map<string, { first: Failure; count: number }>();
  for (const f of failures) {
    // Numbers in messages (an out-of-range value, a line's index) would split one failure into many.
    const key = `${f.where} → ${f.status} ${f.error.replace(/\d+/g, 'N')}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { first: f, count: 1 });
  }
  return [...groups.values()]
    .map(
      ({ first: f, count }) =>
        `${f.where} → ${f.status} ${f.error}  (×${count})\n  e.g. ${f.request}\n    during: ${f.after}`,
    )
    .join('\n');
}

describe(`no request content produces a 5xx (seed ${SEED})`, () => {
  it(
    'every operation of the OpenAPI document, with a credential it admits, then guest and staff journeys',
    { timeout: 300_000 },
    async () => {
      const started = performance.now();
      for (const [i, op] of operations.entries()) await runOperation(op, i);
      const journeys = fc.sample(fc.array(step, { minLength: 10, maxLength: 30 }), {
        seed: SEED + 10_000,
        numRuns: JOURNEYS,
      });
      for (const [n, steps] of journeys.entries()) await runJourney(steps, n % 2 ? 'INDIVIDUAL' : 'FAMILY', n);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `fuzz: ${counts.fuzz + counts.journey + counts.setup} requests (${counts.fuzz} fuzzed over ${operations.length} operations, ` +
          `${counts.journey} in ${JOURNEYS} journeys, ${counts.setup} to build state) on ${t.dialect} in ${seconds} s, seed ${SEED}`,
      );
      const text = report();
      if (text)
        console.log(`fuzz: ${failures.length} 5xx answers (seed ${SEED}, PLATO_FUZZ_SEED=${SEED} to replay):\n${text}`);
      expect(failures.length, `5xx answers (seed ${SEED}):\n${text}`).toBe(0);
    },
  );
});
