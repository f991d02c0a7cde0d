import type { Call, Order } from '@plato/contracts';
import { expect, test, joinTable, screenshot, staff } from '../support/guest-table.ts';

test("each line's status follows the kitchen live, and the phone says when it is ready", async ({
  page,
  baseURL,
  seat,
}) => {
  const table = await seat('FAMILY');
  await joinTable(page, table, 'Eve');
  await page.getByRole('button', { name: 'Add French onion soup' }).click();
  await page.getByRole('link', { name: /View cart · 1/ }).click();
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
  const line = page.getByRole('listitem').filter({ hasText: 'French onion soup' });
  await expect(line).toContainText('Sent');

  const chef = await staff(baseURL!, 'CHEF');
  const waiter = await staff(baseURL!, 'WAITER');
  const guestOrders = (await page.evaluate(() => fetch('/api/v1/guest/orders').then((r) => r.json()))) as {
    orders: Order[];
  };
  const lineId = guestOrders.orders[0]!.lines[0]!.id;
  const move = async (who: typeof chef, status: string) => {
    const res = await who.post(`/api/v1/order-lines/${lineId}/status`, { data: { status } });
    expect(res.status(), await res.text()).toBe(200);
  };

  await move(chef, 'IN_PROGRESS');
  await expect(line).toContainText('Cooking');
  await move(chef, 'READY');
  await expect(line).toContainText('Ready');
  await expect(page.getByRole('status').filter({ hasText: 'French onion soup is ready!' })).toBeVisible();
  await screenshot(page, 'orders-ready');
  await move(waiter, 'SERVED');
  await expect(line).toContainText('Served');
});

test('calling the waiter shows the acknowledgement when a waiter takes it', async ({ page, baseURL, seat }) => {
  const table = await seat('FAMILY');
  await joinTable(page, table);
  await page.getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('button', { name: 'Call the waiter' }).click();
  await expect(page.getByText('Waiting for a waiter…')).toBeVisible();

  const waiter = await staff(baseURL!, 'WAITER');
  const { calls } = (await (await waiter.get('/api/v1/calls')).json()) as { calls: Call[] };
  const call = calls.find((c) => c.sessionId === table.sessionId && c.kind === 'WAITER');
  expect(call).toBeDefined();
  expect((await waiter.post(`/api/v1/calls/${call!.id}/acknowledge`)).status()).toBe(200);
  await expect(page.getByText('A waiter is on the way', { exact: true }).first()).toBeVisible();
  await screenshot(page, 'orders-call-acknowledged');

  // After a reload the phone still knows.
  await page.reload();
  await expect(page.getByText('A waiter is on the way', { exact: true })).toBeVisible();
});
