import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, mulDivRound, roundToStep } from './allocation.ts';
import { type BillLineInput, type DiscountInput, type PaymentInput, computeBill } from './bill.compute.ts';
import { SplitRefused, computeSplit } from './split.compute.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** A served line, one of, untaxed and without service unless `more` says otherwise. */
const item = (id: string, unitPriceCents: number, more: Partial<BillLineInput> = {}): BillLineInput => ({
  id,
  name: id,
  quantity: 1,
  unitPriceCents,
  status: 'SERVED',
  guestId: null,
  taxRateBps: 0,
  serviceApplies: false,
  ...more,
});

describe('allocate', () => {
  it('gives out exactly the total, each part within a cent of its exact share, none negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(sum(parts)).toBe(total);
          const whole = sum(weights);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            const exact = whole === 0 ? total / weights.length : (total * weights[i]!) / whole;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });

  it('splits 100 three ways as 34, 33, 33 and gives a zero weight nothing', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [0, 1, 1])).toEqual([0, 5, 5]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('rounds halves up, and cash to its step', () => {
    expect(mulDivRound(1005, 1, 10)).toBe(101);
    expect(mulDivRound(1004, 1, 10)).toBe(100);
    expect(roundToStep(1234, 5)).toBe(1235);
    expect(roundToStep(1232, 5)).toBe(1230);
    expect(roundToStep(1234, 10)).toBe(1230);
  });
});

const line = fc.record({
  unitPriceCents: fc.integer({ min: 0, max: 500_000 }),
  quantity: fc.integer({ min: 1, max: 99 }),
  status: fc.constantFrom('NEW', 'IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED' as const),
  guest: fc.integer({ min: 0, max: 3 }),
  taxRateBps: fc.constantFrom(0, 500, 700, 1000, 2000, 2100),
  serviceApplies: fc.boolean(),
});
const discount = fc.record({
  kind: fc.constantFrom('PERCENT', 'AMOUNT' as const),
  value: fc.integer({ min: 1, max: 10_000 }),
  onLine: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
});
const world = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 40 }),
  discounts: fc.array(discount, { maxLength: 4 }),
  taxInclusive: fc.boolean(),
  serviceChargeBps: fc.constantFrom(0, 1000, 1250),
  paidShare: fc.integer({ min: 0, max: 100 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function billOf(w: World) {
  const lines: BillLineInput[] = w.lines.map((l, i) => ({
    id: `line-${i}`,
    name: `Item ${i}`,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    status: l.status as BillLineInput['status'],
    guestId: `guest-${l.guest}`,
    taxRateBps: l.taxRateBps,
    serviceApplies: l.serviceApplies,
  }));
  const discounts: DiscountInput[] = w.discounts.map((d, i) => ({
    id: `d-${i}`,
    kind: d.kind as DiscountInput['kind'],
    value: d.value,
    lineId: d.onLine === null ? null : `line-${d.onLine % lines.length}`,
  }));
  const before = computeBill({
    lines,
    discounts,
    payments: [],
    refunds: [],
    settings: { taxInclusive: w.taxInclusive, serviceChargeBps: w.serviceChargeBps },
    sessionOpen: true,
  });
  const paid: PaymentInput[] = [
    {
      amountCents: Math.floor((before.totalCents * w.paidShare) / 100),
      tipCents: 0,
      roundingCents: 0,
      status: 'SUCCEEDED',
    },
  ];
  return computeBill({
    lines,
    discounts,
    payments: paid,
    refunds: [],
    settings: { taxInclusive: w.taxInclusive, serviceChargeBps: w.serviceChargeBps },
    sessionOpen: true,
  });
}

describe('the bill', () => {
  it('never drifts by a cent: lines add up to every total, tax identities hold, nothing negative', () => {
    fc.assert(
      fc.property(world, (w) => {
        const bill = billOf(w);
        const live = w.lines.filter((l) => l.status !== 'CANCELLED');
        expect(bill.lines).toHaveLength(live.length);
        expect(bill.subtotalCents).toBe(sum(live.map((l) => l.unitPriceCents * l.quantity)));
        expect(sum(bill.lines.map((l) => l.netCents))).toBe(bill.subtotalCents - bill.discountCents);
        expect(sum(bill.lines.map((l) => l.taxCents))).toBe(bill.taxCents);
        expect(sum(bill.lines.map((l) => l.serviceCents))).toBe(bill.serviceCents);
        expect(sum(bill.lines.map((l) => l.dueCents))).toBe(bill.totalCents);
        expect(sum(bill.taxes.map((t) => t.taxCents))).toBe(bill.taxCents);
        for (const l of bill.lines) {
          expect(l.netCents).toBeGreaterThanOrEqual(0);
          expect(l.discountCents).toBeLessThanOrEqual(l.grossCents);
        }
        for (const t of bill.taxes) {
          if (w.taxInclusive) {
            // Extracted: what is left without the tax, grossed up again, gives the base back to the cent.
            expect(t.baseCents - t.taxCents).toBe(mulDivRound(t.baseCents, 10_000, 10_000 + t.rateBps));
            expect(t.taxCents).toBeLessThanOrEqual(t.baseCents);
          } else {
            expect(t.taxCents).toBe(mulDivRound(t.baseCents, t.rateBps, 10_000));
          }
        }
        expect(bill.totalCents).toBe(
          bill.subtotalCents - bill.discountCents + (w.taxInclusive ? 0 : bill.taxCents) + bill.serviceCents,
        );
        expect(bill.balanceCents).toBe(bill.totalCents - bill.paidCents);
        expect(bill.balanceCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('prices a known bill: 10% bill discount, 20% tax added, 12.5% service', () => {
    const bill = computeBill({
      lines: [
        item('a', 1450, { name: 'Burger', quantity: 2, taxRateBps: 2000, serviceApplies: true }),
        item('b', 500, { name: 'Beer', status: 'NEW', taxRateBps: 2000, serviceApplies: true }),
        item('c', 900, { name: 'Void', status: 'CANCELLED', taxRateBps: 2000, serviceApplies: true }),
      ],
      discounts: [{ id: 'd', kind: 'PERCENT', value: 1000, lineId: null }],
      payments: [{ amountCents: 1000, tipCents: 150, roundingCents: 0, status: 'SUCCEEDED' }],
      refunds: [],
      settings: { taxInclusive: false, serviceChargeBps: 1250 },
      sessionOpen: true,
    });
    // 3400 − 340 = 3060; tax 612; service 382.5 → 383; total 4055.
    expect(bill).toMatchObject({
      subtotalCents: 3400,
      discountCents: 340,
      taxCents: 612,
      serviceCents: 383,
      totalCents: 4055,
      tipCents: 150,
      paidCents: 1000,
      balanceCents: 3055,
    });
  });
});

describe('splits', () => {
  const context = {
    mode: 'INDIVIDUAL' as const,
    guests: [0, 1, 2, 3].map((g) => ({ id: `guest-${g}`, name: `Guest ${g}` })),
  };
  const request = fc.oneof(
    fc.record({ method: fc.constant('EQUAL' as const), parts: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ method: fc.constant('BY_GUEST' as const) }),
    fc.record({
      method: fc.constant('BY_ITEMS' as const),
      picks: fc.array(fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 6 }), { minLength: 1, maxLength: 5 }),
    }),
  );

  it('always sums to the balance, with no part negative, whatever the split', () => {
    fc.assert(
      fc.property(world, request, fc.constantFrom('FAMILY', 'INDIVIDUAL' as const), (w, r, mode) => {
        const bill = billOf(w);
        const ids = bill.lines.map((l) => l.id);
        const split =
          r.method === 'BY_ITEMS'
            ? { method: r.method, groups: r.picks.map((g) => g.filter((i) => i < ids.length).map((i) => ids[i]!)) }
            : r;
        if (split.method === 'BY_ITEMS' && ids.length === 0) return;
        const parts = computeSplit(bill, split, { ...context, mode: mode as 'FAMILY' | 'INDIVIDUAL' });
        expect(sum(parts.map((p) => p.amountCents))).toBe(bill.balanceCents);
        for (const p of parts) expect(p.amountCents).toBeGreaterThanOrEqual(0);
        expect(sum(parts.map((p) => p.taxCents))).toBeLessThanOrEqual(bill.taxCents);
      }),
    );
  });

  it('shares a line among the groups that name it, and puts the rest in its own part', () => {
    const bill = computeBill({
      lines: [
        item('wine', 3000, { name: 'Wine' }),
        item('soup', 800, { name: 'Soup' }),
        item('cake', 601, { name: 'Cake' }),
      ],
      discounts: [],
      payments: [],
      refunds: [],
      settings: { taxInclusive: true, serviceChargeBps: 0 },
      sessionOpen: true,
    });
    const parts = computeSplit(bill, { method: 'BY_ITEMS', groups: [['wine', 'soup'], ['wine'], ['wine']] }, context);
    expect(parts.map((p) => [p.label, p.amountCents])).toEqual([
      ['Group 1', 1800],
      ['Group 2', 1000],
      ['Group 3', 1000],
      ['Rest', 601],
    ]);
  });

  it('refuses custom amounts that do not add up to the balance', () => {
    const bill = billOf({
      lines: [{ unitPriceCents: 1000, quantity: 1, status: 'NEW', guest: 0, taxRateBps: 0, serviceApplies: false }],
      discounts: [],
      taxInclusive: true,
      serviceChargeBps: 0,
      paidShare: 0,
    });
    expect(() => computeSplit(bill, { method: 'CUSTOM', amountsCents: [500, 400] }, context)).toThrow(SplitRefused);
    expect(
      computeSplit(bill, { method: 'CUSTOM', amountsCents: [500, 500] }, context).map((p) => p.amountCents),
    ).toEqual([500, 500]);
  });

  it('BY_GUEST: each guest pays their own lines, and shares the table’s', () => {
    const bill = computeBill({
      lines: [
        item('a', 1000, { name: 'A', status: 'NEW', guestId: 'guest-0' }),
        item('b', 2000, { name: 'B', status: 'NEW', guestId: 'guest-1' }),
        item('c', 301, { name: 'Bread', status: 'NEW' }),
      ],
      discounts: [],
      payments: [],
      refunds: [],
      settings: { taxInclusive: true, serviceChargeBps: 0 },
      sessionOpen: true,
    });
    const two = { mode: 'INDIVIDUAL' as const, guests: context.guests.slice(0, 2) };
    expect(computeSplit(bill, { method: 'BY_GUEST' }, two).map((p) => p.amountCents)).toEqual([1151, 2150]);
  });
});
