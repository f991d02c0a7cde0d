import { TZDate } from '@date-fns/tz';
import type { SalesReportQuery, SalesReportResponse, SalesReportRow } from '@plato/contracts';
import { type StoredBillLine, type StoredBillSettings, computeStoredBill, paymentOf } from '../billing/bill.inputs.ts';

/*
 * The sales ledger, pure: each session's bill is computed by `computeBill`
 * from its stored rows, exactly as the bill routes compute it, and its
 * billed lines, payments and refunds are then counted where they fall in
 * the window. A line falls where its order was placed, a payment where it
 * settled, a refund where it was given; days and hours are the restaurant's.
 * So the report of a window holding whole sessions totals their bills to the
 * cent, and two adjacent windows add up to the one that covers both.
 */

export type GroupBy = SalesReportQuery['groupBy'];
type Figures = Omit<SalesReportRow, 'key' | 'label'>;
type Totals = SalesReportResponse['totals'];

export interface LedgerLine extends StoredBillLine {
  orderedAt: string;
  approval: string;
  menuItemId: string;
  /** The item's name today; null once it is gone from the menu (the line's own name then). */
  itemName: string | null;
  categoryId: string | null;
  categoryName: string | null;
}

export interface LedgerPayment {
  method: string;
  status: string;
  expires_at: string | null;
  amount_cents: number;
  tip_cents: number;
  rounding_cents: number;
  settled_at: string | null;
}

export interface LedgerRefund {
  method: string;
  amount_cents: number;
  tip_cents: number;
  created_at: string;
}

export interface LedgerSession {
  open: boolean;
  lines: readonly LedgerLine[];
  discounts: readonly { id: string; kind: string; value: number; line_id: string | null }[];
  payments: readonly LedgerPayment[];
  refunds: readonly LedgerRefund[];
}

const zero = (): Figures => ({
  quantity: 0,
  grossCents: 0,
  discountCents: 0,
  netCents: 0,
  taxCents: 0,
  serviceCents: 0,
  salesCents: 0,
  voidedLines: 0,
  voidedCents: 0,
  payments: 0,
  paidCents: 0,
  tipsCents: 0,
  roundingCents: 0,
  refunds: 0,
  refundedCents: 0,
  refundedTipsCents: 0,
});

const pad = (n: number) => String(n).padStart(2, '0');

/** Instants to the restaurant's calendar. */
export class RestaurantClock {
  constructor(readonly timezone: string) {}

  private local(iso: string): TZDate {
    return new TZDate(Date.parse(iso), this.timezone);
  }

  day(iso: string): string {
    const d = this.local(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  hour(iso: string): string {
    return `${this.day(iso)}T${pad(this.local(iso).getHours())}`;
  }

  /** The instant a local day (`YYYY-MM-DD`) starts, `plusDays` later. */
  startOf(day: string, plusDays = 0): string {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    // TZDate's own toISOString writes the zone's offset; the ledger's bounds compare as UTC text.
    return new Date(new TZDate(y, m - 1, d + plusDays, this.timezone).getTime()).toISOString();
  }
}

/** The report's window as instants: a day bound is the whole day in the restaurant's time zone. */
export function windowOf(query: Pick<SalesReportQuery, 'from' | 'to'>, clock: RestaurantClock) {
  const isDay = (b: string) => b.length === 10;
  return {
    from: isDay(query.from) ? clock.startOf(query.from) : new Date(query.from).toISOString(),
    to: isDay(query.to) ? clock.startOf(query.to, 1) : new Date(query.to).toISOString(),
  };
}

interface Bucket {
  key: string;
  label: string;
  figures: Figures;
}

export class SalesLedger {
  private readonly buckets = new Map<string, Bucket>();
  private readonly totals: Totals = zero();
  private readonly taxes = new Map<number, { baseCents: number; taxCents: number }>();
  private sessions = 0;
  private readonly clock: RestaurantClock;

  constructor(
    private readonly opts: {
      window: { from: string; to: string };
      groupBy: GroupBy;
      timezone: string;
      settings: StoredBillSettings;
      /** Pending online payments past their expiry count as expired, as on the bill. */
      now: string;
    },
  ) {
    this.clock = new RestaurantClock(opts.timezone);
  }

  private inWindow(iso: string | null): iso is string {
    return iso !== null && iso >= this.opts.window.from && iso < this.opts.window.to;
  }

  private bucket(key: string, label: string): Figures {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { key, label, figures: zero() }));
    return b.figures;
  }

  /** Where a moment's money or sales go when rows are days or hours; null when rows are not about time. */
  private byTime(iso: string): Figures | null {
    if (this.opts.groupBy === 'day') {
      const day = this.clock.day(iso);
      return this.bucket(day, day);
    }
    if (this.opts.groupBy === 'hour') {
      const hour = this.clock.hour(iso);
      return this.bucket(hour, `${hour.slice(0, 10)} ${hour.slice(11)}:00`);
    }
    return null;
  }

  private salesRow(line: LedgerLine): Figures | null {
    switch (this.opts.groupBy) {
      case 'item':
        return this.bucket(line.menuItemId, line.itemName ?? line.name);
      case 'category':
        return this.bucket(line.categoryId ?? 'none', line.categoryName ?? 'No category');
      case 'paymentMethod':
        return null;
      default:
        return this.byTime(line.orderedAt);
    }
  }

  private moneyRow(at: string, method: string): Figures | null {
    return this.opts.groupBy === 'paymentMethod' ? this.bucket(method, method) : this.byTime(at);
  }

  add(session: LedgerSession): void {
    const { settings, now } = this.opts;
    const bill = computeStoredBill(settings, session, session.open, now);
    let touched = false;
    const byId = new Map(session.lines.map((l) => [l.id, l]));

    for (const billed of bill.lines) {
      const line = byId.get(billed.id)!;
      if (!this.inWindow(line.orderedAt)) continue;
      touched = true;
      for (const f of [this.totals, this.salesRow(line)]) {
        if (!f) continue;
        f.quantity += billed.quantity;
        f.grossCents += billed.grossCents;
        f.discountCents += billed.discountCents;
        f.netCents += billed.netCents;
        f.taxCents += billed.taxCents;
        f.serviceCents += billed.serviceCents;
        f.salesCents += billed.dueCents;
      }
      const tax = this.taxes.get(billed.taxRateBps) ?? { baseCents: 0, taxCents: 0 };
      tax.baseCents += billed.netCents;
      tax.taxCents += billed.taxCents;
      this.taxes.set(billed.taxRateBps, tax);
    }

    // A void is a line taken back after it was accepted; a rejected order was never a sale.
    for (const line of session.lines) {
      if (line.status !== 'CANCELLED' || line.approval === 'REJECTED' || !this.inWindow(line.orderedAt)) continue;
      touched = true;
      for (const f of [this.totals, this.salesRow(line)]) {
        if (!f) continue;
        f.voidedLines += 1;
        f.voidedCents += line.unitPriceCents * line.quantity;
      }
    }

    for (const p of session.payments) {
      if (paymentOf(p, now).status !== 'SUCCEEDED' || !this.inWindow(p.settled_at)) continue;
      touched = true;
      for (const f of [this.totals, this.moneyRow(p.settled_at, p.method)]) {
        if (!f) continue;
        f.payments += 1;
        f.paidCents += p.amount_cents;
        f.tipsCents += p.tip_cents;
        f.roundingCents += p.rounding_cents;
      }
    }

    for (const r of session.refunds) {
      if (!this.inWindow(r.created_at)) continue;
      touched = true;
      for (const f of [this.totals, this.moneyRow(r.created_at, r.method)]) {
        if (!f) continue;
        f.refunds += 1;
        f.refundedCents += r.amount_cents;
        f.refundedTipsCents += r.tip_cents;
      }
    }
    if (touched) this.sessions++;
  }

  result(): Pick<SalesReportResponse, 'rows' | 'totals' | 'taxes' | 'sessions'> {
    const byTime = this.opts.groupBy === 'day' || this.opts.groupBy === 'hour';
    const rows = [...this.buckets.values()]
      .sort((a, b) =>
        byTime ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label) || a.key.localeCompare(b.key),
      )
      .map((b) => ({ key: b.key, label: b.label, ...b.figures }));
    const taxes = [...this.taxes]
      .sort(([a], [b]) => a - b)
      .map(([rateBps, t]) => ({ rateBps, baseCents: t.baseCents, taxCents: t.taxCents }));
    return { rows, totals: { ...this.totals }, taxes, sessions: this.sessions };
  }
}
