import type { FloorTable, FloorTableStatus } from '@plato/contracts';

/*
 * How the floor draws a table: a tone per status (a colour AND an icon, and
 * the status in words beside them), the facts worth a glance, and the tables
 * grouped by area in the floor's order.
 */

export type Tone = 'free' | 'seated' | 'busy' | 'ready' | 'bill';

export const STATUS_TONE: Record<FloorTableStatus, Tone> = {
  FREE: 'free',
  SEATED: 'seated',
  ORDERING: 'seated',
  WAITING_FOR_FOOD: 'busy',
  FOOD_READY: 'ready',
  BILL_REQUESTED: 'bill',
};

/** A shape per status, so the state reads without colour (and the word is always beside it). */
export const STATUS_ICON: Record<FloorTableStatus, string> = {
  FREE: '○',
  SEATED: '●',
  ORDERING: '✎',
  WAITING_FOR_FOOD: '◔',
  FOOD_READY: '★',
  BILL_REQUESTED: '€',
};

/** Whether the table needs someone now: a call, an order to approve or food at the pass. */
export function needsAttention(table: FloorTable): boolean {
  return table.calls.some((c) => c.status === 'OPEN') || table.pendingCount > 0 || table.readyCount > 0;
}

export type Area = { name: string; tables: FloorTable[] };

/** Areas in the order their first table comes on the floor (which the server sorts by name); '' last. */
export function groupByArea(tables: readonly FloorTable[]): Area[] {
  const areas = new Map<string, FloorTable[]>();
  for (const table of tables) {
    const list = areas.get(table.area) ?? [];
    list.push(table);
    areas.set(table.area, list);
  }
  const named = [...areas].filter(([name]) => name !== '');
  const rest = areas.get('');
  return [...named.map(([name, list]) => ({ name, tables: list })), ...(rest ? [{ name: '', tables: rest }] : [])];
}

/** Whole minutes from `since` to `now` (never negative: the tablet's clock may run behind the server's). */
export function minutesSince(since: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}
