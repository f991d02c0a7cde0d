import {
  type Bill,
  type BillLineInput,
  type BillSettings,
  type DiscountInput,
  type LineStatus,
  type PaymentInput,
  type RefundInput,
  computeBill,
} from './bill.compute.ts';
import { paymentStatus } from './billing.presenters.ts';

/*
 * Stored rows → what `computeBill` takes. The bill routes and the sales report
 * both go through here, so a report can never count a line, a tax rate or a
 * payment differently from the bill it sums.
 */

/** The restaurant's bill settings as stored. */
export interface StoredBillSettings {
  taxRateBps: number;
  taxInclusive: boolean | number;
  serviceChargeBps: number;
}

export interface StoredBillLine {
  id: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  status: string;
  guestId: string | null;
  /** The item's category's rate, null for the restaurant's. */
  categoryTaxRateBps: number | null;
  /** The item's category's rule, null (no category any more) for "applies". */
  serviceApplies: boolean | number | null;
}

export const billSettingsOf = (s: StoredBillSettings): BillSettings => ({
  taxInclusive: Boolean(s.taxInclusive),
  serviceChargeBps: s.serviceChargeBps,
});

export const billLineOf = (l: StoredBillLine, settings: StoredBillSettings): BillLineInput => ({
  id: l.id,
  name: l.name,
  quantity: l.quantity,
  unitPriceCents: l.unitPriceCents,
  status: l.status as LineStatus,
  guestId: l.guestId,
  taxRateBps: l.categoryTaxRateBps ?? settings.taxRateBps,
  serviceApplies: l.serviceApplies === null ? true : Boolean(l.serviceApplies),
});

export const discountOf = (d: { id: string; kind: string; value: number; line_id: string | null }): DiscountInput => ({
  id: d.id,
  kind: d.kind as DiscountInput['kind'],
  value: d.value,
  lineId: d.line_id,
});

export const paymentOf = (
  p: { status: string; expires_at: string | null; amount_cents: number; tip_cents: number; rounding_cents: number },
  now: string,
): PaymentInput => ({
  amountCents: p.amount_cents,
  tipCents: p.tip_cents,
  roundingCents: p.rounding_cents,
  status: paymentStatus(p, now),
});

export const refundOf = (r: { amount_cents: number; tip_cents: number }): RefundInput => ({
  amountCents: r.amount_cents,
  tipCents: r.tip_cents,
});

/** A session's stored rows, as the bill reads them. */
export interface StoredBillRows {
  lines: readonly StoredBillLine[];
  discounts: readonly Parameters<typeof discountOf>[0][];
  payments: readonly Parameters<typeof paymentOf>[0][];
  refunds: readonly Parameters<typeof refundOf>[0][];
}

/** The bill of a session's stored rows; `now` decides which pending online payments have expired. */
export function computeStoredBill(
  settings: StoredBillSettings,
  rows: StoredBillRows,
  sessionOpen: boolean,
  now: string,
): Bill {
  return computeBill({
    lines: rows.lines.map((l) => billLineOf(l, settings)),
    discounts: rows.discounts.map(discountOf),
    payments: rows.payments.map((p) => paymentOf(p, now)),
    refunds: rows.refunds.map(refundOf),
    settings: billSettingsOf(settings),
    sessionOpen,
  });
}
