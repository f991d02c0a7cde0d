import type {
  AdminTable,
  AddCartLineRequest,
  Category,
  JoinResponse,
  MenuItem,
  ModifierGroup,
  ModifierOption,
  OpenSessionResponse,
  SessionMode,
  Station,
} from '@plato/contracts';
import { DEMO } from '../../apps/server/src/modules/demo/demo.data.ts';
import { type Answer, type HttpClient, addressSequence, cookieFrom } from './http.ts';
import { inParallel } from './load.ts';
import { BENCH_ADMIN } from './server-protocol.ts';

/**
 * Builds a restaurant's state through the real HTTP API, as staff and guests
 * would: sign in, a small menu with modifier groups, tables, sessions (PINs),
 * guests joined with their PIN (cookies). Every device gets its own
 * X-Forwarded-For, the server child trusting the loopback "proxy".
 */

const SETUP_CONCURRENCY = 16;
export const nextAddress = addressSequence(10);

const json = <T>(res: Answer): T => JSON.parse(res.body) as T;

export async function signIn(client: HttpClient): Promise<string> {
  const res = await client.expect(
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { restaurant: BENCH_ADMIN.slug, email: BENCH_ADMIN.email, password: BENCH_ADMIN.password },
      headers: { 'x-forwarded-for': nextAddress() },
    },
    200,
  );
  return cookieFrom(res, 'plato_staff');
}

/** A line a guest may add: the item and options that satisfy its groups. */
export type LineChoice = Pick<AddCartLineRequest, 'menuItemId' | 'optionIds'>;

/**
 * Six items on one station: three plain, two with a required single choice,
 * one with an optional group of up to two — the shapes a real menu mixes.
 * Answers one valid choice per item (options included where a group asks).
 */
export async function buildMenu(client: HttpClient, staffCookie: string): Promise<LineChoice[]> {
  const admin = (path: string, body: unknown) =>
    client.expect({ method: 'POST', path: `/api/v1/admin${path}`, body, headers: { cookie: staffCookie } }, 201);
  const station = json<{ station: Station }>(await admin('/stations', { name: 'Kitchen' })).station;
  const category = json<{ category: Category }>(await admin('/categories', { name: 'Mains' })).category;
  const choices: LineChoice[] = [];
  const shapes = [
    { name: 'Margherita', group: undefined },
    { name: 'Caesar salad', group: undefined },
    { name: 'Lemonade', group: undefined },
    {
      name: 'Steak frites',
      group: { name: 'Cooking', minSelections: 1, maxSelections: 1, options: ['Rare', 'Medium', 'Well done'] },
    },
    { name: 'Burger', group: { name: 'Side', minSelections: 1, maxSelections: 1, options: ['Fries', 'Salad'] } },
    {
      name: 'Pancakes',
      group: { name: 'Toppings', minSelections: 0, maxSelections: 2, options: ['Syrup', 'Berries', 'Cream'] },
    },
  ];
  for (const [i, shape] of shapes.entries()) {
    const item = json<{ item: MenuItem }>(
      await admin('/items', {
        categoryId: category.id,
        stationId: station.id,
        name: shape.name,
        description: 'A bench dish',
        priceCents: 900 + 150 * i,
        allergens: ['GLUTEN'],
      }),
    ).item;
    const optionIds: string[] = [];
    if (shape.group) {
      const { options, ...groupBody } = shape.group;
      const group = json<{ modifierGroup: ModifierGroup }>(
        await admin(`/items/${item.id}/modifier-groups`, groupBody),
      ).modifierGroup;
      for (const [j, name] of options.entries()) {
        const option = json<{ modifierOption: ModifierOption }>(
          await admin(`/modifier-groups/${group.id}/options`, { name, priceDeltaCents: 50 * j }),
        ).modifierOption;
        if (j < Math.max(1, groupBody.maxSelections)) optionIds.push(option.id);
      }
    }
    choices.push({ menuItemId: item.id, optionIds });
  }
  return choices;
}

/** A 1×1 PNG: every demo item has a photo, so every guest menu item has an image URL. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function photoUpload(): { body: Buffer; contentType: string } {
  const boundary = `bench${Date.now().toString(36)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="dish.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    ),
    TINY_PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The demo restaurant's menu (what a fresh `npm start` seeds: its stations,
 * categories, items with their modifier groups and translations, a photo on
 * every item), made through the admin API, since production refuses the demo
 * seed. Answers one valid choice per item (options where a group asks).
 */
export async function buildDemoMenu(client: HttpClient, staffCookie: string): Promise<LineChoice[]> {
  const admin = (path: string, body: unknown) =>
    client.expect({ method: 'POST', path: `/api/v1/admin${path}`, body, headers: { cookie: staffCookie } }, 201);
  const stations = new Map<string, string>();
  for (const name of DEMO.stations) {
    stations.set(name, json<{ station: Station }>(await admin('/stations', { name })).station.id);
  }
  const choices: LineChoice[] = [];
  for (const c of DEMO.categories) {
    const category = json<{ category: Category }>(
      await admin('/categories', { name: c.name, translations: c.translations ?? {} }),
    ).category;
    for (const d of c.items) {
      const item = json<{ item: MenuItem }>(
        await admin('/items', {
          categoryId: category.id,
          stationId: stations.get(d.station),
          name: d.name,
          description: d.description,
          priceCents: d.priceCents,
          allergens: d.allergens,
          tags: d.tags,
          translations: d.translations ?? {},
        }),
      ).item;
      const optionIds: string[] = [];
      for (const g of d.groups ?? []) {
        const group = json<{ modifierGroup: ModifierGroup }>(
          await admin(`/items/${item.id}/modifier-groups`, {
            name: g.name,
            minSelections: g.min,
            maxSelections: g.max,
          }),
        ).modifierGroup;
        for (const [j, [name, priceDeltaCents]] of g.options.entries()) {
          const option = json<{ modifierOption: ModifierOption }>(
            await admin(`/modifier-groups/${group.id}/options`, { name, priceDeltaCents }),
          ).modifierOption;
          if (j < g.min) optionIds.push(option.id);
        }
      }
      const photo = photoUpload();
      await client.expect(
        {
          method: 'PUT',
          path: `/api/v1/admin/items/${item.id}/photo`,
          body: photo.body,
          headers: { cookie: staffCookie, 'content-type': photo.contentType },
        },
        200,
      );
      choices.push({ menuItemId: item.id, optionIds });
    }
  }
  return choices;
}

export async function createTables(
  client: HttpClient,
  staffCookie: string,
  count: number,
  prefix: string,
): Promise<AdminTable[]> {
  const tables: AdminTable[] = new Array(count);
  await inParallel(count, SETUP_CONCURRENCY, async (i) => {
    const res = await client.expect(
      {
        method: 'POST',
        path: '/api/v1/admin/tables',
        body: { name: `${prefix} ${i + 1}`, seats: 4 },
        headers: { cookie: staffCookie },
      },
      201,
    );
    tables[i] = json<{ table: AdminTable }>(res).table;
  });
  return tables;
}

export interface OpenTable {
  table: AdminTable;
  sessionId: string;
  pin: string;
}

/** A waiter opens a session on each table; the PINs come back once, as on the waiter's screen. */
export async function openSessions(
  client: HttpClient,
  staffCookie: string,
  tables: AdminTable[],
  mode: SessionMode,
): Promise<OpenTable[]> {
  const open: OpenTable[] = new Array(tables.length);
  await inParallel(tables.length, SETUP_CONCURRENCY, async (i) => {
    const table = tables[i]!;
    const res = await client.expect(
      { method: 'POST', path: `/api/v1/tables/${table.id}/sessions`, body: { mode }, headers: { cookie: staffCookie } },
      201,
    );
    const { session, pin } = json<OpenSessionResponse>(res);
    open[i] = { table, sessionId: session.id, pin };
  });
  return open;
}

export interface JoinedGuest {
  guestId: string;
  sessionId: string;
  /** The Cookie header to send as this guest. */
  cookie: string;
}

export const joinCall = (qrToken: string, pin: string, address: string, name?: string) => ({
  method: 'POST' as const,
  path: `/api/v1/public/tables/${qrToken}/join`,
  body: name === undefined ? { pin } : { pin, name },
  headers: { 'x-forwarded-for': address },
});

/** `perTable` guests join each open table with its PIN, each from its own device (address). */
export async function joinGuests(client: HttpClient, tables: OpenTable[], perTable: number): Promise<JoinedGuest[][]> {
  const guests: JoinedGuest[][] = tables.map(() => new Array<JoinedGuest>(perTable));
  await inParallel(tables.length * perTable, SETUP_CONCURRENCY, async (n) => {
    const t = tables[Math.floor(n / perTable)]!;
    const res = await client.expect(
      joinCall(t.table.qrToken, t.pin, nextAddress(), `Guest ${(n % perTable) + 1}`),
      200,
    );
    const body = json<JoinResponse>(res);
    guests[Math.floor(n / perTable)]![n % perTable] = {
      guestId: body.guest.id,
      sessionId: body.session.id,
      cookie: cookieFrom(res, 'plato_guest'),
    };
  });
  return guests;
}
