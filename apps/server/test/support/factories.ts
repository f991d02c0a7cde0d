import type { RestaurantSettings, StaffRole } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import { newId } from '../../src/db/ids.ts';
import type { AppContext } from '../../src/context.ts';
import { hashPassword } from '../../src/modules/staff/passwords.ts';
import { createRestaurant } from '../../src/modules/restaurants/restaurants.service.ts';
import { insertStaff } from '../../src/modules/staff/staff.repository.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
let counter = 0;
let cachedHash: Promise<string> | undefined;

export interface TestRestaurant {
  restaurant: RestaurantSettings;
  adminEmail: string;
}

export async function buildRestaurant(
  ctx: AppContext,
  overrides: { slug?: string; name?: string } = {},
): Promise<TestRestaurant> {
  counter += 1;
  const slug = overrides.slug ?? `r${counter}-${newId().slice(-6)}`;
  const adminEmail = `admin@${slug}.test`;
  const { restaurant } = await createRestaurant(ctx.db, {
    slug,
    name: overrides.name ?? `Restaurant ${counter}`,
    admin: { name: 'Ada Admin', email: adminEmail, password: TEST_PASSWORD },
  });
  return { restaurant, adminEmail };
}

/** Inserts a member of staff directly (hashing once per run keeps the suite fast). */
export async function buildStaff(
  ctx: AppContext,
  restaurantId: string,
  role: StaffRole,
  overrides: { email?: string; stationId?: string | null; name?: string } = {},
): Promise<{ id: string; email: string }> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const id = newId();
  const email = overrides.email ?? `${role.toLowerCase()}-${id.slice(-8)}@staff.test`;
  await insertStaff(ctx.db, {
    id,
    restaurantId,
    name: overrides.name ?? `${role[0]}${role.slice(1).toLowerCase()} ${id.slice(-4)}`,
    email,
    role,
    passwordHash: await cachedHash,
    stationId: overrides.stationId ?? null,
  });
  return { id, email };
}

/** Signs in through the real endpoint and returns the Cookie header to send. */
export async function login(
  app: FastifyInstance,
  slug: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<string> {
  // A fresh address per sign-in keeps the per-IP login limit out of tests that sign in often.
  const remoteAddress = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { restaurant: slug, email, password },
    remoteAddress,
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'plato_staff');
  if (!cookie) throw new Error('no plato_staff cookie');
  return `plato_staff=${cookie.value}`;
}

/** A restaurant with one signed-in member of staff per role. */
export async function buildRestaurantWithStaff(app: FastifyInstance, ctx: AppContext) {
  const { restaurant } = await buildRestaurant(ctx);
  const cookies = {} as Record<StaffRole, string>;
  const ids = {} as Record<StaffRole, string>;
  for (const role of ['ADMIN', 'MANAGER', 'WAITER', 'CHEF', 'CASHIER'] as const) {
    const s = await buildStaff(ctx, restaurant.id, role);
    ids[role] = s.id;
    cookies[role] = await login(app, restaurant.slug, s.email);
  }
  return { restaurant, cookies, ids };
}
