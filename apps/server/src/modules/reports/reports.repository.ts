import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The prep stamps of every line of the restaurant's orders placed in
 * [from, to) that reached the kitchen (no pending or rejected order) and was
 * not voided, with its item's and station's names as they are today. Reads
 * only; `from` and `to` are ISO-8601 UTC as the app writes timestamps, so
 * they compare as text.
 */
export async function selectPrepStamps(
  db: Kysely<Database>,
  restaurantId: string,
  window: { from: string; to: string },
) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('stations as st', 'st.id', 'l.station_id')
    .leftJoin('menu_items as mi', 'mi.id', 'l.menu_item_id')
    .select((eb) => [
      'l.menu_item_id as menuItemId',
      eb.fn.coalesce('mi.name', 'l.name').as('itemName'),
      'l.station_id as stationId',
      'st.name as stationName',
      'l.fired_at as firedAt',
      'l.ready_at as readyAt',
      'l.served_at as servedAt',
    ])
    .where('l.restaurant_id', '=', restaurantId)
    .where('o.restaurant_id', '=', restaurantId)
    .where('o.created_at', '>=', window.from)
    .where('o.created_at', '<', window.to)
    .where('o.approval', 'in', ['NOT_REQUIRED', 'ACCEPTED'])
    .where('l.status', '<>', 'CANCELLED')
    .execute();
}
export type PrepStampRow = Awaited<ReturnType<typeof selectPrepStamps>>[number];
