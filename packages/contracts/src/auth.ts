import { z } from 'zod';
import { Id, Name, text } from './common.ts';

export const STAFF_ROLES = ['ADMIN', 'MANAGER', 'WAITER', 'CHEF', 'CASHIER'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const Email = text({ trim: true }).toLowerCase().pipe(z.email()).pipe(z.string().max(254));
/** Hashed, never stored as text, but a control character cannot be typed at a keyboard: refused like anywhere else. */
export const Password = text().min(8).max(200);
/** A closed format (letters, digits, dashes): admits no control character already. */
export const RestaurantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'lowercase letters, digits and dashes');

export const LoginRequest = z.strictObject({
  restaurant: RestaurantSlug,
  email: Email,
  password: text().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const StaffView = z
  .object({
    id: Id,
    name: Name,
    role: StaffRole,
    restaurantId: Id,
  })
  .meta({ id: 'StaffView' });
export type StaffView = z.infer<typeof StaffView>;

export const StaffResponse = z.object({ staff: StaffView });
export type StaffResponse = z.infer<typeof StaffResponse>;
