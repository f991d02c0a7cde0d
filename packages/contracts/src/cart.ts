import { z } from 'zod';
import { Course, Id, LIMITS, Name, SignedCents, centsUpTo, text } from './common.ts';

export const Quantity = z.number().int().min(LIMITS.cartQuantityMin).max(LIMITS.cartQuantityMax);
/** A note to the kitchen: may run over several lines. */
export const Note = text({ trim: true, multiline: true }).max(LIMITS.noteMaxLength);

export const CartLineOption = z.object({ id: Id, name: Name, priceDeltaCents: SignedCents });

export const CartLine = z
  .object({
    id: Id,
    menuItemId: Id,
    name: Name,
    quantity: Quantity,
    options: z.array(CartLineOption),
    note: z.string(),
    /** Priced from today's menu on every read: bounded by what the menu and the cart may hold (LIMITS). */
    unitPriceCents: centsUpTo(LIMITS.cartUnitPriceCentsBound),
    lineTotalCents: centsUpTo(LIMITS.cartLineTotalCentsBound),
    guestId: Id.nullable(),
    /** 1 is "now"; a later course reaches the kitchen held, until a waiter fires it. */
    course: Course,
    /** False when the item or one of its options was 86'd after it was added. */
    available: z.boolean(),
  })
  .meta({ id: 'CartLine' });
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z
  .object({
    version: z.number().int().min(0),
    lines: z.array(CartLine),
    totalCents: centsUpTo(LIMITS.cartTotalCentsBound),
  })
  .meta({ id: 'Cart' });
export type Cart = z.infer<typeof Cart>;

export const AddCartLineRequest = z.strictObject({
  menuItemId: Id,
  quantity: Quantity,
  optionIds: z.array(Id).max(LIMITS.optionsPerLineMax).default([]),
  note: Note.optional(),
  /** A later course (a dessert ordered with the mains) waits, held, until a waiter fires it. */
  course: Course.default(1),
});
export type AddCartLineRequest = z.infer<typeof AddCartLineRequest>;
export const UpdateCartLineRequest = z
  .strictObject({ quantity: Quantity.optional(), note: Note.optional(), course: Course.optional() })
  .refine(
    (b) => b.quantity !== undefined || b.note !== undefined || b.course !== undefined,
    'give quantity, note or course',
  );
export type UpdateCartLineRequest = z.infer<typeof UpdateCartLineRequest>;
export const LineIdParams = z.strictObject({ lineId: Id });
