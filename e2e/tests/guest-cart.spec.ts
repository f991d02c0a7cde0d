import type { Order } from '@plato/contracts';
import { expect, test, joinTable, phone, screenshot, staff } from '../support/guest-table.ts';

test('FAMILY: two phones share one cart, live, each line saying who added it', async ({ browser, baseURL, seat }) => {
  const table = await seat('FAMILY');
  const ann = await phone(browser, baseURL!);
  const bob = await phone(browser, baseURL!);
  await joinTable(ann, table, 'Ann');
  await joinTable(bob, table, 'Bob');
  await bob.getByRole('link', { name: 'Cart' }).click();
  await expect(bob.getByRole('heading', { name: 'Table order' })).toBeVisible();
  await expect(bob.getByText('Nothing here yet.')).toBeVisible();

  await ann.getByRole('button', { name: 'Add Crispy calamari' }).click();
  // Bob's cart shows it without a reload, with who added it.
  const line = bob.getByRole('listitem').filter({ hasText: 'Crispy calamari' });
  await expect(line).toContainText('Added by Ann');
  await expect(bob.getByRole('link', { name: /Cart.*Items in cart: 1/ })).toBeVisible();

  // Bob raises the quantity; Ann sees it live.
  await line.getByRole('button', { name: 'One more Crispy calamari' }).click();
  await expect(line.getByRole('group', { name: 'Quantity of Crispy calamari' })).toContainText('2');
  await ann.getByRole('link', { name: /View cart · 2/ }).click();
  await expect(ann.getByRole('listitem').filter({ hasText: 'Crispy calamari' })).toContainText('Added by you');
  await screenshot(ann, 'cart-family');
  await ann.context().close();
  await bob.context().close();
});

test("INDIVIDUAL: each phone has its own cart and never sees the other's", async ({ browser, baseURL, seat }) => {
  const table = await seat('INDIVIDUAL');
  const ann = await phone(browser, baseURL!);
  const bob = await phone(browser, baseURL!);
  await joinTable(ann, table, 'Ann');
  await joinTable(bob, table, 'Bob');
  await ann.getByRole('button', { name: 'Add Crispy calamari' }).click();
  await bob.getByRole('button', { name: 'Add French onion soup' }).click();
  await expect(bob.getByRole('link', { name: /View cart · 1/ })).toBeVisible();

  await ann.getByRole('link', { name: /View cart · 1/ }).click();
  await expect(ann.getByRole('heading', { name: 'Your order' })).toBeVisible();
  await expect(ann.getByText('Crispy calamari', { exact: true })).toBeVisible();
  await expect(ann.getByText('French onion soup', { exact: true })).toHaveCount(0);
  await screenshot(ann, 'cart-individual');
  await bob.getByRole('link', { name: /View cart · 1/ }).click();
  await expect(bob.getByText('French onion soup', { exact: true })).toBeVisible();
  await expect(bob.getByText('Crispy calamari', { exact: true })).toHaveCount(0);
  await ann.context().close();
  await bob.context().close();
});

test('an order is placed once despite a double tap and a lost answer retried with the same key', async ({
  page,
  baseURL,
  seat,
}) => {
  const table = await seat('FAMILY');
  await joinTable(page, table, 'Cleo');
  await page.getByRole('button', { name: 'Add Crispy calamari' }).click();
  await page.getByRole('link', { name: /View cart · 1/ }).click();

  // The first answer is lost on the way back (the server did place the order), as on a dropping connection.
  const keys: string[] = [];
  let dropped = false;
  await page.route('**/api/v1/guest/orders', async (route) => {
    keys.push(route.request().headers()['idempotency-key']!);
    if (dropped) return route.continue();
    dropped = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  const place = page.getByRole('button', { name: /Place order/ });
  await place.dblclick();
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Order \d+$/ })).toHaveCount(1);

  expect(keys.length).toBe(2); // the double tap sent one request; the retry one more
  expect(new Set(keys).size).toBe(1);
  const waiter = await staff(baseURL!, 'WAITER');
  const bill = await (await waiter.get(`/api/v1/sessions/${table.sessionId}/bill`)).json();
  expect(bill.lines).toHaveLength(1);
  // The answer arrived, so nothing is left to resume on a reload.
  expect(await page.evaluate("localStorage.getItem('plato.pendingOrder')")).toBeNull();
  await page.reload();
  await expect(page.getByRole('heading', { name: /^Order \d+$/ })).toHaveCount(1);
});

test('a reload while the order was in flight resumes it with the same key: one order', async ({
  page,
  baseURL,
  seat,
}) => {
  const table = await seat('FAMILY');
  await joinTable(page, table, 'Dan');
  await page.getByRole('button', { name: 'Add French onion soup' }).click();
  await page.getByRole('link', { name: /View cart · 1/ }).click();
  const keys: string[] = [];
  await page.route('**/api/v1/guest/orders', async (route) => {
    keys.push(route.request().headers()['idempotency-key']!);
    if (keys.length > 1) return route.continue();
    await route.fetch(); // placed on the server; the phone reloads before it hears back
    await page.evaluate('setTimeout(() => location.reload(), 0)');
  });
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(page.getByRole('link', { name: 'Orders' })).toBeVisible();
  await expect.poll(() => keys.length).toBe(2);
  expect(new Set(keys).size).toBe(1);
  await page.getByRole('link', { name: 'Orders' }).click();
  await expect(page.getByRole('heading', { name: /^Order \d+$/ })).toHaveCount(1);
  const waiter = await staff(baseURL!, 'WAITER');
  const bill = await (await waiter.get(`/api/v1/sessions/${table.sessionId}/bill`)).json();
  expect(bill.lines.map((l: Order['lines'][number]) => l.name)).toEqual(['French onion soup']);
});
