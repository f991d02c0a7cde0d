import type { GuestMenuResponse, PlaceStaffOrderRequest } from '@plato/contracts';
import { LIMITS } from '@plato/contracts/constants';

/*
 * The order a waiter builds at the table before sending it: pure rules the
 * picker and the tests share (a group's min/max, what a line costs, the
 * request it becomes), so the screen cannot send what the server refuses.
 */

export type MenuItem = GuestMenuResponse['categories'][number]['items'][number];
export type MenuGroup = MenuItem['modifierGroups'][number];

export type DraftLine = {
  /** Local only: tells two lines of the same dish apart. */
  key: string;
  item: MenuItem;
  optionIds: string[];
  quantity: number;
  note: string;
  /** 1 now; a later course is held until the waiter fires it. */
  course: number;
};

/**
 * The options chosen after a tap on `optionId`: a one-choice group swaps its
 * choice; a group at its maximum refuses one more (the screen greys it out).
 */
export function toggleOption(group: MenuGroup, chosen: readonly string[], optionId: string): string[] {
  const inGroup = new Set(group.options.map((o) => o.id));
  if (chosen.includes(optionId)) return chosen.filter((id) => id !== optionId);
  if (group.max === 1) return [...chosen.filter((id) => !inGroup.has(id)), optionId];
  const count = chosen.filter((id) => inGroup.has(id)).length;
  return count >= group.max ? [...chosen] : [...chosen, optionId];
}

/** Whether another option of the group may still be ticked. */
export function groupFull(group: MenuGroup, chosen: readonly string[]): boolean {
  return group.max > 1 && group.options.filter((o) => chosen.includes(o.id)).length >= group.max;
}

/** The first group whose choices fall short of its minimum (undefined when the dish can be ordered). */
export function missingGroup(item: MenuItem, chosen: readonly string[]): MenuGroup | undefined {
  return item.modifierGroups.find((g) => g.options.filter((o) => chosen.includes(o.id)).length < g.min);
}

/** What the line costs as the menu says now (the server prices the order itself). */
export function lineTotalCents(line: Pick<DraftLine, 'item' | 'optionIds' | 'quantity'>): number {
  const options = line.item.modifierGroups
    .flatMap((g) => g.options)
    .filter((o) => line.optionIds.includes(o.id))
    .reduce((sum, o) => sum + o.priceDeltaCents, 0);
  return (line.item.priceCents + options) * line.quantity;
}

export function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return 1;
  return Math.min(LIMITS.cartQuantityMax, Math.max(1, Math.round(quantity)));
}

/** The request body for POST /sessions/:id/orders. */
export function toOrderRequest(lines: readonly DraftLine[]): PlaceStaffOrderRequest {
  return {
    lines: lines.map((l) => ({
      menuItemId: l.item.id,
      quantity: l.quantity,
      optionIds: l.optionIds,
      ...(l.note.trim() && { note: l.note.trim() }),
      course: l.course,
    })),
  };
}
