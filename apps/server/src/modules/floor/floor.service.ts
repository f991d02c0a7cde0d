import type { Call, FloorTable, FloorTableStatus, SessionMode } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { listUnresolvedCalls, toCall } from '../calls/calls.repository.ts';
import { type FloorRow, listFloorRows } from './floor.repository.ts';

/** "Table 2" before "Table 10", case and accents aside (as the tables admin sorts them). */
const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const naturally = (a: FloorRow, b: FloorRow) =>
  byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The most urgent fact about the table wins: bill > food ready > waiting > ordering > seated. */
function statusOf(r: FloorRow, calls: readonly Call[]): FloorTableStatus {
  if (!r.sessionId) return 'FREE';
  if (calls.some((c) => c.kind === 'BILL')) return 'BILL_REQUESTED';
  if (r.readyCount) return 'FOOD_READY';
  if (r.waitingForFood) return 'WAITING_FOR_FOOD';
  if (r.ordering) return 'ORDERING';
  return 'SEATED';
}

/** Two queries whatever the number of tables: the tables with their sessions' facts, then the open calls. */
async function loadFloor(ctx: AppContext, restaurantId: string, tableIds?: readonly string[]): Promise<FloorTable[]> {
  const rows = await listFloorRows(ctx.db, restaurantId, tableIds);
  const sessionIds = rows.flatMap((r) => (r.sessionId ? [r.sessionId] : []));
  const callRows = await listUnresolvedCalls(ctx.db, restaurantId, tableIds ? sessionIds : undefined);
  const callsBySession = new Map<string, Call[]>();
  for (const c of callRows) {
    const list = callsBySession.get(c.session_id) ?? [];
    list.push(toCall(c));
    callsBySession.set(c.session_id, list);
  }
  return rows.sort(naturally).map((r) => {
    const calls = r.sessionId ? (callsBySession.get(r.sessionId) ?? []) : [];
    return {
      id: r.id,
      name: r.name,
      seats: r.seats,
      area: r.area,
      status: statusOf(r, calls),
      ...(r.sessionId && { sessionId: r.sessionId, mode: r.mode as SessionMode }),
      ...(r.sessionId && r.openedAt && { openedAt: r.openedAt }),
      guestCount: r.guestCount ?? 0,
      readyCount: r.readyCount ?? 0,
      pendingCount: r.pendingCount ?? 0,
      calls,
    };
  });
}

export const getFloor = (ctx: AppContext, restaurantId: string): Promise<FloorTable[]> => loadFloor(ctx, restaurantId);

/** One table as the floor shows it; undefined when the restaurant has no such table. */
export async function floorTable(
  ctx: AppContext,
  restaurantId: string,
  tableId: string,
): Promise<FloorTable | undefined> {
  const [table] = await loadFloor(ctx, restaurantId, [tableId]);
  return table;
}

/**
 * Emits `table.updated` for each table, read fresh from the database: call it
 * after the change has committed. Best effort by design: the change is already
 * acknowledged, and a screen that missed an event refetches the floor when
 * it reconnects, so a failed read here must not turn a success into an error.
 */
export async function publishTables(ctx: AppContext, restaurantId: string, tableIds: readonly string[]): Promise<void> {
  try {
    for (const table of await loadFloor(ctx, restaurantId, [...new Set(tableIds)]))
      ctx.live.tableUpdated(restaurantId, table);
  } catch {
    // See above: nothing to undo, and the next refetch shows the truth.
  }
}

/** How long a burst of changes at the tables may gather before one `table.updated` per table goes out. */
const COALESCE_MS = 25;
const pendingTables = new WeakMap<AppContext, Map<string, Set<string>>>();

/**
 * `publishTables` for hot paths (every cart change, every order): the event
 * carries the table's whole state, so during a rush the changes to one table
 * within a few milliseconds become one floor read and one event.
 */
export function publishTablesSoon(ctx: AppContext, restaurantId: string, tableIds: readonly string[]): void {
  let byRestaurant = pendingTables.get(ctx);
  if (!byRestaurant) {
    const batch = new Map<string, Set<string>>();
    byRestaurant = batch;
    pendingTables.set(ctx, batch);
    setTimeout(() => {
      pendingTables.delete(ctx);
      for (const [rid, ids] of batch) void publishTables(ctx, rid, [...ids]);
    }, COALESCE_MS).unref();
  }
  const ids = byRestaurant.get(restaurantId) ?? new Set<string>();
  for (const id of tableIds) ids.add(id);
  byRestaurant.set(restaurantId, ids);
}
