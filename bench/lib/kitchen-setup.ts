import type { Category, MenuItem, ModifierGroup, ModifierOption, Station } from '@plato/contracts';
import { type HttpClient, cookieFrom } from './http.ts';
import type { LineChoice } from './plato-setup.ts';
import { nextAddress } from './plato-setup.ts';
import { BENCH_ADMIN } from './server-protocol.ts';

/**
 * A kitchen of several stations through the admin API: each station with
 * its own three items (one with a required choice), and chefs tied to it,
 * each signed in from its own address (the per-address sign-in limit).
 */

export const stationName = (s: number): string => `Station ${s + 1}`;

export interface KitchenMenu {
  stationIds: string[];
  /** Per station, one valid line for each of its items. */
  lines: LineChoice[][];
}

export async function buildStationMenu(
  client: HttpClient,
  staffCookie: string,
  stations: number,
): Promise<KitchenMenu> {
  const admin = async <T>(path: string, body: unknown): Promise<T> =>
    JSON.parse(
      (
        await client.expect(
          { method: 'POST', path: `/api/v1/admin${path}`, body, headers: { cookie: staffCookie } },
          201,
        )
      ).body,
    ) as T;
  const category = (await admin<{ category: Category }>('/categories', { name: 'Kitchen bench' })).category;
  const menu: KitchenMenu = { stationIds: [], lines: [] };
  for (let s = 0; s < stations; s++) {
    const station = (await admin<{ station: Station }>('/stations', { name: stationName(s) })).station;
    const lines: LineChoice[] = [];
    for (const [i, dish] of ['Plain', 'Special', 'With a side'].entries()) {
      const item = (
        await admin<{ item: MenuItem }>('/items', {
          categoryId: category.id,
          stationId: station.id,
          name: `${dish} ${s + 1}`,
          description: 'A bench dish',
          priceCents: 900 + 150 * i,
          allergens: ['GLUTEN'],
        })
      ).item;
      const optionIds: string[] = [];
      if (i === 2) {
        const group = (
          await admin<{ modifierGroup: ModifierGroup }>(`/items/${item.id}/modifier-groups`, {
            name: 'Side',
            minSelections: 1,
            maxSelections: 1,
          })
        ).modifierGroup;
        for (const name of ['Fries', 'Salad']) {
          const option = (
            await admin<{ modifierOption: ModifierOption }>(`/modifier-groups/${group.id}/options`, {
              name,
              priceDeltaCents: 50,
            })
          ).modifierOption;
          if (!optionIds.length) optionIds.push(option.id);
        }
      }
      lines.push({ menuItemId: item.id, optionIds });
    }
    menu.stationIds.push(station.id);
    menu.lines.push(lines);
  }
  return menu;
}

export interface Chef {
  station: number;
  /** The Cookie header of the chef's sign-in. */
  cookie: string;
}

/** `perStation` chefs tied to each station, each signed in once. */
export async function signInChefs(
  client: HttpClient,
  staffCookie: string,
  stationIds: string[],
  perStation: number,
): Promise<Chef[]> {
  const chefs: Chef[] = [];
  for (const [station, stationId] of stationIds.entries()) {
    for (let c = 0; c < perStation; c++) {
      const email = `chef-${station + 1}-${c + 1}@bench.plato`;
      await client.expect(
        {
          method: 'POST',
          path: '/api/v1/admin/staff',
          body: {
            name: `Chef ${station + 1}.${c + 1}`,
            email,
            password: BENCH_ADMIN.password,
            role: 'CHEF',
            stationId,
          },
          headers: { cookie: staffCookie },
        },
        201,
      );
      const res = await client.expect(
        {
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { restaurant: BENCH_ADMIN.slug, email, password: BENCH_ADMIN.password },
          headers: { 'x-forwarded-for': nextAddress() },
        },
        200,
      );
      chefs.push({ station, cookie: cookieFrom(res, 'plato_staff') });
    }
  }
  return chefs;
}
