import type { SessionMode, StaffRole } from '@plato/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildStaff, login, TEST_PASSWORD } from './factories.ts';
import { buildOrderingRestaurant, type OrderingRestaurant } from './order-factories.ts';
import { type ContractWatch, watchResponseContracts } from './response-contracts.ts';
import { buildTable } from './session-factories.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The fuzz test's world: a restaurant with a menu, staff signed in per role,
 * seated FAMILY and INDIVIDUAL tables with guests, and the live ids of all of
 * it in pools the drawn requests aim at. It sends every request, counts them,
 * and keeps each 5xx with the request, the server's error and what ran before.
 */

export interface Seated {
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

export interface Request {
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

export /** A request's route for grouping failures: long path segments (ids, tokens) become `:id`. */
const routeOf = (method: string, url: string) =>
  `${method} ${url.split('?')[0]!.replace(/\/[^/]{16,}(?=\/|$)/g, '/:id')}`;

export const json = (value: unknown): string | undefined => (value === undefined ? undefined : JSON.stringify(value));

export class FuzzWorld {
  readonly seated: Seated[] = [];
  /** Live values by pool name (ids, tokens, PINs…), re-read from the database as the run changes them. */
  readonly pools: Record<string, string[]> = {};
  /** Each session's cart lines: a guest aims at its own. */
  readonly cartLinesBySession = new Map<string, string[]>();
  /** For each item, the fewest options that satisfy its required groups. */
  readonly requiredOptions = new Map<string, string[]>();
  readonly failures: Failure[] = [];
  readonly counts = { fuzz: 0, journey: 0, setup: 0 };
  /** Where the run is, for a failure's report: state built by earlier requests can matter. */
  stage = 'setting up';
  /** Set after operations on staff and auth, the only ones that could cost the test its own staff sessions. */
  staffMayHaveChanged = true;
  private sent = 0;
  /** A cashier's payment has been seen succeeding once. */
  private staffPaid = false;
  private menuSeq = 0;

  private constructor(
    readonly t: TestApp,
    readonly r: OrderingRestaurant,
    private readonly emails: Record<StaffRole, string>,
    /** The server's error for each request id, caught by an onError hook (5xx bodies hide it). */
    private readonly serverErrors: Map<string, string>,
    /** Every JSON answer parsed with its route's contract, whichever serializer wrote it. */
    readonly contracts: ContractWatch,
  ) {}

  static async create(): Promise<FuzzWorld> {
    const serverErrors = new Map<string, string>();
    let contracts: ContractWatch | undefined;
    const t = await createTestApp({}, (app) => {
      app.addHook('onError', async (request, _reply, error) => {
        // A response that breaks its schema says which field in its cause.
        const cause =
          error.cause instanceof Error ? ` (${error.cause.message.replace(/\s+/g, ' ').slice(0, 200)})` : '';
        serverErrors.set(request.id, `${error.name}: ${error.message}${cause}`.slice(0, 400));
      });
      contracts = watchResponseContracts(app);
    });
    const r = await buildOrderingRestaurant(t);
    const staffRows = await t.ctx.db.selectFrom('staff').select(['id', 'email']).execute();
    const emails = Object.fromEntries(
      Object.entries(r.ids).map(([role, id]) => [role, staffRows.find((s) => s.id === id)!.email]),
    ) as Record<StaffRole, string>;
    // Staff the fuzzer may edit, deactivate or re-role (never the test's own).
    for (const role of ['WAITER', 'CHEF', 'MANAGER'] as const) await buildStaff(t.ctx, r.restaurant.id, role);
    return new FuzzWorld(t, r, emails, serverErrors, contracts!);
  }

  /** A fresh member of staff's cookie, signed in as `role` (to sign out without losing the test's own). */
  freshLogin(role: StaffRole): Promise<string> {
    return login(this.t.app, this.r.restaurant.slug, this.emails[role]);
  }

  /** The guests still seated, FAMILY and INDIVIDUAL alike. */
  allGuests() {
    return this.seated.flatMap((s) => s.guests.map((g) => ({ ...g, sessionId: s.sessionId })));
  }

  get total(): number {
    return this.sent;
  }

  async send(kind: 'fuzz' | 'journey' | 'setup', where: string, req: Request): Promise<LightMyRequestResponse> {
    this.counts[kind] += 1;
    this.sent += 1;
    // A client address per request keeps the per-address limits (logins, PINs) out of the way.
    const remoteAddress = `10.${(this.sent >> 16) & 255}.${(this.sent >> 8) & 255}.${this.sent & 255}`;
    const res = await this.t.app.inject({
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
      this.failures.push({
        where,
        status: res.statusCode,
        error: this.serverErrors.get(id) ?? '(no error captured)',
        request: describeRequest(req),
        after: this.stage,
      });
    }
    this.serverErrors.clear();
    return res;
  }

  /** A call made by the test to build state: valid, but its 5xx counts as a failure like any other. */
  setup(method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.send('setup', `setup ${routeOf(method, url)}`, {
      method,
      url,
      headers: { cookie, ...headers },
      body: json(body),
    });
  }

  /** Re-reads every id pool of the restaurant from the database. */
  async refreshPools(): Promise<void> {
    const db = this.t.ctx.db;
    const rid = this.r.restaurant.id;
    const own = new Set(Object.values(this.r.ids));
    const ids = async (
      table:
        | 'stations'
        | 'categories'
        | 'menu_items'
        | 'modifier_groups'
        | 'modifier_options'
        | 'orders'
        | 'order_lines'
        | 'calls'
        | 'discounts'
        | 'payments',
    ) =>
      (await db.selectFrom(table).select('id').where('restaurant_id', '=', rid).orderBy('id').execute()).map(
        (x) => x.id,
      );
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
    Object.assign(this.pools, {
      // The signed-in test staff are never targets: a fuzzed role change would take the test's credentials away.
      staff: staff.filter((s) => !own.has(s.id)).map((s) => s.id),
      staffAll: staff.map((s) => s.id),
      // Taken addresses (to sign in, or to clash) and free ones (to create staff).
      emails: [...staff.map((s) => s.email), `new-${this.sent}@fuzz.test`, `NEW-${this.sent}@fuzz.test`],
      stations: await ids('stations'),
      categories: await ids('categories'),
      items: await ids('menu_items'),
      groups: await ids('modifier_groups'),
      options: await ids('modifier_options'),
      orders: await ids('orders'),
      // A ticket's id is the id of its first line, so tickets draw from the lines too.
      orderLines: await ids('order_lines'),
      courses: ['1', '2', '6'],
      calls: await ids('calls'),
      discounts: await ids('discounts'),
      payments: await ids('payments'),
      providers: ['dev', 'stripe'],
      tables: tables.map((x) => x.id),
      qrTokens: tables.map((x) => x.qr_token),
      tableIdList: [tables.map((x) => x.id).join(','), tables[0]?.id ?? '', `${tables[0]?.id ?? ''},,nope`],
      sessions: sessions.map((s) => s.id),
      cartLines: lines.map((l) => l.id),
      pins: this.seated.map((s) => s.pin),
      slug: [this.r.restaurant.slug],
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
    this.requiredOptions.clear();
    const taken = new Map<string, number>();
    for (const c of choices) {
      const n = taken.get(c.groupId) ?? 0;
      if (n >= c.min) continue;
      taken.set(c.groupId, n + 1);
      this.requiredOptions.set(c.itemId, [...(this.requiredOptions.get(c.itemId) ?? []), c.optionId]);
    }
    this.cartLinesBySession.clear();
    for (const l of lines)
      this.cartLinesBySession.set(l.session_id, [...(this.cartLinesBySession.get(l.session_id) ?? []), l.id]);
  }

  /** A station, a category and two items (one plain, one with a required choice), tolerant of whatever the fuzzer did. */
  async addMenu(): Promise<void> {
    this.menuSeq += 1;
    const admin = this.r.cookies.ADMIN;
    const station = (
      await this.setup('POST', '/api/v1/admin/stations', admin, { name: `Fuzz station ${this.menuSeq}` })
    ).json();
    const category = (
      await this.setup('POST', '/api/v1/admin/categories', admin, { name: `Fuzz category ${this.menuSeq}` })
    ).json();
    if (!station.station || !category.category) return;
    const item = (name: string, priceCents: number) =>
      this.setup('POST', '/api/v1/admin/items', admin, {
        categoryId: category.category.id,
        stationId: station.station.id,
        name,
        priceCents,
      });
    await item(`Plain ${this.menuSeq}`, 400);
    const withChoice = (await item(`Choice ${this.menuSeq}`, 1450)).json();
    if (!withChoice.item) return;
    const group = (
      await this.setup('POST', `/api/v1/admin/items/${withChoice.item.id}/modifier-groups`, admin, {
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
      await this.setup('POST', `/api/v1/admin/modifier-groups/${group.modifierGroup.id}/options`, admin, {
        name,
        priceDeltaCents,
      });
    }
  }

  /** Opens a session on a fresh table and seats guests in it (null when the fuzzer made that impossible). */
  async seat(mode: SessionMode, names: string[]): Promise<Seated | null> {
    const table = await buildTable(this.t.ctx, this.r.restaurant.id);
    const opened = await this.setup('POST', `/api/v1/tables/${table.id}/sessions`, this.r.cookies.WAITER, { mode });
    if (opened.statusCode !== 201) return null;
    const { session, pin } = opened.json();
    const s: Seated = { sessionId: session.id, tableId: table.id, mode, qrToken: table.qrToken, pin, guests: [] };
    for (const name of names) {
      const joined = await this.setup('POST', `/api/v1/public/tables/${table.qrToken}/join`, '', { pin, name });
      const cookie = joined.cookies.find((c) => c.name === 'plato_guest');
      if (joined.statusCode === 200 && cookie)
        s.guests.push({ id: joined.json().guest.id, name, cookie: `plato_guest=${cookie.value}` });
    }
    this.seated.push(s);
    return s;
  }

  /**
   * Tops the world up after whatever the last batch did: staff signed in, a
   * menu to order from, free tables, an open FAMILY and INDIVIDUAL session with
   * guests, a cart line, an order and a call to aim ids at.
   */
  async ensureWorld(): Promise<void> {
    const db = this.t.ctx.db;
    const rid = this.r.restaurant.id;
    if (this.staffMayHaveChanged) {
      this.staffMayHaveChanged = false;
      for (const role of Object.keys(this.r.cookies) as StaffRole[]) {
        const me = await this.setup('GET', '/api/v1/auth/me', this.r.cookies[role]);
        if (me.statusCode !== 200)
          this.r.cookies[role] = await login(this.t.app, this.r.restaurant.slug, this.emails[role]);
      }
    }
    const available = await db
      .selectFrom('menu_items')
      .select('id')
      .where('restaurant_id', '=', rid)
      .where('available', '=', 1)
      .execute();
    if (available.length < 3) await this.addMenu();
    const open = await db
      .selectFrom('table_sessions')
      .select(['id', 'table_id'])
      .where('restaurant_id', '=', rid)
      .where('status', '=', 'OPEN')
      .execute();
    const openIds = new Set(open.map((s) => s.id));
    for (let i = this.seated.length - 1; i >= 0; i--)
      if (!openIds.has(this.seated[i]!.sessionId) || !this.seated[i]!.guests.length) this.seated.splice(i, 1);
    const tables = await db.selectFrom('dining_tables').select('id').where('restaurant_id', '=', rid).execute();
    const busy = new Set(open.map((s) => s.table_id));
    for (let free = tables.filter((x) => !busy.has(x.id)).length; free < 3; free++) await buildTable(this.t.ctx, rid);
    for (const mode of ['FAMILY', 'INDIVIDUAL'] as const) {
      if (!this.seated.some((s) => s.mode === mode)) await this.seat(mode, ['Ana', 'Élodie']);
    }
    await this.refreshPools();
    const guest = this.seated[0]?.guests[0];
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
    if (plain && !this.pools.orders!.length) {
      await this.setup('POST', '/api/v1/guest/cart/lines', guest.cookie, {
        menuItemId: plain.id,
        quantity: 2,
        optionIds: [],
      });
      await this.setup('POST', '/api/v1/guest/orders', guest.cookie, undefined, {
        'idempotency-key': `setup-${this.sent}`,
      });
    }
    // A cent paid online: the guest payment route is seen succeeding (its PENDING payment holds that cent).
    if (plain && !this.pools.payments!.length) {
      await this.setup(
        'POST',
        '/api/v1/guest/payments',
        guest.cookie,
        { amountCents: 1 },
        { 'idempotency-key': `setup-pay-${this.sent}` },
      );
    }
    // A cent in cash at the counter: the staff payment route is seen succeeding too, whatever the draws.
    if (plain && !this.staffPaid) {
      const paid = await this.setup(
        'POST',
        `/api/v1/sessions/${this.seated[0]!.sessionId}/payments`,
        this.r.cookies.CASHIER,
        { method: 'CASH', amountCents: 1 },
        { 'idempotency-key': `setup-cash-${this.sent}` },
      );
      this.staffPaid = paid.statusCode === 201;
    }
    // Every seated table has a cart line to patch and delete.
    for (const s of this.seated) {
      if (plain && !this.cartLinesBySession.get(s.sessionId)?.length)
        await this.setup('POST', '/api/v1/guest/cart/lines', s.guests[0]!.cookie, {
          menuItemId: plain.id,
          quantity: 1,
          optionIds: [],
          note: 'setup',
        });
    }
    if (!this.pools.calls!.length) await this.setup('POST', '/api/v1/guest/calls', guest.cookie, { kind: 'WAITER' });
    await this.refreshPools();
  }

  /** The 5xx answers, one group per route and error, each with its first request. */
  report(): string {
    const groups = new Map<string, { first: Failure; count: number }>();
    for (const f of this.failures) {
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
}
