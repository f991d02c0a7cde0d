import { z } from 'zod';
import { Call } from './calls.ts';
import { Cart } from './cart.ts';
import { Id } from './common.ts';
import { Order } from './orders.ts';
import { Guest, TableSession } from './sessions.ts';

export const GuestSessionResponse = z
  .object({
    session: TableSession,
    table: z.object({ id: Id, name: z.string() }),
    restaurant: z.object({
      name: z.string(),
      currency: z.string(),
      locale: z.string(),
      /** The tips the phone offers when paying, in percent. */
      tipPresetsPercent: z.array(z.number().int()),
    }),
    me: Guest,
    guests: z.array(Guest),
    cart: Cart,
    orders: z.array(Order),
    /** The table's calls still open or acknowledged: the phone shows "on the way" after a reload too. */
    calls: z.array(Call),
  })
  .meta({ id: 'GuestSession' });
export type GuestSessionResponse = z.infer<typeof GuestSessionResponse>;
