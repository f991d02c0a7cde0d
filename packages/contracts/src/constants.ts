/*
 * Constants of the contracts that carry no schema, in a file that imports
 * nothing: the guest web app takes them from here (`@plato/contracts/constants`)
 * without pulling zod into a phone's first load.
 */

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

/** The 14 allergens EU Regulation 1169/2011 requires restaurants to declare. */
export const ALLERGENS = [
  'GLUTEN',
  'CRUSTACEANS',
  'EGGS',
  'FISH',
  'PEANUTS',
  'SOYBEANS',
  'MILK',
  'NUTS',
  'CELERY',
  'MUSTARD',
  'SESAME',
  'SULPHITES',
  'LUPIN',
  'MOLLUSCS',
] as const;

export const DIETARY_TAGS = [
  'VEGETARIAN',
  'VEGAN',
  'GLUTEN_FREE',
  'DAIRY_FREE',
  'HALAL',
  'KOSHER',
  'SPICY',
  'NEW',
  'POPULAR',
] as const;

/** How the sales report groups its rows (`GET /reports/sales?groupBy=`): here so the reports page's picker needs no zod. */
export const SALES_GROUPINGS = ['day', 'hour', 'item', 'category', 'paymentMethod'] as const;
