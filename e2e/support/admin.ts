import type { MenuItem, RestaurantSettings } from '@plato/contracts';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { staff, type StaffRole } from './guest-table.ts';

/** The back office runs on a desktop or a laptop in the office. */
export const DESK = { width: 1280, height: 900 } as const;

/** A member of staff at the back office, in a browser context of their own, signed in with the API's cookie. */
export async function backOffice(browser: Browser, baseURL: string, role: StaffRole = 'ADMIN'): Promise<Page> {
  const api = await staff(baseURL, role);
  const context = await browser.newContext({
    baseURL,
    viewport: DESK,
    locale: 'en-GB',
    storageState: await api.storageState(),
  });
  return context.newPage();
}

/** A demo menu item as the admin API has it now. */
export async function adminItem(baseURL: string, name: string): Promise<MenuItem> {
  const admin = await staff(baseURL, 'ADMIN');
  const { items } = (await (await admin.get('/api/v1/admin/items')).json()) as { items: MenuItem[] };
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`no menu item named ${name}`);
  return item;
}

export async function settingsNow(baseURL: string): Promise<RestaurantSettings> {
  const admin = await staff(baseURL, 'ADMIN');
  return ((await (await admin.get('/api/v1/admin/settings')).json()) as { settings: RestaurantSettings }).settings;
}

/** Puts things back as the demo had them, so the specs after this one find the restaurant they expect. */
export async function adminCall(
  baseURL: string,
  method: 'PATCH' | 'POST' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<APIRequestContext> {
  const admin = await staff(baseURL, 'ADMIN');
  const res = await admin.fetch(path, { method, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return admin;
}

/** A 1×1 PNG: enough for the server's check by magic bytes and for a browser to draw. */
export const PNG_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
