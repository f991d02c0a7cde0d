import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStoredBill } from '../billing/bill.inputs.ts';
import { majorUnits } from './sales.csv.ts';
import {
  type GroupBy,
  type LedgerLine,
  type LedgerSession,
  RestaurantClock,
  SalesLedger,
  windowOf,
} from './sales.compute.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** Whole hours, so events often fall exactly on a window's bound. */
const hourIn = (days: number) => fc.integer({ min: 0, max: days * 24 }).map((h) => h * HOUR);
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = iso(T0 + 40 * DAY);

const SALES = [
  'quantity',
  'grossCents',
  'discountCents',
  'netCents',
  'taxCents',
  'serviceCents',
  'salesCents',
  'voidedLines',
  'voidedCents',
] as const;
const MONEY = [
  'payments',
  'paidCents',
  'tipsCents',
  'roundingCents',
  'refunds',
  'refundedCents',
  'refundedTipsCents',
] as const;

/** Random restaurants' sessions: menus of items in categories, orders over a month, voids, discounts, payments, refunds. */
const settings = fc.record({
  taxRateBps: fc.constantFrom(0, 500, 1000, 2000),
  taxInclusive: fc.boolean(),
  serviceChargeBps: fc.constantFrom(0, 1000, 1250),
});
const lineArb = fc.record({
  item: fc.integer({ min: 0, max: 5 }),
  unitPriceCents: fc.integer({ min: 0, max: 50_000 }),
  quantity: fc.integer({ min: 1, max: 9 }),
  status: fc.constantFrom('NEW', 'IN_PROGRESS', 'READY', 'SERVED', 'SERVED', 'CANCELLED'),
  approval: fc.constantFrom('NOT_REQUIRED', 'NOT_REQUIRED', 'ACCEPTED', 'REJECTED'),
  at: hourIn(30),
  guest: fc.option(fc.constantFrom('g1', 'g2'), { nil: null }),
});
const sessionArb = fc.record({
  open: fc.boolean(),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
  discounts: fc.array(
    fc.record({
      kind: fc.constantFrom('PERCENT', 'AMOUNT'),
      value: fc.integer({ min: 1, max: 10_000 }),
      onLine: fc.option(fc.nat(11), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  payments: fc.array(
    fc.record({
      method: fc.constantFrom('CASH', 'CARD', 'ONLINE'),
      status: fc.constantFrom('SUCCEEDED', 'SUCCEEDED', 'PENDING', 'FAILED'),
      amount: fc.integer({ min: 1, max: 100_000 }),
      tip: fc.integer({ min: 0, max: 2_000 }),
      rounding: fc.integer({ min: -2, max: 2 }),
      at: hourIn(30),
      refund: fc.option(fc.record({ share: fc.integer({ min: 1, max: 100 }), tipOnly: fc.boolean() }), { nil: null }),
    }),
    { maxLength: 3 },
  ),
});
const worldArb = fc.record({ settings, sessions: fc.array(sessionArb, { minLength: 1, maxLength: 8 }) });
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

/** Item i is in category i % 3; category 2 has its own tax rate and no service. */
function ledgerSessions(w: World): LedgerSession[] {
  return w.sessions.map((s, si) => {
    const lines: LedgerLine[] = s.lines.map((l, li) => ({
      id: `s${si}l${li}`,
      name: `item ${l.item}`,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      // A rejected order's lines are all cancelled (orders.service).
      status: l.approval === 'REJECTED' ? 'CANCELLED' : l.status,
      guestId: l.guest,
      categoryTaxRateBps: l.item % 3 === 2 ? 700 : null,
      serviceApplies: l.item % 3 === 2 ? 0 : 1,
      orderedAt: iso(T0 + l.at),
      approval: l.approval,
      menuItemId: `item-${l.item}`,
      itemName: l.item === 5 ? null : `Item ${l.item}`,
      categoryId: l.item === 5 ? null : `cat-${l.item % 3}`,
      categoryName: l.item === 5 ? null : `Category ${l.item % 3}`,
    }));
    return {
      open: s.open,
      lines,
      discounts: s.discounts.map((d, di) => ({
        id: `s${si}d${di}`,
        kind: d.kind,
        value: d.value,
        line_id: d.onLine === null ? null : `s${si}l${d.onLine % lines.length}`,
      })),
      payments: s.payments.map((p) => ({
        method: p.method,
        status: p.status,
        expires_at: null,
        amount_cents: p.amount,
        tip_cents: p.tip,
        rounding_cents: p.method === 'CASH' ? p.rounding : 0,
        settled_at: p.status === 'PENDING' ? null : iso(T0 + p.at),
      })),
      refunds: s.payments.flatMap((p) =>
        p.refund && p.status === 'SUCCEEDED'
          ? [
              {
                method: p.method,
                amount_cents: p.refund.tipOnly ? 0 : Math.floor((p.amount * p.refund.share) / 100),
                tip_cents: p.refund.tipOnly ? p.tip : 0,
                created_at: iso(T0 + p.at + HOUR),
              },
            ]
          : [],
      ),
    };
  });
}

function report(w: World, groupBy: GroupBy, window: { from: string; to: string }, timezone = 'Asia/Kolkata') {
  const ledger = new SalesLedger({ window, groupBy, timezone, settings: w.settings, now: NOW });
  for (const s of ledgerSessions(w)) ledger.add(s);
  return ledger.result();
}

const EVERYTHING = { from: iso(T0 - DAY), to: iso(T0 + 40 * DAY) };
const GROUPINGS: GroupBy[] = ['day', 'hour', 'item', 'category', 'paymentMethod'];

describe('the sales ledger', () => {
  it('totals the bills to the cent over a window holding every session, whatever the grouping', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...GROUPINGS), (w, groupBy) => {
        const bills = ledgerSessions(w).map((s) => computeStoredBill(w.settings, s, s.open, NOW));
        const { totals, taxes } = report(w, groupBy, EVERYTHING);
        expect(totals.grossCents).toBe(sum(bills.map((b) => b.subtotalCents)));
        expect(totals.discountCents).toBe(sum(bills.map((b) => b.discountCents)));
        expect(totals.taxCents).toBe(sum(bills.map((b) => b.taxCents)));
        expect(totals.serviceCents).toBe(sum(bills.map((b) => b.serviceCents)));
        expect(totals.salesCents).toBe(sum(bills.map((b) => b.totalCents)));
        expect(totals.paidCents).toBe(sum(bills.map((b) => b.paidCents)));
        expect(totals.refundedCents).toBe(sum(bills.map((b) => b.refundedCents)));
        expect(totals.roundingCents).toBe(sum(bills.map((b) => b.roundingCents)));
        // The bill's tips are net of refunded tips; the report keeps both.
        expect(totals.tipsCents - totals.refundedTipsCents).toBe(sum(bills.map((b) => b.tipCents)));
        expect(totals.quantity).toBe(sum(bills.flatMap((b) => b.lines.map((l) => l.quantity))));
        // Tax per rate, as the bills' tax lines.
        for (const t of taxes) {
          const billed = bills.flatMap((b) => b.taxes.filter((x) => x.rateBps === t.rateBps));
          expect(t.taxCents).toBe(sum(billed.map((x) => x.taxCents)));
          expect(t.baseCents).toBe(sum(billed.map((x) => x.baseCents)));
        }
        expect(sum(taxes.map((t) => t.taxCents))).toBe(totals.taxCents);
        // Voids: cancelled lines of orders that were accepted, at their gross.
        const voided = ledgerSessions(w).flatMap((s) =>
          s.lines.filter((l) => l.status === 'CANCELLED' && l.approval !== 'REJECTED'),
        );
        expect(totals.voidedLines).toBe(voided.length);
        expect(totals.voidedCents).toBe(sum(voided.map((l) => l.unitPriceCents * l.quantity)));
      }),
      { numRuns: 300 },
    );
  });

  it('rows add up to the totals: sales by time, item and category; money by time and method; no row negative where it cannot be', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...GROUPINGS), (w, groupBy) => {
        const { rows, totals } = report(w, groupBy, EVERYTHING);
        if (groupBy !== 'paymentMethod') for (const f of SALES) expect(sum(rows.map((r) => r[f]))).toBe(totals[f]);
        if (groupBy !== 'item' && groupBy !== 'category')
          for (const f of MONEY) expect(sum(rows.map((r) => r[f]))).toBe(totals[f]);
        for (const r of rows) {
          for (const f of ['quantity', 'grossCents', 'netCents', 'salesCents', 'paidCents', 'tipsCents'] as const)
            expect(r[f]).toBeGreaterThanOrEqual(0);
          expect(r.netCents).toBe(r.grossCents - r.discountCents);
        }
        expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
      }),
      { numRuns: 300 },
    );
  });

  it('two adjacent windows add up to the window covering both: nothing lost or counted twice at a boundary', () => {
    fc.assert(
      fc.property(worldArb, hourIn(31), fc.constantFrom(...GROUPINGS), (w, cut, groupBy) => {
        const mid = iso(T0 + cut);
        const a = report(w, groupBy, { from: EVERYTHING.from, to: mid }).totals;
        const b = report(w, groupBy, { from: mid, to: EVERYTHING.to }).totals;
        const all = report(w, groupBy, EVERYTHING).totals;
        for (const f of [...SALES, ...MONEY]) expect(a[f] + b[f]).toBe(all[f]);
      }),
      { numRuns: 200 },
    );
  });

  it('puts a sale on the restaurant’s day and hour, not UTC’s', () => {
    const w: World = {
      settings: { taxRateBps: 0, taxInclusive: false, serviceChargeBps: 0 },
      sessions: [
        {
          open: false,
          // 20:00 UTC on 1 November is 01:30 on 2 November in Kolkata.
          lines: [
            {
              item: 0,
              unitPriceCents: 1000,
              quantity: 1,
              status: 'SERVED',
              approval: 'NOT_REQUIRED',
              at: 20 * 3600_000,
              guest: null,
            },
          ],
          discounts: [],
          payments: [],
        },
      ],
    };
    expect(report(w, 'day', EVERYTHING).rows.map((r) => r.key)).toEqual(['2026-11-02']);
    expect(report(w, 'hour', EVERYTHING).rows.map((r) => [r.key, r.label])).toEqual([
      ['2026-11-02T01', '2026-11-02 01:00'],
    ]);
    expect(report(w, 'day', EVERYTHING, 'UTC').rows.map((r) => r.key)).toEqual(['2026-11-01']);
    expect(report(w, 'item', EVERYTHING).rows.map((r) => [r.key, r.label, r.salesCents])).toEqual([
      ['item-0', 'Item 0', 1000],
    ]);
  });
});

describe('the restaurant clock', () => {
  it('starts a local day at its local midnight, across daylight saving and half-hour zones', () => {
    const paris = new RestaurantClock('Europe/Paris');
    expect(paris.startOf('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    expect(paris.startOf('2026-12-01')).toBe('2026-11-30T23:00:00.000Z');
    // The night the clocks go back (25 October 2026) is 25 hours long.
    expect(Date.parse(paris.startOf('2026-10-25', 1)) - Date.parse(paris.startOf('2026-10-25'))).toBe(25 * 3600_000);
    expect(Date.parse(paris.startOf('2026-03-29', 1)) - Date.parse(paris.startOf('2026-03-29'))).toBe(23 * 3600_000);
    expect(new RestaurantClock('Asia/Kolkata').startOf('2026-12-01')).toBe('2026-11-30T18:30:00.000Z');
    expect(new RestaurantClock('America/New_York').day('2026-12-01T04:59:00.000Z')).toBe('2026-11-30');
  });

  it('takes a day bound as the whole day and an instant as itself', () => {
    const clock = new RestaurantClock('Europe/Paris');
    expect(windowOf({ from: '2026-12-01', to: '2026-12-01' }, clock)).toEqual({
      from: '2026-11-30T23:00:00.000Z',
      to: '2026-12-01T23:00:00.000Z',
    });
    expect(windowOf({ from: '2026-12-01T10:00:00Z', to: '2026-12-02' }, clock)).toEqual({
      from: '2026-12-01T10:00:00.000Z',
      to: '2026-12-02T23:00:00.000Z',
    });
  });
});

describe('CSV money', () => {
  it('writes minor units as the currency’s decimals, exactly', () => {
    expect(majorUnits(1250, 2)).toBe('12.50');
    expect(majorUnits(-5, 2)).toBe('-0.05');
    expect(majorUnits(1250, 0)).toBe('1250');
    expect(majorUnits(1, 3)).toBe('0.001');
    expect(majorUnits(0, 2)).toBe('0.00');
  });
});
