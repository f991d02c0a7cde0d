import { z } from 'zod';
import { Allergen, DietaryTag } from './admin.ts';
import { Cents, Id, Name, SignedCents, text } from './common.ts';

export const GuestMenuOption = z.object({ id: Id, name: Name, priceDeltaCents: SignedCents, available: z.boolean() });
export const GuestMenuGroup = z.object({
  id: Id,
  name: Name,
  min: z.number().int(),
  max: z.number().int(),
  options: z.array(GuestMenuOption),
});
export const GuestMenuItem = z.object({
  id: Id,
  name: Name,
  description: z.string(),
  priceCents: Cents,
  imageUrl: z.string().optional(),
  allergens: z.array(Allergen),
  tags: z.array(DietaryTag),
  available: z.boolean(),
  modifierGroups: z.array(GuestMenuGroup),
});
export const GuestMenuResponse = z
  .object({
    locale: z.string(),
    currency: z.string(),
    categories: z.array(z.object({ id: Id, name: Name, items: z.array(GuestMenuItem) })),
  })
  .meta({ id: 'GuestMenu' });
export type GuestMenuResponse = z.infer<typeof GuestMenuResponse>;
export const GuestMenuQuery = z.strictObject({ locale: text().max(20).optional() });
