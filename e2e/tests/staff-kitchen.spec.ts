import { expect, test, type Page } from '@playwright/test';
import { staffScreen, waiterOrder } from '../support/kitchen.ts';
import {
  closeTable,
  expectAccessible,
  screenshot,
  seatTable,
  staff,
  type SeatedTable,
} from '../support/guest-table.ts';

/*
 * The kitchen display (issue 14): a chef's screen in its own browser context,
 * landscape, driven as a cook would; the waiter's moves go through the API.
 */

const seated: SeatedTable[] = [];
test.afterEach(async ({ baseURL }) => {
  for (const table of seated.splice(0)) await closeTable(baseURL!, table);
});

async function seat(baseURL: string): Promise<SeatedTable> {
  const table = await seatTable(baseURL, 'FAMILY');
  seated.push(table);
  return table;
}

const ticketCard = (page: Page, table: string, number: number) =>
  page.getByRole('article', { name: `${table} · #${number}`, exact: true });

test('the chef at the Grill starts, bumps and recalls; allergens, notes, held courses and voids show', async ({
  browser,
  baseURL,
}) => {
  const table = await seat(baseURL!);
  const order = await waiterOrder(baseURL!, table.sessionId, [
    { item: 'Plato burger', note: 'No pickles' },
    { item: 'Espresso' },
    { item: 'Grilled sea bass', course: 2 },
    { item: 'Ribeye steak 300 g' },
  ]);
  const chef = await staffScreen(browser, baseURL!, 'CHEF');
  await chef.goto('/kitchen');
  await expect(chef.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await chef.getByRole('navigation', { name: 'Station' }).getByRole('link', { name: 'Grill' }).click();

  const ticket = ticketCard(chef, table.name, order.number);
  await expect(ticket).toBeVisible();
  // Only the Grill's lines: the espresso is the Bar's.
  await expect(ticket.getByText('Espresso')).toHaveCount(0);
  const burger = ticket.getByRole('button', { name: /1 × Plato burger/ });
  await expect(burger).toContainText('Note: No pickles');
  await expect(burger).toContainText('Allergens: Gluten, Milk, Eggs, Mustard, Sesame');
  await expect(ticket.getByRole('listitem').filter({ hasText: 'Grilled sea bass' })).toContainText('Held');
  await expect(ticket.getByText('On time')).toBeVisible();
  await expect(chef.getByRole('region', { name: 'All day' }).getByText('Plato burger')).toBeVisible();

  await burger.click();
  await expect(burger).toContainText('Cooking');
  await expect(burger).toHaveAccessibleName(/Tap: Ready/);

  // A manager voids the steak: it is struck through on the chef's screen at once, with the reason.
  const steak = order.lines.find((l) => l.name === 'Ribeye steak 300 g')!;
  const voided = await (
    await staff(baseURL!, 'MANAGER')
  ).post(`/api/v1/order-lines/${steak.id}/status`, {
    data: { status: 'CANCELLED', reason: 'Guest changed their mind' },
  });
  expect(voided.status(), await voided.text()).toBe(200);
  await expect(ticket.getByRole('deletion')).toContainText('Ribeye steak 300 g');
  await expect(ticket).toContainText('Voided: Guest changed their mind');
  await expect(chef.getByText(`Voided on ${table.name}, #${order.number}: Guest changed their mind`)).toBeVisible();
  await screenshot(chef, 'kitchen-grill');
  await expectAccessible(chef, 'kitchen display');

  // The waiter fires the mains: the sea bass can be cooked now.
  const fired = await (await staff(baseURL!, 'WAITER')).post(`/api/v1/orders/${order.id}/courses/2/fire`);
  expect(fired.status(), await fired.text()).toBe(200);
  await expect(ticket.getByRole('button', { name: /1 × Grilled sea bass.*New/ })).toBeVisible();

  await ticket
    .getByRole('button', { name: `Bump ticket #${order.number}, ${table.name}: everything on it ready` })
    .click();
  await expect(ticket).toHaveCount(0);
  await expect(chef.getByRole('region', { name: 'Done in the last hour' })).toContainText(
    `${table.name} · #${order.number}`,
  );
  await chef.getByRole('button', { name: 'Recall last bumped' }).click();
  await expect(chef.getByRole('status').filter({ hasText: `Recalled #${order.number}` })).toBeVisible();
  await expect(ticket).toBeVisible();
  await expect(burger).toContainText('Cooking');

  // The pass: the order's tickets across stations, and what it waits for.
  await chef.getByRole('navigation', { name: 'Kitchen screens' }).getByRole('link', { name: 'Expo' }).click();
  const pass = chef.getByRole('article', { name: `${table.name} · #${order.number}` });
  await expect(pass).toContainText('Waiting for');
  await expect(pass).toContainText('Grill: Cooking');
  await expect(pass).toContainText('Bar: New');
  await screenshot(chef, 'kitchen-expo');
  await expectAccessible(chef, 'expo');
  await chef.context().close();
});

test('a new ticket arrives by itself; after a dropped connection the screen catches up, each ticket once', async ({
  browser,
  baseURL,
}) => {
  const table = await seat(baseURL!);
  const chef = await staffScreen(browser, baseURL!, 'CHEF');
  await chef.goto('/kitchen');
  await expect(chef.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  // Proof that nothing reloads the page: a mark the reload would wipe.
  await chef.evaluate(() => ((globalThis as { stillThisPage?: boolean }).stillThisPage = true));

  const first = await waiterOrder(baseURL!, table.sessionId, [{ item: 'Crispy calamari' }]);
  await expect(ticketCard(chef, table.name, first.number)).toBeVisible();
  await expect(chef.getByText(`New ticket: ${table.name}, #${first.number}`)).toBeVisible();

  await chef.context().setOffline(true);
  await expect(chef.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  const second = await waiterOrder(baseURL!, table.sessionId, [{ item: 'French onion soup' }]);
  const third = await waiterOrder(baseURL!, table.sessionId, [{ item: 'Margherita pizza' }]);
  await screenshot(chef, 'kitchen-offline');

  await chef.context().setOffline(false);
  await expect(chef.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
  for (const order of [first, second, third]) {
    await expect(ticketCard(chef, table.name, order.number)).toHaveCount(1);
  }
  expect(await chef.evaluate(() => (globalThis as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  await chef.context().close();
});

test('a cashier is told the kitchen is not for their role, and the API refuses too', async ({ browser, baseURL }) => {
  const cashier = await staffScreen(browser, baseURL!, 'CASHIER');
  await cashier.goto('/kitchen');
  await expect(cashier.getByRole('heading', { name: 'No access' })).toBeVisible();
  await expect(cashier.getByText('Your role does not have access to this page.')).toBeVisible();
  const res = await cashier.request.get('/api/v1/kitchen/tickets');
  expect(res.status()).toBe(403);
  await cashier.context().close();
});
