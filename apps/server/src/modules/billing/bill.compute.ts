import { allocate, mulDivRound } from './allocation.ts';

/*
 * The bill of a table session, computed from what is stored (order lines,
 * discounts, payments, refunds) and never stored itself, so a bill, a split,
 * a receipt and the reports can never disagree. Pure: no I/O, no clock.
 *
 * Rounding (docs/architecture.md, "Bills"): every amount is computed once,
 * where it applies, rounded half up, and spread over lines or parts by
 * largest remainder so that the pieces always sum to the whole:
 * - a PERCENT discount on a line rounds on that line; on the bill it rounds
 *   once on the discountable subtotal and is spread over the lines;
 * - tax is computed per bill, once per tax rate, on the sum of that rate's
 *   lines after discounts (added on top when prices exclude tax, extracted
 *   from them when they include it), then spread over its lines;
 * - service is computed once on the subtotal after discounts of the lines it
 *   applies to, then spread over them.
 */

export type LineStatus = 'NEW' | 'IN_PROGRESS' | 'READY' | 'SERVED' | 'CANCELLED';

export interface BillLineInput {
  id: string;
  name: string;
  quantity: number;
  /** The unit price with its options, as snapshotted when ordered. */
  unitPriceCents: number;
  status: LineStatus;
  guestId: string | null;
  taxRateBps: number;
  serviceApplies: boolean;
}

export interface DiscountInput {
  id: string;
  /** PERCENT: `value` in basis points (1..10000); AMOUNT: `value` in minor units. */
  kind: 'PERCENT' | 'AMOUNT';
  value: number;
  lineId: string | null;
}

export interface PaymentInput {
  /** What the payment settles of the bill (without its tip or cash rounding). */
  amountCents: number;
  tipCents: number;
  /** Cash rounding: collected beyond (or short of) the amount, never part of the balance. */
  roundingCents: number;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'EXPIRED';
}

export interface RefundInput {
  amountCents: number;
  tipCents: number;
}

export interface BillSettings {
  taxInclusive: boolean;
  serviceChargeBps: number;
}

export interface BilledLine {
  id: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  guestId: string | null;
  /** unit × quantity */
  grossCents: number;
  /** Its own discounts and its share of the bill's. */
  discountCents: number;
  /** gross − discount */
  netCents: number;
  taxRateBps: number;
  /** Its share of its rate's tax (included in net when prices include tax). */
  taxCents: number;
  serviceCents: number;
  /** What the line costs the table: net, plus tax when prices exclude it, plus service. */
  dueCents: number;
}

export interface TaxLine {
  rateBps: number;
  /** What the rate applies to: the lines' net amounts (with the tax in them when prices include it). */
  baseCents: number;
  taxCents: number;
}

export interface Bill {
  lines: BilledLine[];
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  taxes: TaxLine[];
  taxInclusive: boolean;
  serviceCents: number;
  /** Subtotal − discounts + tax when added + service: what the table owes before payments. */
  totalCents: number;
  tipCents: number;
  roundingCents: number;
  paidCents: number;
  refundedCents: number;
  /** Held by online payments not settled yet. */
  pendingCents: number;
  /** What is still owed: total − paid + refunded (refunds reopen it only while the session is open). */
  balanceCents: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** What one discount takes off `base` (never more than the base). */
function discountOf(d: DiscountInput, base: number): number {
  const off = d.kind === 'PERCENT' ? mulDivRound(base, d.value, 10_000) : d.value;
  return Math.max(0, Math.min(off, base));
}

export function computeBill(input: {
  lines: readonly BillLineInput[];
  discounts: readonly DiscountInput[];
  payments: readonly PaymentInput[];
  refunds: readonly RefundInput[];
  settings: BillSettings;
  sessionOpen: boolean;
}): Bill {
  const { settings } = input;
  const live = input.lines.filter((l) => l.status !== 'CANCELLED');
  const gross = live.map((l) => l.unitPriceCents * l.quantity);

  // Line discounts, in the order they were given, each on what the line has left.
  const lineOff = live.map((l, i) => {
    let left = gross[i]!;
    for (const d of input.discounts) {
      if (d.lineId !== l.id) continue;
      left -= discountOf(d, left);
    }
    return gross[i]! - left;
  });
  // Bill discounts on what is left after the lines', spread over the lines in proportion.
  const afterLine = live.map((_, i) => gross[i]! - lineOff[i]!);
  const billOff = live.map(() => 0);
  for (const d of input.discounts) {
    if (d.lineId !== null) continue;
    const base = sum(afterLine) - sum(billOff);
    const off = discountOf(d, base);
    const spread = allocate(
      off,
      live.map((_, i) => afterLine[i]! - billOff[i]!),
    );
    spread.forEach((x, i) => (billOff[i]! += x));
  }
  const net = live.map((_, i) => afterLine[i]! - billOff[i]!);

  // Tax once per rate, on the sum of that rate's lines.
  const rates = [...new Set(live.map((l) => l.taxRateBps))].sort((a, b) => a - b);
  const lineTax = live.map(() => 0);
  const taxes: TaxLine[] = rates.map((rateBps) => {
    const idx = live.flatMap((l, i) => (l.taxRateBps === rateBps ? [i] : []));
    const base = sum(idx.map((i) => net[i]!));
    const tax = settings.taxInclusive
      ? base - mulDivRound(base, 10_000, 10_000 + rateBps)
      : mulDivRound(base, rateBps, 10_000);
    allocate(
      tax,
      idx.map((i) => net[i]!),
    ).forEach((x, k) => (lineTax[idx[k]!] = x));
    return { rateBps, baseCents: base, taxCents: tax };
  });

  // Service once, on the lines it applies to after discounts.
  const serviced = live.flatMap((l, i) => (l.serviceApplies ? [i] : []));
  const serviceCents = mulDivRound(sum(serviced.map((i) => net[i]!)), settings.serviceChargeBps, 10_000);
  const lineService = live.map(() => 0);
  allocate(
    serviceCents,
    serviced.map((i) => net[i]!),
  ).forEach((x, k) => (lineService[serviced[k]!] = x));

  const lines: BilledLine[] = live.map((l, i) => ({
    id: l.id,
    name: l.name,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    guestId: l.guestId,
    grossCents: gross[i]!,
    discountCents: lineOff[i]! + billOff[i]!,
    netCents: net[i]!,
    taxRateBps: l.taxRateBps,
    taxCents: lineTax[i]!,
    serviceCents: lineService[i]!,
    dueCents: net[i]! + (settings.taxInclusive ? 0 : lineTax[i]!) + lineService[i]!,
  }));

  const taxCents = sum(taxes.map((t) => t.taxCents));
  const subtotalCents = sum(gross);
  const discountCents = sum(lineOff) + sum(billOff);
  const totalCents = subtotalCents - discountCents + (settings.taxInclusive ? 0 : taxCents) + serviceCents;
  const settled = input.payments.filter((p) => p.status === 'SUCCEEDED');
  const paidCents = sum(settled.map((p) => p.amountCents));
  const refundedCents = sum(input.refunds.map((r) => r.amountCents));
  return {
    lines,
    subtotalCents,
    discountCents,
    taxCents,
    taxes,
    taxInclusive: settings.taxInclusive,
    serviceCents,
    totalCents,
    tipCents: sum(settled.map((p) => p.tipCents)) - sum(input.refunds.map((r) => r.tipCents)),
    roundingCents: sum(settled.map((p) => p.roundingCents)),
    paidCents,
    refundedCents,
    pendingCents: sum(input.payments.filter((p) => p.status === 'PENDING').map((p) => p.amountCents)),
    balanceCents: totalCents - paidCents + (input.sessionOpen ? refundedCents : 0),
  };
}
