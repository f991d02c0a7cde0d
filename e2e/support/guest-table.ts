import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { AdminTable, FloorTable, OpenSessionResponse, SessionMode } from '@plato/contracts';
import {
  test as base,
  expect,
  request as requests,
  type APIRequestContext,
  type Browser,
  type Page,
} from '@playwright/test';

export { expect } from '@playwright/test';

/** A mid-range phone: what every guest spec runs in. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
} as const;

export type StaffRole = 'ADMIN' | 'MANAGER' | 'WAITER' | 'CHEF' | 'CASHIER';

const signedIn = new Map<string, Promise<APIRequestContext>>();

/**
 * A member of the demo staff signed in through the API, as their app would be:
 * once per role and run (sign-ins are rate limited per address, and every spec
 * needs a waiter), so callers never dispose of it.
 */
export function staff(baseURL: string, role: StaffRole): Promise<APIRequestContext> {
  const key = `${baseURL} ${role}`;
  let context = signedIn.get(key);
  if (!context) {
    context = (async () => {
      const created = await requests.newContext({ baseURL });
      const res = await created.post('/api/v1/auth/login', {
        data: { restaurant: 'demo', email: `${role.toLowerCase()}@demo.plato`, password: 'plato-demo' },
      });
      expect(res.ok(), await res.text()).toBe(true);
      return created;
    })();
    signedIn.set(key, context);
  }
  return context;
}

export type SeatedTable = { name: string; qrToken: string; path: string; pin: string; sessionId: string };

/**
 * A waiter opens a free demo table (each spec takes its own, so specs never
 * share a session) and tells the PIN; the admin's table list gives its link.
 */
export async function seatTable(baseURL: string, mode: SessionMode): Promise<SeatedTable> {
  const waiter = await staff(baseURL, 'WAITER');
  const admin = await staff(baseURL, 'ADMIN');
  const { tables: floor } = (await (await waiter.get('/api/v1/floor')).json()) as { tables: FloorTable[] };
  const { tables } = (await (await admin.get('/api/v1/admin/tables')).json()) as { tables: AdminTable[] };
  // Table 1 stays free for the specs that look at a table nobody opened.
  const free = floor.find((t) => t.status === 'FREE' && t.name !== 'Table 1');
  if (!free) throw new Error('no free demo table left: close sessions at the end of each spec');
  const opened = await waiter.post(`/api/v1/tables/${free.id}/sessions`, { data: { mode } });
  expect(opened.status(), await opened.text()).toBe(201);
  const { session, pin } = (await opened.json()) as OpenSessionResponse;
  const table = tables.find((t) => t.id === free.id)!;
  return { name: free.name, qrToken: table.qrToken, path: `/t/${table.qrToken}`, pin, sessionId: session.id };
}

/** Frees the table for the next spec (a manager may close with a balance, giving a reason). */
export async function closeTable(baseURL: string, table: Pick<SeatedTable, 'sessionId'>): Promise<void> {
  const manager = await staff(baseURL, 'MANAGER');
  await manager.post(`/api/v1/sessions/${table.sessionId}/close`, { data: { reason: 'end of the e2e spec' } });
}

/** A guest's phone: its own browser context (cookies, storage), a phone's viewport, a browser language. */
export async function phone(browser: Browser, baseURL: string, locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, baseURL, locale });
  return context.newPage();
}

/** Opens the table link and types the PIN (it submits itself on the last digit). */
export async function joinTable(page: Page, table: SeatedTable, name?: string): Promise<void> {
  await page.goto(table.path);
  if (name) await page.getByLabel('Your name (optional)').fill(name);
  await page.getByLabel(/Table PIN/).fill(table.pin);
  await expect(page.getByRole('navigation', { name: 'Menu categories' })).toBeVisible();
}

const SHOTS = joinPath(import.meta.dirname, '..', 'screenshots');

/** A screenshot at the phone's size for people to look at (e2e/screenshots is git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: joinPath(SHOTS, `${name}.png`), fullPage: false });
}

/** axe with the WCAG 2.2 AA rules: no serious or critical violation on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${screen}: ${serious.join('\n')}`).toEqual([]);
}

/**
 * The guest specs' `test`: a phone's viewport, and `seat(mode)`, which opens a
 * free table for the test and closes it after (whatever the test did to it).
 */
export const test = base.extend<{ seat: (mode: SessionMode) => Promise<SeatedTable> }>({
  viewport: PHONE.viewport,
  isMobile: PHONE.isMobile,
  hasTouch: PHONE.hasTouch,
  deviceScaleFactor: PHONE.deviceScaleFactor,
  seat: async ({ baseURL }, use) => {
    const seated: SeatedTable[] = [];
    await use(async (mode) => {
      const table = await seatTable(baseURL!, mode);
      seated.push(table);
      return table;
    });
    for (const table of seated) await closeTable(baseURL!, table);
  },
});
