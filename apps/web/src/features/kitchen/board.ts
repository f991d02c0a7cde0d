import type { KitchenTicket } from '@plato/contracts';

/** A ticket as the screen holds it: when its clock started, on this device's clock (null: all held, untimed). */
export type BoardTicket = KitchenTicket & { startedAtMs: number | null };

/**
 * What a kitchen screen shows: its open tickets by id, the newest `seq` it
 * has seen of every ticket (also of those it dropped, so a late, older event
 * cannot bring a bumped ticket back), and the sequence its catch-up asks
 * `since`.
 */
export type Board = {
  tickets: Readonly<Record<string, BoardTicket>>;
  seen: Readonly<Record<string, number>>;
  seq: number;
};

export const emptyBoard: Board = { tickets: {}, seen: {}, seq: 0 };

/** Still to cook: shown on the board. Bumped, served and voided tickets leave it. */
export const isOpen = (ticket: KitchenTicket): boolean => ticket.status === 'NEW' || ticket.status === 'IN_PROGRESS';

function toBoardTicket(ticket: KitchenTicket, receivedAtMs: number): BoardTicket {
  const timed = ticket.timing !== 'HELD' && ticket.timing !== 'DONE';
  return { ...ticket, startedAtMs: timed ? receivedAtMs - ticket.ageSeconds * 1000 : null };
}

/**
 * Applies tickets (an answer or live events, in any order, any number of
 * times): each replaces what the board holds only when its `seq` is newer,
 * so a ticket is never shown twice, never rolled back by a stale event, and
 * a ticket heard of once is never lost. `seq` is the sequence an answer is
 * complete up to (events leave it alone: only an answer proves nothing
 * before it is missing).
 */
export function applyTickets(
  board: Board,
  tickets: readonly KitchenTicket[],
  receivedAtMs: number,
  seq?: number,
): Board {
  const next = { tickets: { ...board.tickets }, seen: { ...board.seen }, seq: Math.max(board.seq, seq ?? 0) };
  for (const ticket of tickets) {
    const held = next.seen[ticket.id];
    if (held !== undefined && held > ticket.seq) continue;
    // The same seq again (an event and an answer both carrying a change) changes nothing but may refresh the age.
    next.seen[ticket.id] = ticket.seq;
    if (isOpen(ticket)) next.tickets[ticket.id] = toBoardTicket(ticket, receivedAtMs);
    else delete next.tickets[ticket.id];
  }
  return next;
}

/** The board's tickets for a station (undefined: every station), oldest first as the kitchen works them. */
export function ticketsFor(board: Board, stationId: string | undefined): BoardTicket[] {
  return Object.values(board.tickets)
    .filter((t) => stationId === undefined || t.station.id === stationId)
    .sort(
      (a, b) =>
        a.createdAt.localeCompare(b.createdAt) ||
        a.orderNumber - b.orderNumber ||
        a.station.name.localeCompare(b.station.name),
    );
}

export type Thresholds = { warnMinutes: number; lateMinutes: number };
export type Timing = 'HELD' | 'ON_TIME' | 'WARNING' | 'LATE';

/** The ticket's age now and its timing at its station's thresholds (the server's rule, ticking on the screen). */
export function timingAt(
  ticket: BoardTicket,
  nowMs: number,
  thresholds: Thresholds | undefined,
): { ageSeconds: number; timing: Timing } {
  if (ticket.startedAtMs === null) return { ageSeconds: 0, timing: 'HELD' };
  const ageSeconds = Math.max(0, Math.floor((nowMs - ticket.startedAtMs) / 1000));
  if (!thresholds)
    return { ageSeconds, timing: ticket.timing === 'HELD' || ticket.timing === 'DONE' ? 'ON_TIME' : ticket.timing };
  if (ageSeconds >= thresholds.lateMinutes * 60) return { ageSeconds, timing: 'LATE' };
  if (ageSeconds >= thresholds.warnMinutes * 60) return { ageSeconds, timing: 'WARNING' };
  return { ageSeconds, timing: 'ON_TIME' };
}

/** "4:07", "1:02:30": minutes and seconds, hours when it comes to that. */
export function formatAge(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
