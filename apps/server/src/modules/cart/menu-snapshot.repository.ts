import type { Kysely } from 'kysely';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The menu facts that price and validate cart and order lines, for the whole
 * restaurant, in one statement: a row per option (or per group without
 * options, or per item without groups), items together, groups and options
 * in menu order.
 */
export const selectMenuFacts = precompiled((db, p: { restaurantId: string }) =>
  db
    .selectFrom('menu_items as i')
    .leftJoin('modifier_groups as g', (join) =>
      join.onRef('g.item_id', '=', 'i.id').on('g.restaurant_id', '=', p.restaurantId),
    )
    .leftJoin('modifier_options as o', (join) =>
      join.onRef('o.group_id', '=', 'g.id').on('o.restaurant_id', '=', p.restaurantId),
    )
    .select([
      'i.id as itemId',
      'i.name as itemName',
      'i.price_cents as priceCents',
      'i.available as itemAvailable',
      'i.station_id as stationId',
      'g.id as groupId',
      'g.name as groupName',
      'g.min_selections as min',
      'g.max_selections as max',
      'o.id as optionId',
      'o.name as optionName',
      'o.price_delta_cents as priceDeltaCents',
      'o.available as optionAvailable',
    ])
    .where('i.restaurant_id', '=', p.restaurantId)
    .orderBy('i.id')
    .orderBy('g.position')
    .orderBy('g.id')
    .orderBy('o.position')
    .orderBy('o.id'),
);

export type MenuFactRow = Awaited<ReturnType<typeof selectMenuFacts>>[number];

const selectMenuVersion = precompiled((db, p: { restaurantId: string }) =>
  db.selectFrom('restaurants').select('menu_version').where('id', '=', p.restaurantId),
);

/** The restaurant's menu version (triggers bump it on every menu change); undefined for no such restaurant. */
export async function menuVersionOf(db: Kysely<Database>, restaurantId: string): Promise<number | undefined> {
  const [row] = await selectMenuVersion(db, { restaurantId });
  return row?.menu_version;
}
