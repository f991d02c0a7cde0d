import { randomUUID } from 'node:crypto';
import type { MenuItem, Order } from '@plato/contracts';
import { expect, type Browser, type Page } from '@playwright/test';
import { staff, type StaffRole } from './guest-table.ts';

/** A kitchen screen: a landscape tablet or a TV on the pass. */
export const LANDSCAPE = { width: 1280, height: 800 } as const;

/** A member of staff's screen in a browser context of its own, signed in with the API's cookie (no extra sign-in). */
export async function staffScreen(browser: Browser, baseURL: string, role: StaffRole): Promise<Page> {
  const api = await staff(baseURL, role);
  const context = await browser.newContext({
    baseURL,
    viewport: LANDSCAPE,
    locale: 'en-GB',
    storageState: await api.storageState(),
  });
  return context.newPage();
}

type Menu = { items: MenuItem[] };
let menu: Promise<Menu> | undefined;

/** A demo menu item by name, with the first option of each group it requires (so it can be ordered as it is). */
export async function demoItem(baseURL: string, name: string): Promise<{ id: string; optionIds: string[] }> {
  menu ??= (async () => (await (await staff(baseURL, 'ADMIN')).get('/api/v1/admin/items')).json() as Promise<Menu>)();
  const item = (await menu).items.find((i) => i.name === name);
  if (!item) throw new Error(`no demo item named ${name}`);
  const optionIds = item.modifierGroups
    .filter((g) => g.minSelections > 0)
    .flatMap((g) => g.options.slice(0, g.minSelections).map((o) => o.id));
  return { id: item.id, optionIds };
}

export type StaffOrderLine = { item: string; quantity?: number; note?: string; course?: number };

/** A waiter takes an order for the table (staff orders reach the kitchen at once). */
export async function waiterOrder(baseURL: string, sessionId: string, lines: StaffOrderLine[]): Promise<Order> {
  const waiter = await staff(baseURL, 'WAITER');
  const body = {
    lines: await Promise.all(
      lines.map(async (l) => {
        const { id, optionIds } = await demoItem(baseURL, l.item);
        return { menuItemId: id, quantity: l.quantity ?? 1, optionIds, note: l.note, course: l.course };
      }),
    ),
  };
  const res = await waiter.post(`/api/v1/sessions/${sessionId}/orders`, {
    data: body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { order: Order }).order;
}
