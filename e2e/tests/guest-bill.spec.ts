import type { Bill } from '@plato/contracts';
import { expect, test, joinTable, screenshot, staff } from '../support/guest-table.ts';

const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;

test('a guest pays an equal part with a tip online, comes back to a confirmation; the table closes with the receipt', async ({
  page,
  baseURL,
  seat,
}) => {
  const table = await seat('FAMILY');
  await joinTable(page, table, 'Fay');
  await page.getByRole('button', { name: 'Add French onion soup' }).click();
  await page.getByRole('button', { name: 'Add Crispy calamari' }).click();
  await page.getByRole('link', { name: /View cart · 2/ }).click();
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();

  const cashier = await staff(baseURL!, 'CASHIER');
  const bill = (await (await cashier.get(`/api/v1/sessions/${table.sessionId}/bill`)).json()) as Bill;
  await page.getByRole('link', { name: 'Bill' }).click();
  await expect(page.getByRole('row', { name: /Left to pay/ })).toContainText(euros(bill.balanceCents));

  await page.getByLabel('An equal part').check();
  const part = Math.ceil(bill.balanceCents / 2);
  await expect(page.getByRole('group', { name: 'Number of parts' })).toContainText('Split in 2');
  await page.getByRole('button', { name: '10 %' }).click();
  await expect(page.getByRole('button', { name: '10 %' })).toHaveAttribute('aria-pressed', 'true');
  const tip = Math.round(part / 10);
  await screenshot(page, 'bill');
  await page.getByRole('button', { name: `Pay ${euros(part + tip)}` }).click();

  // The provider's hosted page, then back to the table.
  await expect(page).toHaveURL(/\/pay\/dev/);
  await page.getByRole('button', { name: 'Confirm payment' }).click();
  await expect(page).toHaveURL(new RegExp(`${table.path}/bill\\?payment=`));
  await expect(page.getByRole('status').filter({ hasText: 'received' })).toHaveText(
    `Payment of ${euros(part + tip)} received. Thank you!`,
  );
  await expect(page.getByRole('row', { name: /Paid/ })).toContainText(euros(part));
  await expect(page.getByRole('row', { name: /Left to pay/ })).toContainText(euros(bill.balanceCents - part));
  await screenshot(page, 'bill-paid');

  // The cashier takes the rest in cash and closes: the phone thanks the guest and offers the receipt.
  const cash = await cashier.post(`/api/v1/sessions/${table.sessionId}/payments`, {
    data: { method: 'CASH', amountCents: bill.balanceCents - part, tenderedCents: bill.balanceCents },
    headers: { 'Idempotency-Key': `e2e-${table.sessionId}` },
  });
  expect(cash.status(), await cash.text()).toBe(201);
  const closed = await cashier.post(`/api/v1/sessions/${table.sessionId}/close`, { data: {} });
  expect(closed.status(), await closed.text()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Table closed. Thank you!' })).toBeVisible();
  const receipt = page.getByRole('link', { name: 'Open your receipt' });
  await expect(receipt).toHaveAttribute('href', /\/api\/v1\/public\/receipts\//);
  await screenshot(page, 'closed');
  const href = (await receipt.getAttribute('href'))!;
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('French onion soup');

  // A reload (the guest's cookie is revoked now) still thanks them and keeps the receipt link.
  await page.goto(table.path);
  await expect(page.getByRole('heading', { name: 'Table closed. Thank you!' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open your receipt' })).toHaveAttribute('href', href);
});
