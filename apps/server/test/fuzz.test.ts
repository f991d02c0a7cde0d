import type { StaffRole } from '@plato/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../src/http/access.ts';
import { FuzzWorld, json, type Request } from './support/fuzz-world.ts';
import { isCompiledRoute } from '../src/http/response-serializers.ts';
import { runJourney, step } from './support/fuzz-journeys.ts';
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
  /** Whether it answers JSON (a receipt answers HTML or PDF, written as it is, not by a compiled serializer). */
  json: boolean;
}
let w: FuzzWorld;
let operations: Operation[];

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
  courses: 'courses',
  'order-lines': 'orderLines',
  // A ticket's id is its first line's.
  tickets: 'orderLines',
  discounts: 'discounts',
  payments: 'payments',
  // A payment provider's webhook: the one configured, and one that is not.
  webhooks: 'providers',
  // Receipt links are made at a close; tokens of the shape they have (QR tokens) exercise the unknown-link path.
  receipts: 'qrTokens',
};
/** Which pool a body, query or header field draws from (real ids most of the time). */
const FIELD_POOLS: Record<string, string> = {
  menuItemId: 'items',
  categoryId: 'categories',
  stationId: 'stations',
  defaultStationId: 'stations',
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
  station: 'stations',
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

function toRequest(op: Operation, d: Draw): Request {
  const guests = w.allGuests();
  const guest = op.access.kind === 'guest' ? guests[d.guest % guests.length] : undefined;
  const resolve = (ref: PoolRef): string => {
    // A guest's cart lines are those of its own session (others' answer 404 and teach nothing).
    const list =
      ref.pool === 'cartLines' && guest ? (w.cartLinesBySession.get(guest.sessionId) ?? []) : (w.pools[ref.pool] ?? []);
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
  if (d.role) headers.cookie = w.r.cookies[d.role];
  if (guest) headers.cookie = guest.cookie;
  let body = resolveRefs(d.body, resolve);
  if (d.coherent) {
    const fit = (line: unknown) => {
      if (line && typeof line === 'object' && 'menuItemId' in line && typeof line.menuItemId === 'string')
        Object.assign(line, { optionIds: w.requiredOptions.get(line.menuItemId) ?? [] });
    };
    fit(body);
    if (body && typeof body === 'object' && 'lines' in body && Array.isArray(body.lines)) body.lines.forEach(fit);
    const table = w.seated[d.guest % Math.max(w.seated.length, 1)];
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

async function runOperation(op: Operation, index: number): Promise<void> {
  await w.ensureWorld();
  w.staffMayHaveChanged = /\/(auth|staff)\b/.test(op.path);
  const runs = Math.min(RUNS_PER_OPERATION, FEWER_RUNS[`${op.method} ${op.path}`] ?? RUNS_PER_OPERATION);
  const draws = fc.sample(drawArb(op), { seed: SEED + index, numRuns: runs });
  w.stage = `operation ${index + 1} of ${operations.length}, after those before it`;
  for (const d of draws) {
    const req = toRequest(op, d);
    // Signing out would end the test's own staff session: sign out a fresh one instead.
    if (op.path === '/api/v1/auth/logout' && d.role) req.headers.cookie = await w.freshLogin(d.role);
    await w.send('fuzz', `${op.method} ${op.path}`, req);
  }
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const route = w.t.app.accessTable.find(
        (a) => a.method === method.toUpperCase() && a.url === path.replace(/\{(\w+)\}/g, ':$1'),
      );
      if (!route) throw new Error(`${key} is in the document but declares no access`);
      ops.push({
        method: method.toUpperCase(),
        path,
        access: route.access,
        params: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
        json: Object.values(op.responses ?? {}).some((r) => 'application/json' in (r.content ?? {})),
      });
    }
  }
  // Deletions last (and leaves before what holds them), so every other operation still finds things to aim at.
  return [...ops.filter((o) => o.method !== 'DELETE'), ...ops.filter((o) => o.method === 'DELETE').reverse()];
}

beforeAll(async () => {
  w = await FuzzWorld.create();
  operations = operationsOf((await w.t.app.inject({ url: '/api/openapi.json' })).json());
});
afterAll(() => w?.t.close());

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
      for (const [n, steps] of journeys.entries()) await runJourney(w, steps, n % 2 ? 'INDIVIDUAL' : 'FAMILY', n);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const { fuzz, journey, setup } = w.counts;
      console.log(
        `fuzz: ${w.total} requests (${fuzz} fuzzed over ${operations.length} operations, ` +
          `${journey} in ${JOURNEYS} journeys, ${setup} to build state) on ${w.t.dialect} in ${seconds} s, seed ${SEED}`,
      );
      const text = w.report();
      if (text)
        console.log(
          `fuzz: ${w.failures.length} 5xx answers (seed ${SEED}, PLATO_FUZZ_SEED=${SEED} to replay):\n${text}`,
        );
      expect(w.failures.length, `5xx answers (seed ${SEED}):\n${text}`).toBe(0);
    },
  );

  it('every answer of that walk keeps its route’s contract, and every route with a compiled serializer answered 2xx', () => {
    const { checked, violations } = w.contracts;
    expect(violations, violations.join('\n')).toEqual([]);
    // The compiled serializers write these: each must have been seen succeeding, not only refusing.
    const compiled = operations
      .map((op) => ({ json: op.json, route: `${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}` }))
      .filter((op) => op.json && isCompiledRoute(op.route.split(' ')[1]!))
      .map((op) => op.route);
    expect(compiled.length).toBeGreaterThan(5);
    const unseen = compiled.filter((route) => ![...(checked.get(route) ?? [])].some((status) => status < 300));
    expect(unseen).toEqual([]);
  });
});
