import { z } from 'zod';

/** Ids are UUIDv7 strings; any non-empty bounded string is accepted so unknown ids answer 404, not 400. */
export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

export const Timestamp = z.iso.datetime();

/** Basis points: 1 bp = 0.01 %, so 2000 = 20 % — integers keep tax maths exact. */
export const BasisPoints = z.number().int().min(0).max(10_000);

export const Name = z.string().trim().min(1).max(80);
export const Description = z.string().trim().max(500);

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
export const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a BCP 47 locale such as en or fr-FR');

/** Routes that take no query parameters refuse unknown ones, like unknown body fields. */
export const NoQuery = z.strictObject({});

/** Cursor-paged lists answer `next` (null on the last page). */
export const Cursor = z.string().max(200).nullable();

/**
 * Money bounds, in minor units. One amount of money — a price, a line, a
 * cart, an order, a session's orders (its bill) — is at most 10^8 minor
 * units whatever the currency: 1,000,000.00 in a two-decimal currency (EUR,
 * USD), ¥100,000,000 (JPY, no decimals, ≈ 600,000 EUR), 100,000.000 KWD
 * (three decimals, ≈ 300,000 EUR). No table's bill comes near it in any
 * currency, yet it is far below both PostgreSQL's 32-bit `integer` columns
 * (2.1 × 10^9) and exact JavaScript integers (9 × 10^15), so sums of many
 * amounts stay exact. Every write that stores money (a cart change, a guest
 * or staff order) refuses to go past these bounds, and the response schemas
 * of stored amounts (order lines, orders) use the same ones: a stored value
 * always fits its own response.
 *
 * A cart is priced on every read from today's menu, so a price raised after
 * a line was added can take it past the bounds without any write to it; its
 * response schema bounds derive from what the menu and the cart may hold
 * (`cart…Bound`, under 2^53), so such a cart still reads — it just cannot
 * be ordered (the order refuses it) or grow.
 */
const MONEY_MAX_CENTS = 100_000_000;
/** Options one cart line or staff order line may choose. */
const OPTIONS_PER_LINE_MAX = 50;
const CART_QUANTITY_MAX = 99;
const CART_MAX_LINES = 100;
/** Item price plus every chosen option's delta, each at most one amount. */
const CART_UNIT_PRICE_BOUND = MONEY_MAX_CENTS * (1 + OPTIONS_PER_LINE_MAX);

export const LIMITS = {
  cartQuantityMin: 1,
  cartQuantityMax: CART_QUANTITY_MAX,
  noteMaxLength: 200,
  idempotencyKeyMaxLength: 100,
  /** Lines one cart may hold; an order takes a whole cart, so this also bounds a guest order. */
  cartMaxLines: CART_MAX_LINES,
  optionsPerLineMax: OPTIONS_PER_LINE_MAX,
  /** One amount of money (a menu price, an option's delta either way): see above. */
  moneyMaxCents: MONEY_MAX_CENTS,
  /** A cart line or order line (unit price × quantity), on write. */
  lineTotalCentsMax: MONEY_MAX_CENTS,
  /** A cart's total, on write (adding a line, raising a quantity). */
  cartTotalCentsMax: MONEY_MAX_CENTS,
  /** One order's total, guest or staff. */
  orderTotalCentsMax: MONEY_MAX_CENTS,
  /** The orders of one table session together, as placed: what its bill can start from. */
  billTotalCentsMax: MONEY_MAX_CENTS,
  /** What a cart read can show, priced from today's menu (see above): response bounds only. */
  cartUnitPriceCentsBound: CART_UNIT_PRICE_BOUND,
  cartLineTotalCentsBound: CART_UNIT_PRICE_BOUND * CART_QUANTITY_MAX,
  cartTotalCentsBound: CART_UNIT_PRICE_BOUND * CART_QUANTITY_MAX * CART_MAX_LINES,
  pinLengthMin: 4,
  pinLengthMax: 8,
  photoMaxBytes: 5 * 1024 * 1024,
  bodyMaxBytes: 1024 * 1024,
} as const;

/** A non-negative amount of money up to `max` minor units. */
export const centsUpTo = (max: number) => z.number().int().min(0).max(max);
export const Cents = centsUpTo(LIMITS.moneyMaxCents);
export const SignedCents = z.number().int().min(-LIMITS.moneyMaxCents).max(LIMITS.moneyMaxCents);
