import type { KitchenTicket } from '@plato/contracts';
import { describe, expect, it } from 'vitest';
import { applyTickets, emptyBoard, formatAge, ticketsFor, timingAt } from './board';

const ticket = (id: string, seq: number, over: Partial<KitchenTicket> = {}): KitchenTicket => ({
  id,
  orderId: `order-${id}`,
  orderNumber: Number(id.replace(/\D/g, '')) || 1,
  table: 'Table 2',
  tableId: 'table-2',
  station: { id: 'grill', name: 'Grill' },
  status: 'NEW',
  createdAt: `2025-01-01T12:00:0${id.replace(/\D/g, '') || 0}.000Z`,
  ageSeconds: 30,
  timing: 'ON_TIME',
  seq,
  lines: [],
  ...over,
});

describe('the kitchen board', () => {
  it('shows a ticket heard both from a catch-up and an event once, at its newest state', () => {
    let board = applyTickets(emptyBoard, [ticket('t1', 3)], 1_000, 3);
    board = applyTickets(board, [ticket('t1', 5, { status: 'IN_PROGRESS' })], 2_000);
    board = applyTickets(board, [ticket('t1', 3), ticket('t2', 4)], 3_000, 6);
    expect(ticketsFor(board, undefined).map((t) => [t.id, t.status])).toEqual([
      ['t1', 'IN_PROGRESS'],
      ['t2', 'NEW'],
    ]);
    expect(board.seq).toBe(6);
  });

  it('drops a bumped ticket and never lets an older event bring it back', () => {
    let board = applyTickets(emptyBoard, [ticket('t1', 3)], 0, 3);
    board = applyTickets(board, [ticket('t1', 7, { status: 'READY', timing: 'DONE' })], 0);
    board = applyTickets(board, [ticket('t1', 5, { status: 'IN_PROGRESS' })], 0);
    expect(ticketsFor(board, undefined)).toEqual([]);
    // A recall is newer still: the ticket comes back.
    board = applyTickets(board, [ticket('t1', 9, { status: 'IN_PROGRESS' })], 0);
    expect(ticketsFor(board, undefined).map((t) => t.id)).toEqual(['t1']);
  });

  it('filters by station, oldest first', () => {
    const board = applyTickets(
      emptyBoard,
      [ticket('t3', 1), ticket('t1', 2, { station: { id: 'bar', name: 'Bar' } }), ticket('t2', 3)],
      0,
      3,
    );
    expect(ticketsFor(board, 'grill').map((t) => t.id)).toEqual(['t2', 't3']);
    expect(ticketsFor(board, undefined).map((t) => t.id)).toEqual(['t1', 't2', 't3']);
  });

  it("ticks the age on the screen's clock and turns at the station's thresholds; held tickets are untimed", () => {
    const board = applyTickets(emptyBoard, [ticket('t1', 1, { ageSeconds: 290 })], 100_000, 1);
    const t1 = board.tickets.t1!;
    const limits = { warnMinutes: 5, lateMinutes: 8 };
    expect(timingAt(t1, 100_000, limits)).toEqual({ ageSeconds: 290, timing: 'ON_TIME' });
    expect(timingAt(t1, 110_000, limits)).toEqual({ ageSeconds: 300, timing: 'WARNING' });
    expect(timingAt(t1, 100_000 + 190_000, limits)).toEqual({ ageSeconds: 480, timing: 'LATE' });
    const held = applyTickets(emptyBoard, [ticket('t2', 1, { ageSeconds: 0, timing: 'HELD' })], 0).tickets.t2!;
    expect(timingAt(held, 999_999, limits)).toEqual({ ageSeconds: 0, timing: 'HELD' });
  });

  it('writes ages as m:ss, with hours when needed', () => {
    expect(formatAge(7)).toBe('0:07');
    expect(formatAge(367)).toBe('6:07');
    expect(formatAge(3_750)).toBe('1:02:30');
  });
});
