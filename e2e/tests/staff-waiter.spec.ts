import type { Order } from '@plato/contracts';
import { expect, test, type Page } from '@playwright/test';
import {
  closeTable,
  expectAccessible,
  joinTable,
  phone,
  seatTable,
  staff,
  type SeatedTable,
} from '../support/guest-table.ts';
import { staffScreen, waiterOrder } from '../support/kitchen.ts';
import {
  alertsHeard,
  floorPhone,
  floorTables,
  freeTable,
  requireApproval,
  screenshotBoth,
  sessionOrders,
  tableLink,
  tile,
} from '../support/waiter.ts';

/*
 * The waiter's floor (issue 14, item 1): the waiter's phone in its own browser
 * context, driven by role and label; guests in theirs; the chef and the
 * manager act through the API.
 */

// Each journey also takes screenshots at two sizes and runs axe on its screens: more than the default 30 s.
test.describe.configure({ timeout: 60_000 });

const opened: Pick<SeatedTable, 'sessionId'>[] = [];
test.afterEach(async ({ baseURL }) => {
  for (const table of opened.splice(0)) await closeTable(baseURL!, table);
});

async function seat(baseURL: string): Promise<SeatedTable> {
  const table = await seatTable(baseURL, 'FAMILY');
  opened.push(table);
  return table;
}

async function openFloor(page: Page): Promise<void> {
  await page.goto('/waiter');
  await expect(page.getByRole('heading', { name: 'Floor', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
}

test('the waiter opens a FAMILY table, reads the PIN off the screen, a guest joins; a new PIN refuses the old', async ({
  browser,
  baseURL,
}) => {
  const free = await freeTable(baseURL!);
  const waiter = await floorPhone(browser, baseURL!);
  await openFloor(waiter);
  await expect(tile(waiter, free.name)).toContainText('Free');
  await screenshotBoth(waiter, 'waiter-floor');
  await expectAccessible(waiter, 'floor');

  await tile(waiter, free.name).click();
  await expect(waiter.getByRole('heading', { name: free.name, level: 1 })).toBeVisible();
  await waiter.getByLabel(/^Family: one shared cart/).check();
  await screenshotBoth(waiter, 'waiter-open-table');
  await expectAccessible(waiter, 'open a table');
  await waiter.getByRole('button', { name: 'Open table' }).click();

  const pinCard = waiter.getByRole('region', { name: 'Table PIN' });
  const digits = pinCard.getByText(/^\d{4,8}$/);
  await expect(digits).toBeVisible();
  const pin = (await digits.textContent())!;
  // Large enough to read across a table.
  expect((await digits.boundingBox())!.height).toBeGreaterThanOrEqual(48);
  const floorNow = (await floorTables(baseURL!)).find((t) => t.id === free.id)!;
  expect(floorNow).toMatchObject({ status: 'SEATED', mode: 'FAMILY' });
  opened.push({ sessionId: floorNow.sessionId! });
  await expect(waiter.getByText('Family', { exact: true })).toBeVisible();
  await screenshotBoth(waiter, 'waiter-pin');
  await expectAccessible(waiter, 'the PIN');

  // A guest joins with the PIN read off the waiter's screen; the waiter's screen counts them by itself.
  const path = await tableLink(baseURL!, free.id);
  const guest = await phone(browser, baseURL!);
  await joinTable(guest, { path, pin, name: '', qrToken: '', sessionId: floorNow.sessionId! });
  await expect(waiter.getByText('1 guest', { exact: true })).toBeVisible();

  // A new PIN: shown at once, the old one refused, the new one lets the next guest in.
  await waiter.getByRole('button', { name: 'New PIN' }).click();
  await expect(digits).not.toHaveText(pin);
  const newPin = (await digits.textContent())!;
  expect(newPin).toMatch(/^\d{4,8}$/);
  const qrToken = path.slice('/t/'.length);
  const late = await phone(browser, baseURL!);
  const refused = await late.request.post(`/api/v1/public/tables/${qrToken}/join`, { data: { pin } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { code: string }).code).toBe('PIN_INVALID');
  const admitted = await late.request.post(`/api/v1/public/tables/${qrToken}/join`, { data: { pin: newPin } });
  expect(admitted.status(), await admitted.text()).toBe(200);
  await expect(waiter.getByText('2 guests', { exact: true })).toBeVisible();
  await screenshotBoth(waiter, 'waiter-table');
  await expectAccessible(waiter, 'an open table');

  await waiter.getByRole('button', { name: 'Hide PIN' }).click();
  await expect(pinCard).toHaveCount(0);
  for (const page of [waiter, guest, late]) await page.context().close();
});

test("a guest's call rings on the floor, the waiter is on the way (the guest sees it) and then done", async ({
  browser,
  baseURL,
}) => {
  const table = await seat(baseURL!);
  const waiter = await floorPhone(browser, baseURL!);
  await openFloor(waiter);
  // Browsers allow sound and vibration only after a tap on the page.
  await waiter.getByRole('heading', { name: 'Floor', level: 1 }).click();
  const before = await alertsHeard(waiter);

  const guest = await phone(browser, baseURL!);
  await joinTable(guest, table);
  await guest.getByRole('link', { name: 'Orders' }).click();
  await guest.getByRole('button', { name: 'Call the waiter' }).click();

  await expect(waiter.getByRole('log', { name: 'Alerts' })).toContainText(`${table.name} calls a waiter`);
  const calls = waiter.getByRole('region', { name: 'Calls' });
  await expect(calls.getByText(`${table.name} calls a waiter`)).toBeVisible();
  await expect(tile(waiter, table.name)).toContainText('Calls a waiter');
  await expect.poll(async () => (await alertsHeard(waiter)).tones).toBeGreaterThan(before.tones);
  expect((await alertsHeard(waiter)).vibrations.length).toBeGreaterThan(before.vibrations.length);
  await screenshotBoth(waiter, 'waiter-call');
  await expectAccessible(waiter, 'floor with a call');

  await calls.getByRole('button', { name: `On my way to ${table.name}` }).click();
  await expect(calls).toContainText('On the way');
  await expect(guest.getByText('A waiter is on the way', { exact: true }).first()).toBeVisible();

  await calls.getByRole('button', { name: `Done with the call of ${table.name}` }).click();
  await expect(waiter.getByRole('region', { name: 'Calls' })).toHaveCount(0);
  await expect(tile(waiter, table.name)).not.toContainText('Calls a waiter');
  for (const page of [waiter, guest]) await page.context().close();
});

test('with approval on, a guest order waits for the waiter: one accepted (to the kitchen), one rejected with a reason', async ({
  browser,
  baseURL,
}) => {
  await requireApproval(baseURL!, true);
  try {
    const table = await seat(baseURL!);
    const guest = await phone(browser, baseURL!);
    await joinTable(guest, table);
    const waiter = await floorPhone(browser, baseURL!);
    await openFloor(waiter);

    const order = async (item: string): Promise<Order> => {
      const menuItem = (await (await guest.request.get('/api/v1/guest/menu')).json()) as {
        categories: { items: { id: string; name: string }[] }[];
      };
      const id = menuItem.categories.flatMap((c) => c.items).find((i) => i.name === item)!.id;
      expect(
        (
          await guest.request.post('/api/v1/guest/cart/lines', { data: { menuItemId: id, quantity: 1, optionIds: [] } })
        ).status(),
      ).toBe(200);
      const placed = await guest.request.post('/api/v1/guest/orders', {
        headers: { 'idempotency-key': `approval-${item}-${table.sessionId}` },
      });
      expect(placed.status(), await placed.text()).toBe(201);
      return ((await placed.json()) as { order: Order }).order;
    };
    const soup = await order('French onion soup');
    expect(soup.status).toBe('PENDING');
    await expect(waiter.getByRole('log', { name: 'Alerts' })).toContainText(`${table.name}: an order to approve`);
    await expect(tile(waiter, table.name)).toContainText('1 order to approve');
    const pending = waiter.getByRole('region', { name: 'Orders to approve' });
    await expect(pending.getByRole('heading', { name: `${table.name} · #${soup.number}` })).toBeVisible();
    await expect(pending).toContainText('1 × French onion soup');
    await screenshotBoth(waiter, 'waiter-approval');
    await expectAccessible(waiter, 'orders to approve');

    await pending.getByRole('button', { name: `Accept order #${soup.number} of ${table.name}` }).click();
    await expect(pending).toHaveCount(0);
    const chef = await staff(baseURL!, 'CHEF');
    const tickets = (await (await chef.get('/api/v1/kitchen/tickets')).json()) as { tickets: { orderId: string }[] };
    expect(tickets.tickets.some((t) => t.orderId === soup.id)).toBe(true);

    const wings = await order('Garden salad');
    await expect(pending.getByRole('heading', { name: `${table.name} · #${wings.number}` })).toBeVisible();
    await pending.getByRole('button', { name: `Reject order #${wings.number} of ${table.name}` }).click();
    await pending.getByLabel('Why is it rejected? (the guests see this)').fill('Out of salad tonight');
    await pending.getByRole('button', { name: 'Reject the order' }).click();
    await expect(pending).toHaveCount(0);
    const rejected = (await sessionOrders(baseURL!, table.sessionId)).find((o) => o.id === wings.id)!;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'Out of salad tonight' });
    for (const page of [waiter, guest]) await page.context().close();
  } finally {
    await requireApproval(baseURL!, false);
  }
});

test('the waiter takes an order with a later course (sent once through a lost answer), fires it, and serves it when ready', async ({
  browser,
  baseURL,
}) => {
  const table = await seat(baseURL!);
  const waiter = await floorPhone(browser, baseURL!);
  await openFloor(waiter);
  await tile(waiter, table.name).click();
  await waiter.getByRole('link', { name: 'Take an order' }).click();
  await expect(waiter.getByRole('heading', { name: `Order for ${table.name}` })).toBeVisible();

  // The burger needs its cooking and side: the picker says so before it adds anything.
  await waiter.getByRole('button', { name: /^Add Plato burger, / }).click();
  const picker = waiter.getByRole('form', { name: 'Choose for Plato burger' });
  await picker.getByRole('button', { name: /^Add to the order/ }).click();
  await expect(picker.getByRole('alert')).toHaveText('Choose Cooking first.');
  await picker
    .getByRole('group', { name: /^Cooking/ })
    .getByLabel('Medium rare')
    .check();
  await picker.getByRole('group', { name: /^Side/ }).getByLabel('Sweet potato fries').check();
  await picker
    .getByRole('group', { name: /^Extras/ })
    .getByLabel('Bacon')
    .check();
  await picker.getByRole('button', { name: 'One more' }).click();
  await picker.getByLabel('Note for the kitchen').fill('No pickles');
  await screenshotBoth(waiter, 'waiter-item-picker');
  await expectAccessible(waiter, 'item picker');
  await picker.getByRole('button', { name: /^Add to the order/ }).click();

  await waiter.getByRole('button', { name: /^Add Grilled sea bass, / }).click();
  const bass = waiter.getByRole('form', { name: 'Choose for Grilled sea bass' });
  await bass.getByLabel('Green salad').check();
  await bass.getByLabel('When').selectOption({ label: 'Later (course 2)' });
  await bass.getByRole('button', { name: /^Add to the order/ }).click();

  const draft = waiter.getByRole('region', { name: 'This order' });
  await expect(draft).toContainText('2 × Plato burger');
  await expect(draft).toContainText('Medium rare, Sweet potato fries, Bacon');
  await expect(draft).toContainText('Later (course 2)');
  await screenshotBoth(waiter, 'waiter-order-draft');
  await expectAccessible(waiter, 'order draft');

  // The first answer is lost on the way back: the screen retries with the same key, and one order is made.
  let first = true;
  const keys: string[] = [];
  await waiter.route('**/api/v1/sessions/*/orders', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']!);
    if (!first) return route.continue();
    first = false;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await draft.getByRole('button', { name: 'Send 3 items to the kitchen' }).click();
  await expect(waiter.getByRole('status').filter({ hasText: /^Order #\d+ sent\.$/ })).toBeVisible();
  expect(keys.length).toBeGreaterThanOrEqual(2);
  expect(new Set(keys).size).toBe(1);
  const orders = await sessionOrders(baseURL!, table.sessionId);
  expect(orders).toHaveLength(1);
  const order = orders[0]!;
  const burger = order.lines.find((l) => l.name === 'Plato burger')!;
  expect(burger).toMatchObject({ quantity: 2, note: 'No pickles', course: 1, held: false });
  expect(order.lines.find((l) => l.name === 'Grilled sea bass')).toMatchObject({ course: 2, held: true });

  const card = waiter.getByRole('article', { name: `Order #${order.number}` });
  await expect(card.getByRole('listitem').filter({ hasText: 'Grilled sea bass' })).toContainText('Held');
  await screenshotBoth(waiter, 'waiter-held-course');
  await card.getByRole('button', { name: 'Fire course 2' }).click();
  await expect(card.getByRole('status')).toHaveText('Course 2 fired.');
  await expect(card.getByRole('listitem').filter({ hasText: 'Grilled sea bass' })).not.toContainText('Held');

  // The chef bumps the Grill's ticket: the floor hears the food is ready, with a sound.
  await waiter.getByRole('link', { name: 'Back to the floor' }).click();
  await waiter.getByRole('heading', { name: 'Floor', level: 1 }).click();
  const chef = await staff(baseURL!, 'CHEF');
  const { tickets } = (await (await chef.get('/api/v1/kitchen/tickets')).json()) as {
    tickets: { id: string; orderId: string }[];
  };
  for (const ticket of tickets.filter((t) => t.orderId === order.id)) {
    const bumped = await chef.post(`/api/v1/kitchen/tickets/${ticket.id}/bump`);
    expect(bumped.status(), await bumped.text()).toBe(200);
  }
  await expect(waiter.getByRole('log', { name: 'Alerts' })).toContainText(`Food ready for ${table.name}`);
  await expect(tile(waiter, table.name)).toContainText('Food ready');
  await expect(tile(waiter, table.name)).toContainText('2 dishes ready');

  await waiter
    .getByRole('navigation', { name: 'Waiter screens' })
    .getByRole('link', { name: /Ready to serve/ })
    .click();
  const pass = waiter.getByRole('region', { name: table.name, exact: true });
  await expect(pass).toContainText('2 × Plato burger');
  await expect(pass).toContainText('1 × Grilled sea bass');
  await screenshotBoth(waiter, 'waiter-pass');
  await expectAccessible(waiter, 'ready to serve');
  await pass.getByRole('button', { name: `Serve all of ${table.name} (2)` }).click();
  await expect(pass).toHaveCount(0);
  const served = (await sessionOrders(baseURL!, table.sessionId))[0]!;
  expect(served.lines.map((l) => l.status)).toEqual(['SERVED', 'SERVED']);
  await waiter.context().close();
});

test('a waiter voids a line with a reason', async ({ browser, baseURL }) => {
  const table = await seat(baseURL!);
  const order = await waiterOrder(baseURL!, table.sessionId, [
    { item: 'Crispy calamari' },
    { item: 'French onion soup' },
  ]);
  const waiter = await floorPhone(browser, baseURL!);
  await waiter.goto(`/waiter`);
  await tile(waiter, table.name).click();
  const card = waiter.getByRole('article', { name: `Order #${order.number}` });
  await card.getByRole('button', { name: 'Void 1 × Crispy calamari' }).click();
  await card.getByLabel('Why is it voided?').fill('Guest changed their mind');
  await screenshotBoth(waiter, 'waiter-void');
  await expectAccessible(waiter, 'void a line');
  await card.getByRole('button', { name: 'Void the line' }).click();
  const calamari = card.getByRole('listitem').filter({ hasText: 'Crispy calamari' });
  await expect(calamari.getByRole('deletion')).toContainText('1 × Crispy calamari');
  await expect(calamari).toContainText('Voided: Guest changed their mind');
  const line = (await sessionOrders(baseURL!, table.sessionId))[0]!.lines.find((l) => l.name === 'Crispy calamari')!;
  expect(line).toMatchObject({ status: 'CANCELLED', cancelReason: 'Guest changed their mind' });
  await waiter.context().close();
});

test('the waiter moves a session to a free table; the old one shows free', async ({ browser, baseURL }) => {
  const table = await seat(baseURL!);
  const target = await freeTable(baseURL!, [table.name]);
  const waiter = await floorPhone(browser, baseURL!);
  await openFloor(waiter);
  await tile(waiter, table.name).click();
  const move = waiter.getByRole('region', { name: 'Move to another table' });
  await move.getByLabel('Free table').selectOption({ value: target.id });
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(waiter.getByRole('heading', { name: target.name, level: 1 })).toBeVisible();
  await expect(waiter.getByRole('status').filter({ hasText: `Moved to ${target.name}.` })).toBeVisible();
  expect(waiter.url()).toContain(`/waiter/tables/${target.id}`);
  await waiter.getByRole('link', { name: 'Back to the floor' }).click();
  await expect(tile(waiter, table.name)).toContainText('Free');
  await expect(tile(waiter, target.name)).toContainText('Seated');
  expect((await floorTables(baseURL!)).find((t) => t.id === target.id)!.sessionId).toBe(table.sessionId);
  await waiter.context().close();
});

test('the floor survives a dropped connection and catches up by itself, without a reload', async ({
  browser,
  baseURL,
}) => {
  const waiter = await floorPhone(browser, baseURL!);
  await openFloor(waiter);
  await waiter.evaluate(() => ((globalThis as { stillThisPage?: boolean }).stillThisPage = true));

  await waiter.context().setOffline(true);
  await expect(waiter.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  const table = await seat(baseURL!);
  const guest = await phone(browser, baseURL!);
  const join = await guest.request.post(`${table.path.replace('/t/', '/api/v1/public/tables/')}/join`, {
    data: { pin: table.pin },
  });
  expect(join.status(), await join.text()).toBe(200);
  expect((await guest.request.post('/api/v1/guest/calls', { data: { kind: 'BILL' } })).status()).toBe(201);
  await screenshotBoth(waiter, 'waiter-offline');

  await waiter.context().setOffline(false);
  await expect(waiter.getByRole('status').filter({ hasText: 'Live' })).toBeVisible({ timeout: 20_000 });
  await expect(tile(waiter, table.name)).toContainText('Bill asked');
  await expect(tile(waiter, table.name)).toContainText('1 guest');
  await expect(waiter.getByRole('region', { name: 'Calls' })).toContainText(`${table.name} asks for the bill`);
  expect(await waiter.evaluate(() => (globalThis as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  for (const page of [waiter, guest]) await page.context().close();
});

test('a waiter signs in to the floor; a chef is told the floor is not theirs, and the API refuses too', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('Restaurant').fill('demo');
  await page.getByLabel('Email').fill('waiter@demo.plato');
  await page.getByLabel('Password').fill('plato-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/waiter$/);
  await expect(page.getByRole('heading', { name: 'Floor', level: 1 })).toBeVisible();
  // The floor speaks Spanish and Hindi too, switched on the screen and remembered on the device.
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Sala', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'En directo' })).toBeVisible();
  await expectAccessible(page, 'floor in Spanish');
  await page.getByLabel('Idioma').selectOption('hi');
  await expect(page.getByRole('heading', { name: 'फ़्लोर', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'फ़्लोर', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');
  await context.close();

  const chef = await staffScreen(browser, baseURL!, 'CHEF');
  await chef.goto('/waiter');
  await expect(chef.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  expect((await chef.request.get('/api/v1/floor')).status()).toBe(403);
  expect((await chef.request.get('/api/v1/menu')).status()).toBe(403);
  await chef.context().close();
});
