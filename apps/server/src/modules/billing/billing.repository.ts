import type { Kysely, Selectable } from 'kysely';
import { precompiled } from '../../db/precompiled.ts';
import type { Database, DiscountsTable, PaymentsTable, RefundsTable } from '../../db/schema.ts';

export type PaymentRow = Selectable<PaymentsTable>;
export type DiscountRow = Selectable<DiscountsTable>;

/**
 * The session a bill is for, with the restaurant's bill settings. `lock`
 * (PostgreSQL) takes the session row for update: payments and discounts of
 * one session are decided one at a time, on one instance or several, so two
 * payments racing for the last cents never both pass the balance check.
 */
const billSession = (lock: boolean) =>
  precompiled((db, p: { restaurantId: string; sessionId: string }) => {
    const q = db
      .selectFrom('table_sessions as s')
      .innerJoin('restaurants as r', 'r.id', 's.restaurant_id')
      .select([
        's.id',
        's.status',
        's.mode',
        's.table_id as tableId',
        's.bill_version as billVersion',
        'r.currency',
        'r.tax_rate_bps as taxRateBps',
        'r.tax_inclusive as taxInclusive',
        'r.service_charge_bps as serviceChargeBps',
        'r.cash_rounding_cents as cashRoundingCents',
        'r.tip_presets as tipPresets',
        'r.auto_close as autoClose',
      ])
      .where('s.restaurant_id', '=', p.restaurantId)
      .where('s.id', '=', p.sessionId);
    return lock ? q.forUpdate(['s']) : q;
  });
const billSessionLocked = billSession(true);
const billSessionUnlocked = billSession(false);

export async function findBillSession(db: Kysely<Database>, restaurantId: string, sessionId: string, lock = false) {
  const [row] = await (lock ? billSessionLocked : billSessionUnlocked)(db, { restaurantId, sessionId });
  return row;
}
export type BillSessionRow = NonNullable<Awaited<ReturnType<typeof findBillSession>>>;

/**
 * The order lines bills count (orders waiting for a waiter's approval are not
 * on them yet), with the tax rate and service rule of their item's category
 * as they are now (null: the restaurant's). The sales report extends this
 * same query, so it can never count a line a bill would not.
 */
export function billLinesQuery(db: Kysely<Database>, restaurantId: string) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .leftJoin('menu_items as mi', 'mi.id', 'l.menu_item_id')
    .leftJoin('categories as c', 'c.id', 'mi.category_id')
    .select([
      'l.id',
      'l.name',
      'l.quantity',
      'l.unit_price_cents as unitPriceCents',
      'l.status',
      'l.guest_id as guestId',
      'c.tax_rate_bps as categoryTaxRateBps',
      'c.service_applies as serviceApplies',
    ])
    .where('l.restaurant_id', '=', restaurantId)
    .where('o.approval', '<>', 'PENDING');
}

const billLines = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  billLinesQuery(db, p.restaurantId)
    .select('o.version as orderVersion')
    .where('l.session_id', '=', p.sessionId)
    .orderBy('o.number')
    .orderBy('l.position'),
);

/** One session's bill lines, in the order they were ordered. */
export async function selectBillLines(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return billLines(db, { restaurantId, sessionId });
}

/** Orders of the session and the sum of their versions: with the session's bill version, the bill's version. */
const versionsOfOrders = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .selectFrom('orders')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('version'), eb.lit(0)).as('v')])
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId),
);

export async function orderVersions(db: Kysely<Database>, restaurantId: string, sessionId: string): Promise<number> {
  const [row] = await versionsOfOrders(db, { restaurantId, sessionId });
  return Number(row?.n ?? 0) + Number(row?.v ?? 0);
}

const selectDiscountsQuery = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .selectFrom('discounts')
    .selectAll()
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id'),
);

export async function selectDiscounts(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return selectDiscountsQuery(db, { restaurantId, sessionId });
}

const selectPaymentsQuery = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .selectFrom('payments')
    .selectAll()
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId)
    .orderBy('created_at')
    .orderBy('id'),
);

export async function selectPayments(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return selectPaymentsQuery(db, { restaurantId, sessionId });
}

const selectRefundsQuery = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .selectFrom('refunds')
    .select(['payment_id', 'amount_cents', 'tip_cents'])
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId),
);

export async function selectRefunds(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return selectRefundsQuery(db, { restaurantId, sessionId });
}

const findSplitQuery = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db.selectFrom('splits').selectAll().where('restaurant_id', '=', p.restaurantId).where('session_id', '=', p.sessionId),
);

export async function findSplit(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  const [row] = await findSplitQuery(db, { restaurantId, sessionId });
  return row;
}

const selectSessionGuestsQuery = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .selectFrom('guests')
    .select(['id', 'name'])
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId)
    .orderBy('created_at')
    .orderBy('id'),
);

export async function selectSessionGuests(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return selectSessionGuestsQuery(db, { restaurantId, sessionId });
}

const bumpBillVersionQuery = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .updateTable('table_sessions')
    .set((eb) => ({ bill_version: eb('bill_version', '+', 1) }))
    .where('restaurant_id', '=', p.restaurantId)
    .where('id', '=', p.sessionId),
);

export async function bumpBillVersion(db: Kysely<Database>, restaurantId: string, sessionId: string): Promise<void> {
  await bumpBillVersionQuery(db, { restaurantId, sessionId });
}

export async function insertDiscount(db: Kysely<Database>, row: DiscountRow): Promise<void> {
  await db.insertInto('discounts').values(row).execute();
}

/** Marks a discount removed (kept for the audit and the ledger); false when it was not there to remove. */
export async function removeDiscount(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  id: string,
  by: { staffId: string; at: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('discounts')
    .set({ removed_at: by.at, removed_by: by.staffId, remove_reason: by.reason })
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether the line is a live (not cancelled) line of the session. */
export async function isLiveLineOf(db: Kysely<Database>, restaurantId: string, sessionId: string, lineId: string) {
  const row = await db
    .selectFrom('order_lines')
    .select('id')
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('id', '=', lineId)
    .where('status', '<>', 'CANCELLED')
    .executeTakeFirst();
  return row !== undefined;
}

export async function saveSplit(
  db: Kysely<Database>,
  row: {
    session_id: string;
    restaurant_id: string;
    method: string;
    parts: string;
    total_cents: number;
    created_by: string | null;
    created_at: string;
  },
): Promise<void> {
  await db
    .insertInto('splits')
    .values(row)
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({
        method: (eb) => eb.ref('excluded.method'),
        parts: (eb) => eb.ref('excluded.parts'),
        total_cents: (eb) => eb.ref('excluded.total_cents'),
        created_by: (eb) => eb.ref('excluded.created_by'),
        created_at: (eb) => eb.ref('excluded.created_at'),
      }),
    )
    .execute();
}

const paymentByKey = precompiled((db, p: { restaurantId: string; sessionId: string; key: string }) =>
  db
    .selectFrom('payments')
    .selectAll()
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId)
    .where('idempotency_key', '=', p.key),
);

export async function findPaymentByKey(db: Kysely<Database>, restaurantId: string, sessionId: string, key: string) {
  const [row] = await paymentByKey(db, { restaurantId, sessionId, key });
  return row;
}

const insertPaymentRow = precompiled((db, p: PaymentRow) =>
  db.insertInto('payments').values({
    id: p.id,
    restaurant_id: p.restaurant_id,
    session_id: p.session_id,
    method: p.method,
    status: p.status,
    amount_cents: p.amount_cents,
    tip_cents: p.tip_cents,
    rounding_cents: p.rounding_cents,
    tendered_cents: p.tendered_cents,
    change_cents: p.change_cents,
    split_part: p.split_part,
    idempotency_key: p.idempotency_key,
    request_hash: p.request_hash,
    staff_id: p.staff_id,
    guest_id: p.guest_id,
    provider: p.provider,
    provider_ref: p.provider_ref,
    expires_at: p.expires_at,
    created_at: p.created_at,
    settled_at: p.settled_at,
    redirect_url: p.redirect_url,
  }),
);

/** Payments are written by the till (and, PENDING, by a guest's online payment) on every settle: a fixed statement. */
export async function insertPayment(db: Kysely<Database>, row: PaymentRow): Promise<void> {
  await insertPaymentRow(db, row);
}

export async function findPayment(db: Kysely<Database>, restaurantId: string, paymentId: string, lock = false) {
  let q = db.selectFrom('payments').selectAll().where('restaurant_id', '=', restaurantId).where('id', '=', paymentId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function selectRefundsOfPayment(db: Kysely<Database>, restaurantId: string, paymentId: string) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('payment_id', '=', paymentId)
    .orderBy('created_at')
    .execute();
}

export async function insertRefund(db: Kysely<Database>, row: Selectable<RefundsTable>): Promise<void> {
  await db.insertInto('refunds').values(row).execute();
}

/** The payment a provider's intent belongs to (a provider's reference names one payment, across restaurants). */
export async function findPaymentByProviderRef(
  db: Kysely<Database>,
  provider: string,
  providerRef: string,
  lock = false,
) {
  let q = db
    .selectFrom('payments')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_ref', '=', providerRef);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Stores the provider's intent on a payment that has none yet (a retried request may have stored it first). */
export async function setPaymentIntent(
  db: Kysely<Database>,
  paymentId: string,
  intent: { providerRef: string; redirectUrl: string },
): Promise<void> {
  await db
    .updateTable('payments')
    .set({ provider_ref: intent.providerRef, redirect_url: intent.redirectUrl })
    .where('id', '=', paymentId)
    .where('provider_ref', 'is', null)
    .execute();
}

/**
 * Moves a PENDING payment to its outcome, once: the condition on the status
 * makes a second webhook, a sweep or a racing instance a no-op. Returns the
 * payment as it now is, or undefined when it was not PENDING any more.
 */
export async function settlePendingPayment(
  db: Kysely<Database>,
  paymentId: string,
  status: 'SUCCEEDED' | 'FAILED' | 'EXPIRED',
  at: string,
): Promise<PaymentRow | undefined> {
  return db
    .updateTable('payments')
    .set({ status, settled_at: at })
    .where('id', '=', paymentId)
    .where('status', '=', 'PENDING')
    .returningAll()
    .executeTakeFirst();
}

/** Marks the session's PENDING payments whose time ran out EXPIRED (reads already treat them so); returns them. */
export async function expireLapsedPayments(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  now: string,
): Promise<PaymentRow[]> {
  return db
    .updateTable('payments')
    .set({ status: 'EXPIRED', settled_at: now })
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('status', '=', 'PENDING')
    .where('expires_at', '<=', now)
    .returningAll()
    .execute();
}

/** Records a provider's event as applied; false when its id was applied before (a replay). */
export async function claimWebhookEvent(
  db: Kysely<Database>,
  row: { provider: string; event_id: string; payment_id: string; kind: string; received_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('payment_webhook_events')
    .values(row)
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The QR token of the session's table: the guest's page, where a provider sends them back to. */
export async function findSessionQrToken(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  const row = await db
    .selectFrom('table_sessions as s')
    .innerJoin('dining_tables as t', 't.id', 's.table_id')
    .select('t.qr_token')
    .where('s.restaurant_id', '=', restaurantId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  return row?.qr_token;
}
