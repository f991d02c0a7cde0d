import type { AdminTable, FloorTable, Order } from '@plato/contracts';
import { expect, type Browser, type Page } from '@playwright/test';
import { PHONE, screenshot, staff, type StaffRole } from './guest-table.ts';

/** A waiter's tablet, the other size the floor is built for. */
export const TABLET = { width: 1024, height: 768 } as const;

/**
 * A member of staff's phone in a browser context of its own, signed in with the API's cookie. Alerts are
 * recorded: each tone Web Audio starts and each `navigator.vibrate` pattern, for the specs to count.
 */
export async function floorPhone(browser: Browser, baseURL: string, role: StaffRole = 'WAITER'): Promise<Page> {
  const api = await staff(baseURL, role);
  const context = await browser.newContext({
    ...PHONE,
    baseURL,
    locale: 'en-GB',
    storageState: await api.storageState(),
  });
  await context.addInitScript(() => {
    // The e2e project has no DOM types: the page's globals are described as far as this needs them.
    type Start = (this: unknown, ...args: unknown[]) => void;
    const page = globalThis as unknown as {
      OscillatorNode: { prototype: { start: Start } };
      Navigator: { prototype: object };
      plato?: { tones: number; vibrations: unknown[] };
    };
    const alerts = { tones: 0, vibrations: [] as unknown[] };
    page.plato = alerts;
    const start = page.OscillatorNode.prototype.start;
    page.OscillatorNode.prototype.start = function (this: unknown, ...args: unknown[]) {
      alerts.tones++;
      return start.apply(this, args);
    };
    Object.defineProperty(page.Navigator.prototype, 'vibrate', {
      configurable: true,
      value: (pattern: unknown) => {
        alerts.vibrations.push(pattern);
        return true;
      },
    });
  });
  return context.newPage();
}

/** What the page's alerts did so far (see `floorPhone`). */
export function alertsHeard(page: Page): Promise<{ tones: number; vibrations: unknown[] }> {
  return page.evaluate(() => (globalThis as { plato?: { tones: number; vibrations: unknown[] } }).plato!);
}

/**
 * Screenshots of the screen as it is, on the phone (390×844) and on the tablet (1024×768). The phone is left
 * scrolled where it was: a resize moves the scroll, and what the spec checks next must be what the waiter saw.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-phone`);
  const scrolledTo = await page.evaluate('window.scrollY');
  await page.setViewportSize(TABLET);
  await screenshot(page, `${name}-tablet`);
  await page.setViewportSize(PHONE.viewport);
  await page.evaluate(`window.scrollTo(0, ${String(scrolledTo)})`);
}

export async function floorTables(baseURL: string): Promise<FloorTable[]> {
  const waiter = await staff(baseURL, 'WAITER');
  return ((await (await waiter.get('/api/v1/floor')).json()) as { tables: FloorTable[] }).tables;
}

/** A free demo table nobody else's spec holds (Table 1 stays free for the specs that need one). */
export async function freeTable(baseURL: string, except: string[] = []): Promise<FloorTable> {
  const free = (await floorTables(baseURL)).find(
    (t) => t.status === 'FREE' && t.name !== 'Table 1' && !except.includes(t.name),
  );
  if (!free) throw new Error('no free demo table left: close sessions at the end of each spec');
  return free;
}

export async function tableLink(baseURL: string, tableId: string): Promise<string> {
  const admin = await staff(baseURL, 'ADMIN');
  const { tables } = (await (await admin.get('/api/v1/admin/tables')).json()) as { tables: AdminTable[] };
  return `/t/${tables.find((t) => t.id === tableId)!.qrToken}`;
}

export async function sessionOrders(baseURL: string, sessionId: string): Promise<Order[]> {
  const waiter = await staff(baseURL, 'WAITER');
  const res = await waiter.get(`/api/v1/sessions/${sessionId}/orders`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { orders: Order[] }).orders;
}

/** The restaurant's "guest orders need a waiter's approval" setting (the demo has it off). */
export async function requireApproval(baseURL: string, on: boolean): Promise<void> {
  const admin = await staff(baseURL, 'ADMIN');
  const res = await admin.patch('/api/v1/admin/settings', { data: { orderApproval: on } });
  expect(res.status(), await res.text()).toBe(200);
}

/** The table's tile on the floor: a link named by the table first (`Table 2` must not match `Table 12`). */
export const tile = (page: Page, table: string) => page.getByRole('link', { name: new RegExp(`^${table}(?!\\d)`) });
