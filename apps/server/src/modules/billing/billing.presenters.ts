import type { Bill as BillView, Payment } from '@plato/contracts';
import type { Bill } from './bill.compute.ts';
import { roundToStep } from './allocation.ts';
import type { SplitPart } from './split.compute.ts';
import type { BillSessionRow, DiscountRow, PaymentRow } from './billing.repository.ts';

/**
 * A PENDING online payment whose time ran out no longer holds its amount:
 * it reads as EXPIRED from that moment, whether or not a write has marked it
 * so yet (one is made lazily, by the next payment or webhook of the session).
 */
export function paymentStatus(p: Pick<PaymentRow, 'status' | 'expires_at'>, now: string): Payment['status'] {
  if (p.status === 'PENDING' && p.expires_at !== null && p.expires_at <= now) return 'EXPIRED';
  return p.status as Payment['status'];
}

export const toPayment = (p: PaymentRow, now = new Date().toISOString()): Payment => ({
  id: p.id,
  sessionId: p.session_id,
  method: p.method as Payment['method'],
  status: paymentStatus(p, now),
  amountCents: p.amount_cents,
  tipCents: p.tip_cents,
  roundingCents: p.rounding_cents,
  tenderedCents: p.tendered_cents,
  changeCents: p.change_cents,
  splitPart: p.split_part,
  createdAt: p.created_at,
});

/** A PERCENT discount is stored in basis points and shown in percent. */
const toDiscount = (d: DiscountRow) => ({
  id: d.id,
  kind: d.kind as 'PERCENT' | 'AMOUNT',
  value: d.kind === 'PERCENT' ? d.value / 100 : d.value,
  lineId: d.line_id,
  reason: d.reason,
  createdAt: d.created_at,
});

export function toBillView(input: {
  session: BillSessionRow;
  bill: Bill;
  discounts: readonly DiscountRow[];
  payments: readonly PaymentRow[];
  split: { method: string; parts: string; total_cents: number | null; created_at: string } | undefined;
  version: number;
}): BillView {
  const { bill } = input;
  return {
    sessionId: input.session.id,
    currency: input.session.currency,
    lines: bill.lines.map((l) => ({
      id: l.id,
      name: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      guestId: l.guestId,
      grossCents: l.grossCents,
      discountCents: l.discountCents,
      netCents: l.netCents,
      taxRateBps: l.taxRateBps,
      taxCents: l.taxCents,
      serviceCents: l.serviceCents,
      dueCents: l.dueCents,
    })),
    subtotalCents: bill.subtotalCents,
    discountCents: bill.discountCents,
    taxCents: bill.taxCents,
    taxes: bill.taxes,
    taxInclusive: bill.taxInclusive,
    serviceCents: bill.serviceCents,
    tipCents: bill.tipCents,
    roundingCents: bill.roundingCents,
    totalCents: bill.totalCents,
    paidCents: bill.paidCents,
    refundedCents: bill.refundedCents,
    pendingCents: bill.pendingCents,
    balanceCents: bill.balanceCents,
    cashDueCents: roundToStep(bill.balanceCents, input.session.cashRoundingCents),
    tipPresetsPercent: JSON.parse(input.session.tipPresets) as number[],
    discounts: input.discounts.map(toDiscount),
    payments: input.payments.map((p) => toPayment(p)),
    split: input.split
      ? {
          method: input.split.method as 'EQUAL' | 'BY_GUEST' | 'BY_ITEMS' | 'CUSTOM',
          parts: JSON.parse(input.split.parts) as SplitPart[],
          createdAt: input.split.created_at,
          totalCents: input.split.total_cents ?? bill.totalCents,
          stale: input.split.total_cents !== null && input.split.total_cents !== bill.totalCents,
        }
      : null,
    version: input.version,
  };
}
