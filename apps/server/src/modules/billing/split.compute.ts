import { allocate, mulDivRound } from './allocation.ts';
import type { Bill } from './bill.compute.ts';

/*
 * Splitting a bill's balance into parts (PRODUCT.md "Splits"). Every split
 * first weighs its parts, then gives the balance out by largest remainder,
 * so parts always sum to the balance to the cent and none is negative; tax
 * and service are spread over the parts in proportion to their amounts.
 */

export type SplitRequest =
  | { method: 'EQUAL'; parts: number }
  | { method: 'BY_GUEST' }
  | { method: 'BY_ITEMS'; groups: readonly (readonly string[])[] }
  | { method: 'CUSTOM'; amountsCents: readonly number[] };

export interface SplitPart {
  label: string;
  amountCents: number;
  taxCents: number;
  serviceCents: number;
  /** BY_ITEMS: the lines (or shares of lines) the part pays. */
  lineIds?: string[];
  /** BY_GUEST: whose part it is. */
  guestId?: string;
  /** BY_ITEMS: the lines no group took. */
  rest?: boolean;
}

export interface SplitContext {
  mode: 'FAMILY' | 'INDIVIDUAL';
  /** The session's guests, in the order they joined. */
  guests: readonly { id: string; name: string }[];
}

/** Why a split cannot be made: a field and what is wrong with it (answered 400). */
export class SplitRefused extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export function computeSplit(bill: Bill, request: SplitRequest, context: SplitContext): SplitPart[] {
  const weighed = weigh(bill, request, context);
  const amounts =
    request.method === 'CUSTOM'
      ? [...request.amountsCents]
      : allocate(
          bill.balanceCents,
          weighed.map((p) => p.weight),
        );
  // The tax and service in what is still owed (all of it before any payment), spread like the amounts.
  const share = (cents: number) =>
    bill.totalCents > 0 ? mulDivRound(cents, Math.max(0, bill.balanceCents), bill.totalCents) : 0;
  const tax = allocate(share(bill.taxCents), amounts);
  const service = allocate(share(bill.serviceCents), amounts);
  return weighed.map((p, i) => ({
    label: p.label,
    amountCents: amounts[i]!,
    taxCents: tax[i]!,
    serviceCents: service[i]!,
    ...(p.lineIds && { lineIds: p.lineIds }),
    ...(p.guestId && { guestId: p.guestId }),
    ...(p.rest && { rest: true }),
  }));
}

interface Weighed {
  label: string;
  weight: number;
  lineIds?: string[];
  guestId?: string;
  rest?: boolean;
}

function weigh(bill: Bill, request: SplitRequest, context: SplitContext): Weighed[] {
  switch (request.method) {
    case 'EQUAL':
      return Array.from({ length: request.parts }, (_, i) => ({
        label: `Part ${i + 1} of ${request.parts}`,
        weight: 1,
      }));
    case 'CUSTOM': {
      const total = request.amountsCents.reduce((a, b) => a + b, 0);
      if (total !== bill.balanceCents) {
        throw new SplitRefused(
          'body.amountsCents',
          `The amounts add up to ${total}, but the balance is ${bill.balanceCents}`,
        );
      }
      return request.amountsCents.map((_, i) => ({ label: `Part ${i + 1}`, weight: 0 }));
    }
    case 'BY_GUEST': {
      const { guests } = context;
      if (guests.length === 0) throw new SplitRefused('body.method', 'Nobody has joined this table to split by guest');
      const weights = guests.map(() => 0);
      for (const line of bill.lines) {
        const own = context.mode === 'INDIVIDUAL' ? guests.findIndex((g) => g.id === line.guestId) : -1;
        if (own >= 0) weights[own]! += line.dueCents;
        else {
          // FAMILY lines, a waiter's and those of a guest no longer here are shared by everyone present.
          allocate(
            line.dueCents,
            guests.map(() => 1),
          ).forEach((x, i) => (weights[i]! += x));
        }
      }
      return guests.map((g, i) => ({ label: g.name, weight: weights[i]!, guestId: g.id }));
    }
    case 'BY_ITEMS': {
      const byId = new Map(bill.lines.map((l) => [l.id, l]));
      const groupsOf = new Map<string, number[]>();
      request.groups.forEach((group, g) =>
        group.forEach((lineId, k) => {
          if (!byId.has(lineId)) {
            throw new SplitRefused(`body.groups.${g}.${k}`, 'Not a line of this bill (or a cancelled one)');
          }
          const list = groupsOf.get(lineId) ?? [];
          if (!list.includes(g)) list.push(g);
          groupsOf.set(lineId, list);
        }),
      );
      const rest = bill.lines.filter((l) => !groupsOf.has(l.id));
      const parts: Weighed[] = request.groups.map((group, g) => ({
        label: `Group ${g + 1}`,
        weight: 0,
        lineIds: [...new Set(group)],
      }));
      for (const [lineId, groups] of groupsOf) {
        // A line in several groups is shared among them: a bottle of wine split three ways.
        allocate(
          byId.get(lineId)!.dueCents,
          groups.map(() => 1),
        ).forEach((x, k) => (parts[groups[k]!]!.weight += x));
      }
      if (rest.length > 0) {
        parts.push({
          label: 'Rest',
          weight: rest.reduce((a, l) => a + l.dueCents, 0),
          lineIds: rest.map((l) => l.id),
          rest: true,
        });
      }
      return parts;
    }
  }
}
