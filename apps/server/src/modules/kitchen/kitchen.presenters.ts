import type { Allergen, KitchenLine, KitchenTicket, LineStatus, TicketStatus, TicketTiming } from '@plato/contracts';
import { type TicketLineRow, type TicketSelection, keepTicket } from './kitchen.repository.ts';

/*
 * Rows → the kitchen's view. Objects are built field by field from the
 * kitchen contracts, which have no money field: nothing a row carries beyond
 * them can reach a kitchen screen.
 */

/** Option names from an order line's snapshot (JSON written by order placement; its prices stay behind). */
export const optionNamesOf = (options: string): string[] =>
  (JSON.parse(options) as { name: string }[]).map((o) => o.name);

const toKitchenLine = (r: TicketLineRow): KitchenLine => ({
  id: r.id,
  name: r.name,
  quantity: r.quantity,
  options: optionNamesOf(r.options),
  note: r.note,
  allergens: r.allergens ? (JSON.parse(r.allergens) as Allergen[]) : [],
  course: r.course,
  held: Boolean(r.held),
  status: r.status as LineStatus,
  cancelReason: r.cancelReason,
  movedBy: r.movedById ? { id: r.movedById, name: r.movedByName ?? '' } : null,
  movedAt: r.movedAt,
});

/** A ticket's status follows its lines, as an order's does: cancelled lines count only when nothing else is left. */
export function ticketStatusOf(statuses: readonly LineStatus[]): TicketStatus {
  const live = statuses.filter((s) => s !== 'CANCELLED');
  if (live.length === 0) return 'CANCELLED';
  if (live.every((s) => s === 'SERVED')) return 'SERVED';
  if (live.every((s) => s === 'READY' || s === 'SERVED')) return 'READY';
  if (live.some((s) => s !== 'NEW')) return 'IN_PROGRESS';
  return 'NEW';
}

function timingOf(status: TicketStatus, ageSeconds: number | undefined, warn: number, late: number): TicketTiming {
  if (status !== 'NEW' && status !== 'IN_PROGRESS') return 'DONE';
  if (ageSeconds === undefined) return 'HELD';
  if (ageSeconds >= late * 60) return 'LATE';
  if (ageSeconds >= warn * 60) return 'WARNING';
  return 'ON_TIME';
}

/**
 * Groups lines (in order number, station, position order) into tickets.
 * Age runs from the first fired line still to cook (held lines are untimed).
 */
export function assembleTickets(
  rows: readonly TicketLineRow[],
  which: TicketSelection,
  now = Date.now(),
): KitchenTicket[] {
  const groups = new Map<string, TicketLineRow[]>();
  for (const r of rows) {
    const key = `${r.orderId}\n${r.stationId}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const tickets: KitchenTicket[] = [];
  for (const lines of groups.values()) {
    if (!keepTicket(which, lines)) continue;
    const first = lines[0]!;
    const status = ticketStatusOf(lines.map((l) => l.status as LineStatus));
    const fired = lines
      .filter((l) => l.firedAt !== null && !l.held && l.status !== 'CANCELLED')
      .map((l) => Date.parse(l.firedAt!));
    const since = fired.length > 0 ? Math.min(...fired) : undefined;
    const ageSeconds = since === undefined ? undefined : Math.max(0, Math.floor((now - since) / 1000));
    tickets.push({
      id: first.id,
      orderId: first.orderId,
      orderNumber: first.orderNumber,
      table: first.tableName,
      tableId: first.tableId,
      station: { id: first.stationId, name: first.stationName },
      status,
      createdAt: first.approval === 'ACCEPTED' && first.decidedAt ? first.decidedAt : first.orderedAt,
      ageSeconds: ageSeconds ?? 0,
      timing: timingOf(status, ageSeconds, first.warnMinutes, first.lateMinutes),
      seq: Math.max(...lines.map((l) => l.seq)),
      lines: lines.map(toKitchenLine),
    });
  }
  return tickets;
}

/** Oldest first: by when the ticket reached the kitchen, then its order number. */
export const oldestFirst = (a: KitchenTicket, b: KitchenTicket): number =>
  a.createdAt.localeCompare(b.createdAt) || a.orderNumber - b.orderNumber || a.station.id.localeCompare(b.station.id);
