import { randomUUID } from 'node:crypto';
import type { Bill, KitchenTicket, Order, PaymentResponse, SalesReportResponse } from '@plato/contracts';
import { expect, request as requests, type Page } from '@playwright/test';
import { seatTable, staff, type SeatedTable } from './guest-table.ts';
import { demoItem } from './kitchen.ts';

/** What the sale's guest orders: a main from the kitchen and a drink from the bar (two stations, two tickets). */
export const SALE_LINES = [
  { item: 'Half roast chicken', quantity: 2 },
  { item: 'Negroni', quantity: 1 },
] as const;

/** The demo restaurant's clocks (`DEMO.timezone`): the reports page reads and writes times in them. */
export const DEMO_ZONE = 'Europe/Paris';

export type PaidSale = {
  table: SeatedTable;
  order: Order;
  /** The session's bill once paid, as `GET /sessions/:id/bill` answers it. */
  bill: Bill;
  cash: { amountCents: number };
  card: { amountCents: number; tipCents: number };
  /** A window around the sale, in whole minutes, holding nothing but this sale. */
  window: { from: number; to: number };
};

const MINUTE = 60_000;
const floorMinute = (ms: number) => ms - (ms % MINUTE);

/** Any order, payment or refund between two instants, as the report counts them. */
async function activity(baseURL: string, from: number, to: number): Promise<boolean> {
  const manager = await staff(baseURL, 'MANAGER');
  const search = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  const res = await manager.get(`/api/v1/reports/sales?${search.toString()}`);
  expect(res.status(), await res.text()).toBe(200);
  const { totals } = (await res.json()) as SalesReportResponse;
  return totals.quantity + totals.voidedLines + totals.payments + totals.refunds > 0;
}

/**
 * The start of a minute nobody else sold in (waiting for the next one if
 * this one already holds a sale): a window of whole minutes from it, made
 * before the spec's own sale, holds that sale alone.
 */
export async function quietMinute(baseURL: string): Promise<number> {
  let from = floorMinute(Date.now());
  if (await activity(baseURL, from, Date.now() + 1)) {
    from += MINUTE;
    await new Promise((resolve) => setTimeout(resolve, from - Date.now() + 50));
  }
  return from;
}

/** The end of a window that started at a `quietMinute`: the top of the minute after now. */
export const windowEnd = (): number => floorMinute(Date.now()) + MINUTE;

/**
 * A whole sale through the API, as the service runs it: a waiter seats a
 * table, a guest joins with the PIN and orders, the chef bumps the tickets
 * after a moment at the stove, the waiter serves, a manager gives 10 % off,
 * and the cashier takes part in cash and the rest by card with a tip.
 *
 * Other specs sell in the same server; the sale starts at the top of a
 * minute nobody else sold in, so a window of whole minutes holds it alone.
 */
export async function placePaidSale(baseURL: string): Promise<PaidSale> {
  const from = await quietMinute(baseURL);

  const table = await seatTable(baseURL, 'FAMILY');
  const guest = await requests.newContext({ baseURL });
  try {
    const joined = await guest.post(`/api/v1/public/tables/${table.qrToken}/join`, {
      data: { pin: table.pin, name: 'Ana' },
    });
    expect(joined.status(), await joined.text()).toBe(200);
    for (const line of SALE_LINES) {
      const { id, optionIds } = await demoItem(baseURL, line.item);
      const added = await guest.post('/api/v1/guest/cart/lines', {
        data: { menuItemId: id, quantity: line.quantity, optionIds },
      });
      expect(added.ok(), await added.text()).toBe(true);
    }
    const placed = await guest.post('/api/v1/guest/orders', { headers: { 'Idempotency-Key': randomUUID() } });
    expect(placed.status(), await placed.text()).toBe(201);
    const { order } = (await placed.json()) as { order: Order };

    // A little time at the stove, so the prep times are whole seconds a person can read.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const chef = await staff(baseURL, 'CHEF');
    const { tickets } = (await (await chef.get('/api/v1/kitchen/tickets')).json()) as { tickets: KitchenTicket[] };
    const ours = tickets.filter((t) => t.orderId === order.id);
    expect(ours.length).toBeGreaterThan(0);
    for (const ticket of ours) {
      const bumped = await chef.post(`/api/v1/kitchen/tickets/${ticket.id}/bump`);
      expect(bumped.ok(), await bumped.text()).toBe(true);
    }
    const waiter = await staff(baseURL, 'WAITER');
    for (const line of ours.flatMap((t) => t.lines)) {
      const served = await waiter.post(`/api/v1/order-lines/${line.id}/status`, { data: { status: 'SERVED' } });
      expect(served.ok(), await served.text()).toBe(true);
    }

    const manager = await staff(baseURL, 'MANAGER');
    const discounted = await manager.post(`/api/v1/sessions/${table.sessionId}/discounts`, {
      data: { kind: 'PERCENT', value: 10, reason: 'Regulars' },
    });
    expect(discounted.status(), await discounted.text()).toBe(200);
    const { bill: due } = (await discounted.json()) as { bill: Bill };

    const cashier = await staff(baseURL, 'CASHIER');
    const cash = { amountCents: Math.floor(due.balanceCents / 2) };
    const card = { amountCents: due.balanceCents - cash.amountCents, tipCents: 350 };
    const pay = async (data: object) => {
      const res = await cashier.post(`/api/v1/sessions/${table.sessionId}/payments`, {
        data,
        headers: { 'Idempotency-Key': randomUUID() },
      });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as PaymentResponse;
    };
    await pay({ method: 'CASH', amountCents: cash.amountCents, tenderedCents: cash.amountCents + 500 });
    await pay({ method: 'CARD', ...card });

    const bill = (await (await cashier.get(`/api/v1/sessions/${table.sessionId}/bill`)).json()) as Bill;
    expect(bill.balanceCents).toBe(0);
    return { table, order, bill, cash, card, window: { from, to: windowEnd() } };
  } finally {
    await guest.dispose();
  }
}

/** An instant as a datetime-local field holds it on the restaurant's clocks (`YYYY-MM-DDTHH:mm`). */
export function wallClock(epochMs: number, timeZone = DEMO_ZONE): string {
  // Sweden's locale writes ISO-like "2025-01-10 18:30:00".
  return new Date(epochMs).toLocaleString('sv-SE', { timeZone }).replace(' ', 'T').slice(0, 16);
}

/** Cents as the CSV writes them (EUR: two decimals, integer arithmetic on the server). */
export const csvAmount = (cents: number): string => (cents / 100).toFixed(2);

/**
 * The report's CSV as rows of cells. Its cells here (figures, the sale's item
 * names) hold no comma or quote, so none is quoted: a quote in the file fails.
 */
export function csvRows(text: string): string[][] {
  expect(text).not.toContain('"');
  return text
    .trimEnd()
    .split(/\r?\n/)
    .map((line) => line.split(','));
}

/** Opens the reports page on a custom window, typed in the restaurant's time. */
export async function openReportWindow(page: Page, window: { from: number; to: number }): Promise<void> {
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByText(`Times in ${DEMO_ZONE}`)).toBeVisible();
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('From', { exact: true }).fill(wallClock(window.from));
  await page.getByLabel('To', { exact: true }).fill(wallClock(window.to));
  await page.getByRole('button', { name: 'Show this period' }).click();
  await expect(page).toHaveURL(/range=custom/);
}
