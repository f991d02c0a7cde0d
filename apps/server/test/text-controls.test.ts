import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { addLine, buildOrderingRestaurant, burgerLine, seatTable } from './support/order-factories.ts';
import { buildTable, joinAs, openSession, someIp } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/**
 * Every text a request carries — body fields at any depth, path and query
 * parameters, headers — refuses control characters with a 400 naming the
 * field, before anything reaches the database (PostgreSQL answers SQLSTATE
 * 22021 to a NUL, which used to surface as a 500). The cases are found by
 * walking the OpenAPI document, so a new field is covered the day it lands.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  minItems?: number;
  minimum?: number;
  pattern?: string;
  default?: unknown;
  $ref?: string;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}
type Segment = string | number;
interface Case {
  method: string;
  path: string;
  where: 'params' | 'querystring' | 'headers' | 'body';
  field: Segment[];
  /** For a body that is one of several shapes (a discriminated union): the shape the field belongs to. */
  variant?: number;
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };
let staffCookie: string;
let guestCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  const { restaurant, cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
  staffCookie = cookies.ADMIN;
  const table = await buildTable(t.ctx, restaurant.id);
  const { pin } = await openSession(t.app, cookies.WAITER, table.id);
  guestCookie = (await joinAs(t.app, table.qrToken, pin, 'Ann')).cookie;
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(() => t.close());

const resolve = (s: JsonSchema): JsonSchema =>
  s.$ref ? resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {}) : s;
const variants = (s: JsonSchema): JsonSchema[] => (s.anyOf ?? s.oneOf ?? [s]).map(resolve);
const isType = (s: JsonSchema, type: string) => variants(s).some((v) => [v.type].flat().includes(type));
const objectVariant = (s: JsonSchema) => variants(s).find((v) => [v.type].flat().includes('object'));

/** Every path under `schema` that leads to a string. */
function textPaths(schema: JsonSchema, at: Segment[] = []): Segment[][] {
  const found: Segment[][] = isType(schema, 'string') ? [at] : [];
  for (const v of variants(schema)) {
    for (const [key, child] of Object.entries(v.properties ?? {})) found.push(...textPaths(child, [...at, key]));
    // A record (per-locale translations): a valid key, then its value's text fields.
    if (typeof v.additionalProperties === 'object') found.push(...textPaths(v.additionalProperties, [...at, 'fr']));
    if (v.items) found.push(...textPaths(v.items, [...at, 0]));
  }
  return found;
}

/** A value the schema accepts, so the only problem in a request is the one a case puts there. */
function sample(schema: JsonSchema): unknown {
  const s = objectVariant(schema) ?? variants(schema)[0] ?? {};
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  const type = [s.type].flat()[0];
  if (type === 'object') return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k] ?? {})]));
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
  if (type === 'integer' || type === 'number') return Math.max(s.minimum ?? 0, 1);
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  return s.pattern?.includes('\\d') ? '1234' : 'a';
}

function withValue(base: unknown, field: Segment[], value: string): unknown {
  if (field.length === 0) return value;
  const [head, ...rest] = field;
  if (typeof head === 'number') {
    const copy = [...((base as unknown[] | undefined) ?? [])];
    copy[head] = withValue(copy[head], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...((base as object | undefined) ?? {}) };
  copy[head!] = withValue(copy[head!], rest, value);
  return copy;
}

function cases(): Case[] {
  const found: Case[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      for (const p of op.parameters ?? []) {
        if (!isType(p.schema, 'string')) continue;
        const where = ({ path: 'params', query: 'querystring', header: 'headers' } as const)[p.in];
        found.push({ method: method.toUpperCase(), path, where, field: [p.name] });
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body)
        variants(body).forEach((shape, variant) => {
          for (const field of textPaths(shape)) {
            // A field the shapes share (the discriminator, a common name) is sent once, in the first.
            if (variant > 0 && textPaths(variants(body)[0]!).some((f) => f.join('.') === field.join('.'))) continue;
            found.push({ method: method.toUpperCase(), path, where: 'body', field, variant });
          }
        });
    }
  }
  return found;
}

const PLACEHOLDER_ID = '01900000-0000-7000-8000-000000000000';

function send(c: Case, bad: string): Promise<LightMyRequestResponse> {
  const op = doc.paths[c.path]![c.method.toLowerCase()]!;
  const params = op.parameters ?? [];
  const url = c.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(c.where === 'params' && c.field[0] === name ? bad : PLACEHOLDER_ID),
  );
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of params) {
    const mine = c.where !== 'body' && c.field[0] === p.name;
    if (p.in === 'query' && mine) query.set(p.name, bad);
    if (p.in === 'header') headers[p.name] = mine ? bad : 'key-1';
  }
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const base = bodySchema ? sample(variants(bodySchema)[c.variant ?? 0]!) : undefined;
  const payload = c.where === 'body' ? withValue(base, c.field, bad) : base;
  const route = t.app.accessTable.find((r) => r.method === c.method && r.url === c.path.replace(/\{(\w+)\}/g, ':$1'));
  const cookie = route?.access.kind === 'staff' ? staffCookie : route?.access.kind === 'guest' ? guestCookie : '';
  if (cookie) headers.cookie = cookie;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const qs = query.toString();
  return t.app.inject({
    method: c.method as 'GET',
    url: qs ? `${url}?${qs}` : url,
    headers,
    remoteAddress: someIp(),
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
}

/** Rows in every table a request could write (rate-limit counters aside: refusals count towards them). */
const TABLES = [
  'restaurants',
  'staff',
  'staff_sessions',
  'audit_log',
  'stations',
  'categories',
  'menu_items',
  'modifier_groups',
  'modifier_options',
  'dining_tables',
  'table_sessions',
  'guests',
  'guest_tokens',
  'carts',
  'cart_lines',
  'order_counters',
  'orders',
  'order_lines',
  'calls',
] as const satisfies readonly (keyof Database)[];
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

async function expectRefused(c: Case, bad: string, failures: string[]): Promise<void> {
  const res = await send(c, bad);
  const expected = [c.where, ...c.field].join('.');
  const label = `${c.method} ${c.path} ${expected} ${JSON.stringify(bad)}`;
  if (res.statusCode !== 400) return void failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  const body = res.json<{ code: string; errors?: { path: string }[] }>();
  if (body.code !== 'VALIDATION_FAILED') return void failures.push(`${label} → ${body.code}`);
  if (!body.errors?.some((e) => e.path === expected))
    failures.push(`${label} → errors name ${JSON.stringify(body.errors?.map((e) => e.path))}`);
}

describe('control characters in request text', () => {
  it('the walk finds the text fields it must (names, notes, reasons, translations, params, headers)', () => {
    const found = new Set(cases().map((c) => `${c.method} ${c.path} ${[c.where, ...c.field].join('.')}`));
    for (const expected of [
      'POST /api/v1/public/tables/{qrToken}/join body.name',
      'POST /api/v1/guest/cart/lines body.note',
      'POST /api/v1/sessions/{id}/orders body.lines.0.note',
      'POST /api/v1/admin/categories body.translations.fr.name',
      'POST /api/v1/admin/items body.description',
      'POST /api/v1/orders/{id}/reject body.reason',
      'POST /api/v1/admin/staff body.email',
      'POST /api/v1/guest/orders headers.idempotency-key',
      'GET /api/v1/admin/items/{id} params.id',
      'GET /api/v1/guest/menu querystring.locale',
      'GET /api/v1/audit querystring.actor',
    ])
      expect(found).toContain(expected);
  });

  it('a NUL, a C0 or C1 control, or a lone surrogate answers 400 naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const failures: string[] = [];
    for (const c of cases()) {
      // Path, query and header text travels as bytes, where a lone surrogate cannot be written.
      const bad = c.where === 'body' ? ['a\u0000b', 'a\u0007b', 'a\u009bb', 'a\ud800b'] : ['a\u0000b', 'a\u001bb'];
      for (const value of bad) await expectRefused(c, value, failures);
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('multi-line free text keeps tab and line breaks; one-line text refuses them', async () => {
    const r = await buildOrderingRestaurant(t);
    const note = 'no onions\nsauce on the side\r\n\tplease';
    const table = await seatTable(t, r, 'FAMILY', 1);
    const cart = await addLine(table.guests[0]!, { ...burgerLine(r.menu), note });
    expect(cart.lines[0]!.note).toBe(note);
    const description = 'Two patties,\nbrioche bun';
    const item = await r.admin('PATCH', `/api/v1/admin/items/${r.menu.burger.id}`, { description });
    expect(item.statusCode, item.body).toBe(200);
    expect(item.json<{ item: { description: string } }>().item.description).toBe(description);

    const named = await r.admin('PATCH', `/api/v1/admin/items/${r.menu.burger.id}`, { name: 'Burger\nDeluxe' });
    expect(named.statusCode).toBe(400);
    expect(named.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['body.name']);
    // Whitespace around one-line text is trimmed before the check, as before: forgiven, not refused.
    const trimmed = await r.admin('PATCH', `/api/v1/admin/items/${r.menu.burger.id}`, { name: ' Burger Deluxe\n' });
    expect(trimmed.statusCode, trimmed.body).toBe(200);
    expect(trimmed.json<{ item: { name: string } }>().item.name).toBe('Burger Deluxe');
  });
});
