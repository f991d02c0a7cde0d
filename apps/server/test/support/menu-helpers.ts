import type { Category, MenuItem, ModifierGroup, ModifierOption, Station } from '@plato/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Shared by the menu*.test.ts files: HTTP shortcuts, a small menu builder, multipart bodies. */

export const ADMIN_API = '/api/v1/admin';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A staff member's client: `call('POST', '/stations', body)` with the cookie set. */
export function client(app: FastifyInstance, cookie: string) {
  return (method: Method, path: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url: path.startsWith('/api/') ? path : `${ADMIN_API}${path}`,
      headers: { cookie, ...headers },
      ...(payload !== undefined && { payload: payload as InjectOptions['payload'] }),
    });
}
export type Client = ReturnType<typeof client>;

export function json<T>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

/** Asserts a problem+json answer with the given status and code, and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
  expect(body.code).toBe(code);
  return body;
}

/**
 * 400 VALIDATION_FAILED whose `errors` name `field` — either as the path
 * (`body.priceCents`) or, for an unknown key that zod reports on its parent,
 * as the parent path with the key in the message.
 */
export function expectFieldError(res: LightMyRequestResponse, field: string) {
  const body = expectProblem(res, 400, 'VALIDATION_FAILED');
  expect(Array.isArray(body.errors) && body.errors.length > 0, res.body).toBe(true);
  const names = (e: { path: string; message: string }) =>
    e.path === field ||
    e.path.startsWith(`${field}.`) ||
    (field.startsWith(`${e.path}.`) && e.message.includes(field.split('.').pop()!));
  expect(body.errors!.some(names), `errors should name ${field}: ${res.body}`).toBe(true);
  return body;
}

export interface BuiltMenu {
  station: Station;
  category: Category;
  item: MenuItem;
  group: ModifierGroup;
  options: ModifierOption[];
}

let seq = 0;

/** A station, a category, an item in them, one group with two options — all through the API. */
export async function buildMenu(call: Client): Promise<BuiltMenu> {
  seq += 1;
  const station = json<{ station: Station }>(await call('POST', '/stations', { name: `Grill ${seq}` })).station;
  const category = json<{ category: Category }>(await call('POST', '/categories', { name: `Mains ${seq}` })).category;
  const created = await call('POST', '/items', {
    categoryId: category.id,
    stationId: station.id,
    name: `Burger ${seq}`,
    description: 'Beef, cheddar, pickles',
    priceCents: 1450,
    allergens: ['GLUTEN', 'MILK'],
    tags: ['POPULAR'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const item = json<{ item: MenuItem }>(created).item;
  const groupRes = await call('POST', `/items/${item.id}/modifier-groups`, {
    name: 'Cooking',
    minSelections: 1,
    maxSelections: 1,
  });
  expect(groupRes.statusCode, groupRes.body).toBe(201);
  const group = json<{ modifierGroup: ModifierGroup }>(groupRes).modifierGroup;
  const options: ModifierOption[] = [];
  for (const [name, priceDeltaCents] of [
    ['Rare', 0],
    ['Well done', 50],
  ] as const) {
    const res = await call('POST', `/modifier-groups/${group.id}/options`, { name, priceDeltaCents });
    expect(res.statusCode, res.body).toBe(201);
    options.push(json<{ modifierOption: ModifierOption }>(res).modifierOption);
  }
  return { station, category, item, group, options };
}

/** Everything the admin menu API shows, to prove a refused request changed nothing. */
export async function snapshotMenu(call: Client) {
  const [stations, categories, items] = await Promise.all([
    call('GET', '/stations'),
    call('GET', '/categories'),
    call('GET', '/items'),
  ]);
  return { stations: stations.json(), categories: categories.json(), items: items.json() };
}

// ---------------------------------------------------------------- multipart

export interface FilePart {
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A multipart/form-data body built by hand (no dependency): file parts and plain fields. */
export function multipart(files: FilePart[], fields: Record<string, string> = {}) {
  const boundary = `----plato-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.contentType}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A real 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
/** The JPEG and WebP signatures followed by filler: enough for a check by magic bytes. */
export const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
export const WEBP_BYTES = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 1),
]);
