import { z } from 'zod';
import { Currency, Timestamp } from './common.ts';
import { SALES_GROUPINGS } from './constants.ts';

export { SALES_GROUPINGS } from './constants.ts';

/*
 * The sales report (PRODUCT.md "Reports", API.md `GET /reports/sales`): the
 * ledger read back, computed from the same stored amounts as the bills, so
 * its figures match them to the cent. Money in minor units of `currency`.
 */

/** A day (`YYYY-MM-DD`, the whole day in the restaurant's time zone) or an exact instant. */
const Bound = z.union([z.iso.date(), Timestamp]);

export const SalesReportQuery = z.strictObject({
  /** A day counts from its start in the restaurant's time zone; an instant from itself. */
  from: Bound,
  /** A day counts to its end (inclusive) in the restaurant's time zone; an instant is excluded. */
  to: Bound,
  groupBy: z.enum(SALES_GROUPINGS).default('day'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type SalesReportQuery = z.infer<typeof SalesReportQuery>;

const Money = z.number().int();

/**
 * What was sold: the billed lines of orders placed in the window (an order
 * waiting for approval is not a sale yet; a rejected one never was), with
 * each line's share of its bill's discounts, tax and service as the bill
 * computes them.
 */
const SalesFigures = z.object({
  /** Items sold (the sum of line quantities, voided lines not counted). */
  quantity: z.number().int().min(0),
  /** Unit price with options × quantity, before discounts. */
  grossCents: Money,
  discountCents: Money,
  /** Gross − discounts (tax inside it when prices include tax). */
  netCents: Money,
  taxCents: Money,
  serviceCents: Money,
  /** What the tables owe for these lines: net, + tax when added, + service. */
  salesCents: Money,
  /** Lines voided after they reached the kitchen, and what they would have cost (gross). */
  voidedLines: z.number().int().min(0),
  voidedCents: Money,
});

/**
 * Money moved in the window, by its own time: succeeded payments (by when
 * they settled) and refunds (by when they were given). Items and categories
 * carry no payments (a payment settles a bill, not an item): 0 there.
 */
const MoneyFigures = z.object({
  payments: z.number().int().min(0),
  /** What payments settled of the bills (tips and cash rounding apart). */
  paidCents: Money,
  tipsCents: Money,
  /** Cash rounding collected beyond (or short of, negative) the amounts. */
  roundingCents: Money,
  refunds: z.number().int().min(0),
  /** Refunded of the amounts, and of the tips. */
  refundedCents: Money,
  refundedTipsCents: Money,
});

export const SalesReportRow = SalesFigures.extend(MoneyFigures.shape)
  .extend({
    /**
     * day: `YYYY-MM-DD`; hour: `YYYY-MM-DDTHH` (restaurant time); item: the menu item's id;
     * category: its id (`none` for items no longer in one); paymentMethod: the method.
     */
    key: z.string(),
    /** What a person reads: the day, the hour, the item's or category's name today, the method. */
    label: z.string(),
  })
  .meta({ id: 'SalesReportRow' });
export type SalesReportRow = z.infer<typeof SalesReportRow>;

export const SalesReportTax = z.object({
  rateBps: z.number().int().min(0),
  /** The net amounts taxed at this rate (tax inside when prices include tax). */
  baseCents: Money,
  taxCents: Money,
});

export const SalesReportResponse = z
  .object({
    /** The window as instants, [from, to). */
    from: Timestamp,
    to: Timestamp,
    timezone: z.string(),
    currency: Currency,
    groupBy: z.enum(SALES_GROUPINGS),
    /** Sorted by key (days and hours in time order; items and categories by name). */
    rows: z.array(SalesReportRow),
    /**
     * The whole window, sales and money both, whatever the grouping: the sum of the rows' sales figures
     * (by day, hour, item, category) and of their money figures (by day, hour, payment method).
     */
    totals: SalesFigures.extend(MoneyFigures.shape),
    /** Tax per rate over the window's sales. */
    taxes: z.array(SalesReportTax),
    /** Sessions with a sale or money in the window. */
    sessions: z.number().int().min(0),
  })
  .meta({ id: 'SalesReport' });
export type SalesReportResponse = z.infer<typeof SalesReportResponse>;
