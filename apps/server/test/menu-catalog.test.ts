import type { Category, Station } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff, buildStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { type Client, client, expectProblem, json } from './support/menu-helpers.ts';

let t: TestApp;
let admin: Client;
let restaurantId: string;

beforeAll(async () => {
  t = await createTestApp();
  const r = await buildRestaurantWithStaff(t.app, t.ctx);
  restaurantId = r.restaurant.id;
  admin = client(t.app, r.cookies.ADMIN);
});
afterAll(() => t.close());

describe('stations', () => {
  it('creates, reads, renames, lists by position then name, and deletes', async () => {
    const created = await admin('POST', '/stations', { name: '  Kitchen  ' });
    expect(created.statusCode, created.body).toBe(201);
    const kitchen = json<{ station: Station }>(created).station;
    expect(kitchen).toMatchObject({ name: 'Kitchen', position: 0 });

    // Without a position a station goes last; an explicit one is kept.
    const bar = json<{ station: Station }>(await admin('POST', '/stations', { name: 'Bar' })).station;
    expect(bar.position).toBe(1);
    const grill = json<{ station: Station }>(await admin('POST', '/stations', { name: 'Grill', position: 1 })).station;
    expect(grill.position).toBe(1);

    const list = json<{ stations: Station[] }>(await admin('GET', '/stations')).stations;
    expect(list.map((s) => s.name)).toEqual(['Kitchen', 'Bar', 'Grill']);

    const one = await admin('GET', `/stations/${bar.id}`);
    expect(one.statusCode).toBe(200);
    expect(json<{ station: Station }>(one).station).toEqual(bar);

    const patched = await admin('PATCH', `/stations/${bar.id}`, { name: 'Cocktail bar', position: 0 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<{ station: Station }>(patched).station).toEqual({
      id: bar.id,
      name: 'Cocktail bar',
      position: 0,
      warnMinutes: 10,
      lateMinutes: 20,
    });
    const reordered = json<{ stations: Station[] }>(await admin('GET', '/stations')).stations;
    expect(reordered.map((s) => s.name)).toEqual(['Cocktail bar', 'Kitchen', 'Grill']);

    const deleted = await admin('DELETE', `/stations/${grill.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expectProblem(await admin('GET', `/stations/${grill.id}`), 404, 'NOT_FOUND');
    expectProblem(await admin('DELETE', `/stations/${grill.id}`), 404, 'NOT_FOUND');
  });

  it('answers 409 CONFLICT for a duplicate name, on create and on rename', async () => {
    await admin('POST', '/stations', { name: 'Pastry' });
    const dup = expectProblem(await admin('POST', '/stations', { name: 'Pastry' }), 409, 'CONFLICT');
    expect(dup.detail).toContain('Pastry');
    const other = json<{ station: Station }>(await admin('POST', '/stations', { name: 'Cold' })).station;
    expectProblem(await admin('PATCH', `/stations/${other.id}`, { name: 'Pastry' }), 409, 'CONFLICT');
    expect(json<{ station: Station }>(await admin('GET', `/stations/${other.id}`)).station.name).toBe('Cold');
  });

  it('refuses to delete a station still used by items or staff, saying by what', async () => {
    const station = json<{ station: Station }>(await admin('POST', '/stations', { name: 'Wok' })).station;
    const category = json<{ category: Category }>(await admin('POST', '/categories', { name: 'Noodles' })).category;
    const item = await admin('POST', '/items', {
      categoryId: category.id,
      stationId: station.id,
      name: 'Pad thai',
      priceCents: 1200,
    });
    expect(item.statusCode, item.body).toBe(201);
    await buildStaff(t.ctx, restaurantId, 'CHEF', { stationId: station.id });

    const refused = expectProblem(await admin('DELETE', `/stations/${station.id}`), 409, 'CONFLICT');
    expect(refused.detail).toContain('1 menu item');
    expect(refused.detail).toContain('1 staff account');
    expect((await admin('GET', `/stations/${station.id}`)).statusCode).toBe(200);

    const itemId = json<{ item: { id: string } }>(item).item.id;
    expect((await admin('DELETE', `/items/${itemId}`)).statusCode).toBe(204);
    const stillStaff = expectProblem(await admin('DELETE', `/stations/${station.id}`), 409, 'CONFLICT');
    expect(stillStaff.detail).not.toContain('menu item');
    expect(stillStaff.detail).toContain('staff account');
  });
});

describe('categories', () => {
  it('creates with translations, orders by position then name, updates and deletes', async () => {
    const a = await admin('POST', '/categories', {
      name: 'Starters',
      position: 5,
      translations: { fr: { name: 'Entrées' } },
    });
    expect(a.statusCode, a.body).toBe(201);
    const starters = json<{ category: Category }>(a).category;
    expect(starters).toMatchObject({ name: 'Starters', position: 5, translations: { fr: { name: 'Entrées' } } });
    const desserts = json<{ category: Category }>(
      await admin('POST', '/categories', { name: 'Desserts', position: 5 }),
    ).category;
    const drinks = json<{ category: Category }>(
      await admin('POST', '/categories', { name: 'Drinks', position: 1 }),
    ).category;
    const list = json<{ categories: Category[] }>(await admin('GET', '/categories')).categories;
    const names = list.map((c) => c.name).filter((n) => ['Starters', 'Desserts', 'Drinks'].includes(n));
    expect(names).toEqual(['Drinks', 'Desserts', 'Starters']);

    // A new category without a position goes after every other one.
    const last = json<{ category: Category }>(await admin('POST', '/categories', { name: 'Coffee' })).category;
    expect(last.position).toBe(Math.max(...list.map((c) => c.position)) + 1);

    const patched = await admin('PATCH', `/categories/${drinks.id}`, { translations: { de: { name: 'Getränke' } } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<{ category: Category }>(patched).category).toEqual({
      ...drinks,
      translations: { de: { name: 'Getränke' } },
    });
    expect(json<{ category: Category }>(await admin('GET', `/categories/${drinks.id}`)).category.translations).toEqual({
      de: { name: 'Getränke' },
    });

    expect((await admin('DELETE', `/categories/${desserts.id}`)).statusCode).toBe(204);
    expectProblem(await admin('GET', `/categories/${desserts.id}`), 404, 'NOT_FOUND');
    expectProblem(await admin('POST', '/categories', { name: 'Starters' }), 409, 'CONFLICT');
  });

  it('refuses to delete a category that still has items', async () => {
    const category = json<{ category: Category }>(await admin('POST', '/categories', { name: 'Pizzas' })).category;
    const station = json<{ station: Station }>(await admin('POST', '/stations', { name: 'Oven' })).station;
    await admin('POST', '/items', {
      categoryId: category.id,
      stationId: station.id,
      name: 'Margherita',
      priceCents: 900,
    });
    await admin('POST', '/items', {
      categoryId: category.id,
      stationId: station.id,
      name: 'Diavola',
      priceCents: 1100,
    });
    const refused = expectProblem(await admin('DELETE', `/categories/${category.id}`), 409, 'CONFLICT');
    expect(refused.detail).toContain('2 items');
    expect((await admin('GET', `/categories/${category.id}`)).statusCode).toBe(200);
  });

  it('writes an audit record for each change, in the same restaurant', async () => {
    const category = json<{ category: Category }>(await admin('POST', '/categories', { name: 'Salads' })).category;
    await admin('PATCH', `/categories/${category.id}`, { name: 'Green salads' });
    await admin('DELETE', `/categories/${category.id}`);
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data', 'restaurant_id', 'actor_type'])
      .where('entity_id', '=', category.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'menu.category.created',
      'menu.category.updated',
      'menu.category.deleted',
    ]);
    expect(rows.every((r) => r.restaurant_id === restaurantId && r.actor_type === 'STAFF')).toBe(true);
    expect(JSON.parse(rows[1]!.data)).toEqual({ from: { name: 'Salads' }, to: { name: 'Green salads' } });
  });
});
