import type { Kysely } from 'kysely';
import { inList } from '../../db/in-list.ts';
import type { Database } from '../../db/schema.ts';
import { OPEN } from '../../db/status-literals.ts';

/** One table with what its OPEN session (if any) has going on, from one query. */
export interface FloorRow {
  id: string;
  name: string;
  seats: number;
  area: string;
  sessionId: string | null;
  mode: string | null;
  openedAt: string | null;
  guestCount: number | null;
  /** READY lines of the open session (null without one). */
  readyCount: number | null;
  /** PENDING orders of the open session (null without one). */
  pendingCount: number | null;
  /** Truthiness only: SQLite answers 0/1, PostgreSQL booleans. */
  waitingForFood: unknown;
  ordering: unknown;
}

/**
 * Every table of the restaurant (or those in `tableIds`) with its OPEN
 * session's facts as correlated subqueries: one round trip whatever the
 * number of tables, each subquery served by an index on session_id.
 */
export async function listFloorRows(
  db: Kysely<Database>,
  restaurantId: string,
  tableIds?: readonly string[],
): Promise<FloorRow[]> {
  if (tableIds && tableIds.length === 0) return [];
  let q = db
    .selectFrom('dining_tables as t')
    .leftJoin('table_sessions as s', (j) => j.onRef('s.table_id', '=', 't.id').on('s.status', '=', OPEN))
    .select(['t.id', 't.name', 't.seats', 't.area', 's.id as sessionId', 's.mode', 's.opened_at as openedAt'])
    .select((eb) => [
      eb
        .selectFrom('guests as g')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('g.session_id', '=', 's.id')
        .as('guestCount'),
      eb
        .selectFrom('order_lines as l')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('l.session_id', '=', 's.id')
        .where('l.status', '=', 'READY')
        .as('readyCount'),
      eb
        .selectFrom('orders as o')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('o.session_id', '=', 's.id')
        .where('o.approval', '=', 'PENDING')
        .as('pendingCount'),
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('order_lines as l')
              .select('l.id')
              .whereRef('l.session_id', '=', 's.id')
              .where('l.status', 'in', ['NEW', 'IN_PROGRESS']),
          ),
          eb.exists(
            eb
              .selectFrom('orders as o')
              .select('o.id')
              .whereRef('o.session_id', '=', 's.id')
              .where('o.approval', '=', 'PENDING'),
          ),
        ])
        .as('waitingForFood'),
      eb
        .exists(
          eb
            .selectFrom('carts as c')
            .innerJoin('cart_lines as cl', 'cl.cart_id', 'c.id')
            .select('cl.id')
            .whereRef('c.session_id', '=', 's.id'),
        )
        .as('ordering'),
    ])
    .where('t.restaurant_id', '=', restaurantId);
  if (tableIds) q = q.where('t.id', 'in', inList(tableIds));
  const rows = await q.execute();
  // PostgreSQL answers counts as bigint strings.
  const count = (n: number | string | null) => (n === null ? null : Number(n));
  return rows.map((r) => ({
    ...r,
    guestCount: count(r.guestCount),
    readyCount: count(r.readyCount),
    pendingCount: count(r.pendingCount),
  }));
}
