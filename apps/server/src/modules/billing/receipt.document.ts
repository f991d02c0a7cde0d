import type { Bill } from '@plato/contracts';
import type { ReceiptHeader } from './receipts.repository.ts';

/*
 * A receipt as rows of text, laid out once for both the HTML page and the
 * PDF, so the two never say different things. Every amount is one the bill
 * computed (billing's computeBill, through loadBill) or one stored with a
 * payment or refund: nothing is added up here, only formatted in the
 * restaurant's currency and locale.
 */

export interface ReceiptRow {
  label: string;
  /** The formatted amount, if the row has one. */
  amount?: string;
  /** Smaller lines under the label: options, notes, reasons, tips. */
  details?: string[];
  strong?: boolean;
}

export interface ReceiptSection {
  title: string | null;
  rows: ReceiptRow[];
}

export interface ReceiptDocument {
  /** The restaurant's locale, for the page's language. */
  lang: string;
  restaurantName: string;
  /** Table, receipt number, when it opened and closed. */
  facts: string[];
  sections: ReceiptSection[];
}

export interface ReceiptInput {
  header: ReceiptHeader;
  bill: Bill;
  /** Each line's options and note, by line id. */
  lineExtras: ReadonlyMap<string, { options: ReadonlyArray<{ name: string; priceDeltaCents: number }>; note: string }>;
  refunds: ReadonlyArray<{ amount_cents: number; tip_cents: number; reason: string; created_at: string }>;
}

/** Minor units in the currency's own format ("₹1,234.50", "1.234,50 €", "¥1,235"). */
export function moneyFormat(locale: string, currency: string): (cents: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const scale = 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2);
  return (cents) => format.format(cents / scale);
}

const METHODS: Record<string, string> = { CASH: 'Cash', CARD: 'Card', ONLINE: 'Online' };
const SPLITS: Record<string, string> = {
  EQUAL: 'in equal parts',
  BY_GUEST: 'by guest',
  BY_ITEMS: 'by items',
  CUSTOM: 'in custom amounts',
};

export function receiptDocument({ header, bill, lineExtras, refunds }: ReceiptInput): ReceiptDocument {
  const money = moneyFormat(header.locale, bill.currency);
  const minus = (cents: number) => money(-cents);
  const percent = new Intl.NumberFormat(header.locale, { style: 'percent', maximumFractionDigits: 2 });
  const when = new Intl.DateTimeFormat(header.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: header.timezone,
  });
  const at = (iso: string) => when.format(new Date(iso));
  const lineName = new Map(bill.lines.map((l) => [l.id, l.name]));

  const facts = [`Table ${header.tableName}`, `Receipt ${header.id}`, `Opened ${at(header.openedAt)}`];
  facts.push(header.closedAt ? `Closed ${at(header.closedAt)}` : 'Open — not final');

  const items: ReceiptSection = {
    title: null,
    rows: bill.lines.map((l) => {
      const extras = lineExtras.get(l.id);
      const details = (extras?.options ?? []).map((o) =>
        o.priceDeltaCents === 0 ? o.name : `${o.name} (${o.priceDeltaCents > 0 ? '+' : ''}${money(o.priceDeltaCents)})`,
      );
      if (l.quantity > 1) details.push(`${l.quantity} × ${money(l.unitPriceCents)}`);
      if (extras?.note) details.push(`“${extras.note}”`);
      return { label: `${l.quantity} × ${l.name}`, amount: money(l.grossCents), details };
    }),
  };

  const totals: ReceiptRow[] = [{ label: 'Subtotal', amount: money(bill.subtotalCents) }];
  if (bill.discounts.length > 0 || bill.discountCents > 0) {
    totals.push({
      label: 'Discounts',
      amount: minus(bill.discountCents),
      details: bill.discounts.map((d) => {
        const off = d.kind === 'PERCENT' ? percent.format(d.value / 100) : money(d.value);
        const on = d.lineId ? ` on ${lineName.get(d.lineId) ?? 'a line'}` : '';
        return `${off} off${on}: ${d.reason}`;
      }),
    });
  }
  for (const tax of bill.taxes) {
    const rate = percent.format(tax.rateBps / 10_000);
    totals.push({
      label: bill.taxInclusive ? `Tax ${rate} (included)` : `Tax ${rate}`,
      amount: money(tax.taxCents),
      details: [`on ${money(tax.baseCents)}`],
    });
  }
  if (bill.serviceCents > 0) totals.push({ label: 'Service', amount: money(bill.serviceCents) });
  totals.push({ label: 'Total', amount: money(bill.totalCents), strong: true });

  const payments: ReceiptRow[] = bill.payments
    .filter((p) => p.status === 'SUCCEEDED')
    .map((p) => {
      const details: string[] = [];
      if (p.splitPart !== null) details.push(`Part ${p.splitPart}`);
      if (p.tipCents > 0) details.push(`Tip ${money(p.tipCents)}`);
      if (p.roundingCents !== 0) details.push(`Cash rounding ${money(p.roundingCents)}`);
      if (p.tenderedCents !== null) details.push(`Tendered ${money(p.tenderedCents)}`);
      if (p.changeCents !== null) details.push(`Change ${money(p.changeCents)}`);
      return { label: `${METHODS[p.method] ?? p.method} · ${at(p.createdAt)}`, amount: money(p.amountCents), details };
    });
  if (bill.tipCents !== 0) payments.push({ label: 'Tips', amount: money(bill.tipCents) });
  if (bill.roundingCents !== 0) payments.push({ label: 'Cash rounding', amount: money(bill.roundingCents) });
  payments.push({ label: 'Paid', amount: money(bill.paidCents), strong: true });
  for (const r of refunds) {
    const details = [r.reason];
    if (r.tip_cents > 0) details.push(`Tip refunded ${money(r.tip_cents)}`);
    // A tip-only refund gives nothing back of the bill: its row shows the tip alone.
    payments.push({
      label: `Refund · ${at(r.created_at)}`,
      ...(r.amount_cents > 0 && { amount: minus(r.amount_cents) }),
      details,
    });
  }
  if (bill.refundedCents > 0) payments.push({ label: 'Refunded', amount: minus(bill.refundedCents) });
  payments.push({ label: 'Balance due', amount: money(bill.balanceCents), strong: true });

  const sections: ReceiptSection[] = [items, { title: null, rows: totals }, { title: 'Payments', rows: payments }];
  if (bill.split && !bill.split.stale) {
    sections.push({
      title: `Split ${SPLITS[bill.split.method] ?? bill.split.method}`,
      rows: bill.split.parts.map((part, i) => ({
        label: `${i + 1}. ${part.label}`,
        amount: money(part.amountCents),
        details: [
          `Tax ${money(part.taxCents)}`,
          ...(part.serviceCents > 0 ? [`Service ${money(part.serviceCents)}`] : []),
        ],
      })),
    });
  }
  return { lang: header.locale, restaurantName: header.restaurantName, facts, sections };
}
