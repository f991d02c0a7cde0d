import type { FloorTable } from '@plato/contracts';
import { describe, expect, it } from 'vitest';
import { groupByArea, minutesSince, needsAttention } from './table-state';

const table = (id: string, area: string, extra: Partial<FloorTable> = {}): FloorTable => ({
  id,
  name: id,
  seats: 4,
  area,
  status: 'FREE',
  guestCount: 0,
  readyCount: 0,
  pendingCount: 0,
  calls: [],
  ...extra,
});

describe('groupByArea', () => {
  it('keeps the floor order within and across areas, with tables of no area last', () => {
    const areas = groupByArea([
      table('1', 'Terrace'),
      table('2', ''),
      table('3', 'Dining room'),
      table('4', 'Terrace'),
    ]);
    expect(areas.map((a) => [a.name, a.tables.map((t) => t.id)])).toEqual([
      ['Terrace', ['1', '4']],
      ['Dining room', ['3']],
      ['', ['2']],
    ]);
  });
});

describe('needsAttention', () => {
  const call = {
    id: 'c',
    tableId: '1',
    sessionId: 's',
    kind: 'WAITER' as const,
    createdAt: '',
    lastRequestedAt: '',
    repeats: 0,
  };
  it('is true for an open call, an order to approve or ready food, not for an acknowledged call', () => {
    expect(needsAttention(table('1', ''))).toBe(false);
    expect(needsAttention(table('1', '', { calls: [{ ...call, status: 'OPEN' }] }))).toBe(true);
    expect(needsAttention(table('1', '', { calls: [{ ...call, status: 'ACKNOWLEDGED' }] }))).toBe(false);
    expect(needsAttention(table('1', '', { pendingCount: 1 }))).toBe(true);
    expect(needsAttention(table('1', '', { readyCount: 2 }))).toBe(true);
  });
});

describe('minutesSince', () => {
  it('counts whole minutes and never goes below zero', () => {
    const at = Date.parse('2026-01-01T12:00:00Z');
    expect(minutesSince('2026-01-01T11:00:30Z', at)).toBe(59);
    expect(minutesSince('2026-01-01T12:01:00Z', at)).toBe(0);
  });
});
