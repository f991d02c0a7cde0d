import { z } from 'zod';
import { Cart } from './cart.ts';
import { Id } from './common.ts';
import { Order } from './orders.ts';
import { Guest, TableSession } from './sessions.ts';

export const GuestSessionResponse = z
  .object({
    session: TableSession,
    table: z.object({ id: Id, name: z.string() }),
    restaurant: z.object({ name: z.string(), currency: z.string(), locale: z.string() }),
    me: Guest,
    guests: z.array(Guest),
    cart: Cart,
    orders: z.array(Order),
  })
  .meta({ id: 'GuestSession' });
export type GuestSessionResponse = z.infer<typeof GuestSessionResponse>;
