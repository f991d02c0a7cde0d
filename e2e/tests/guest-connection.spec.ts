import { expect, test, joinTable, phone, screenshot } from '../support/guest-table.ts';

test('a dropped connection shows; on reconnect the phone reads what it missed', async ({ browser, baseURL, seat }) => {
  const table = await seat('FAMILY');
  const ann = await phone(browser, baseURL!);
  const bob = await phone(browser, baseURL!);
  await joinTable(ann, table, 'Ann');
  await joinTable(bob, table, 'Bob');
  await ann.getByRole('link', { name: 'Cart' }).click();
  await expect(ann.getByText('Nothing here yet.')).toBeVisible();

  await ann.context().setOffline(true);
  await expect(ann.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  await screenshot(ann, 'offline');
  // Meanwhile Bob adds to the shared cart: Ann's phone cannot hear it.
  await bob.getByRole('button', { name: 'Add Crispy calamari' }).click();
  await expect(bob.getByRole('link', { name: /View cart · 1/ })).toBeVisible();

  await ann.context().setOffline(false);
  await expect(ann.getByRole('status').filter({ hasText: 'Connection lost' })).toHaveCount(0, { timeout: 15_000 });
  await expect(ann.getByRole('listitem').filter({ hasText: 'Crispy calamari' })).toContainText('Added by Bob');
  await ann.context().close();
  await bob.context().close();
});

test('an order placed while offline waits, then goes once when the network is back', async ({ page, seat }) => {
  const table = await seat('FAMILY');
  await joinTable(page, table, 'Gus');
  await page.getByRole('button', { name: 'Add French onion soup' }).click();
  await page.getByRole('link', { name: /View cart · 1/ }).click();
  const keys: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/guest/orders') && r.method() === 'POST') keys.push(r.headers()['idempotency-key']!);
  });

  await page.context().setOffline(true);
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(
    page.getByText('Waiting for the network: your order will be sent once, as soon as it is back.'),
  ).toBeVisible();
  await screenshot(page, 'cart-waiting-for-network');
  await page.context().setOffline(false);
  await expect(page.getByRole('heading', { name: /^Order \d+$/ })).toHaveCount(1, { timeout: 15_000 });
  expect(new Set(keys).size).toBe(1);
});
