import type { GuestSessionResponse } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { listSessionCalls } from '../calls/calls.service.ts';
import { getCartForGuest } from '../cart/cart.service.ts';
import { listSessionOrders } from '../orders/orders.service.ts';
import { findRestaurant } from '../restaurants/restaurants.repository.ts';
import { findTable } from '../tables/tables.repository.ts';
import { listGuests } from '../sessions/guests.repository.ts';
import type { GuestIdentity } from '../sessions/guest-tokens.repository.ts';
import { findSession, toTableSession } from '../sessions/sessions.repository.ts';

/** Everything a guest's phone needs after a reload or a reconnect, read fresh (carts carry their version). */
export async function getGuestSession(ctx: AppContext, guest: GuestIdentity): Promise<GuestSessionResponse> {
  const { restaurantId, sessionId } = guest;
  const [session, restaurant, guests, cart, orders, calls] = await Promise.all([
    findSession(ctx.db, restaurantId, sessionId),
    findRestaurant(ctx.db, restaurantId),
    listGuests(ctx.db, restaurantId, sessionId),
    getCartForGuest(ctx, guest),
    listSessionOrders(ctx, restaurantId, sessionId),
    listSessionCalls(ctx, restaurantId, sessionId),
  ]);
  if (!session || !restaurant) throw notFound('Session');
  const table = await findTable(ctx.db, restaurantId, session.table_id);
  if (!table) throw notFound('Table');
  return {
    session: toTableSession(session),
    table: { id: table.id, name: table.name },
    restaurant: {
      name: restaurant.name,
      currency: restaurant.currency,
      locale: restaurant.locale,
      tipPresetsPercent: restaurant.tipPresetsPercent,
    },
    me: { id: guest.guestId, name: guest.name },
    guests,
    cart,
    orders,
    calls,
  };
}
