import type { Bill, MenuItem } from '@plato/contracts';
import type { Browser, Page } from '@playwright/test';
import {
  closeTable,
  expect,
  expectAccessible,
  screenshot,
  seatTable,
  staff,
  test,
  type SeatedTable,
  type StaffRole,
} from '../support/guest-table.ts';

const COUNTER = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: true, deviceScaleFactor: 1 };
const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;
const amount = (cents: number) => (cents / 100).toFixed(2);

test.use({ viewport: COUNTER.viewport, isMobile: false, deviceScaleFactor: 1 });

/** The counter tablet of a member of staff: its own browser context, signed in with that role's cookie. */
async function counter(browser: Browser, baseURL: string, role: StaffRole): Promise<Page> {
  const signedIn = await staff(baseURL, role);
  const context = await browser.newContext({ ...COUNTER, baseURL, storageState: await signedIn.storageState() });
  return context.newPage();
}

/** A waiter seats a table and orders for it (soup, calamari, salad) through the API. */
async function seatAndOrder(baseURL: string): Promise<{ table: SeatedTable; bill: Bill }> {
  const table = await seatTable(baseURL, 'FAMILY');
  const manager = await staff(baseURL, 'MANAGER');
  const { items } = (await (await manager.get('/api/v1/admin/items')).json()) as { items: MenuItem[] };
  const id = (name: string) => items.find((i) => i.name === name)!.id;
  const waiter = await staff(baseURL, 'WAITER');
  const ordered = await waiter.post(`/api/v1/sessions/${table.sessionId}/orders`, {
    data: {
      lines: ['French onion soup', 'Crispy calamari', 'Garden salad'].map((name) => ({
        menuItemId: id(name),
        quantity: 1,
        optionIds: [],
      })),
    },
    headers: { 'Idempotency-Key': `cashier-e2e-${table.sessionId}` },
  });
  expect(ordered.status(), await ordered.text()).toBe(201);
  const cashier = await staff(baseURL, 'CASHIER');
  const bill = (await (await cashier.get(`/api/v1/sessions/${table.sessionId}/bill`)).json()) as Bill;
  return { table, bill };
}

test('the cashier splits a table three ways, takes two cash payments with change and one card with a tip, and closes', async ({
  browser,
  baseURL,
}) => {
  const { table, bill } = await seatAndOrder(baseURL!);
  const page = await counter(browser, baseURL!, 'CASHIER');
  try {
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Open the till' }).click();
    const tables = page.getByRole('navigation', { name: 'Open tables' });
    const row = tables.getByRole('link', { name: new RegExp(`^${table.name}\\b`) });
    await expect(row).toContainText(`Balance ${euros(bill.balanceCents)}`);
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await row.click();

    const lines = page.getByRole('table', { name: 'Items on the bill' });
    await expect(lines.getByRole('rowheader', { name: 'French onion soup' })).toBeVisible();
    await expect(page.getByRole('definition').last()).toHaveText(euros(bill.balanceCents));
    await screenshot(page, 'cashier-bill');
    await expectAccessible(page, 'cashier bill');

    // Three equal parts that add up to the balance to the cent.
    await page.getByLabel('Equal parts').check();
    await page.getByLabel('Number of parts').fill('3');
    await page.getByRole('button', { name: 'Split', exact: true }).click();
    const parts = page.getByRole('list', { name: 'Parts' }).getByRole('listitem');
    await expect(parts).toHaveCount(3);
    const base = Math.floor(bill.balanceCents / 3);
    const extra = bill.balanceCents - base * 3;
    const partCents = [0, 1, 2].map((i) => base + (i < extra ? 1 : 0));
    for (const [i, cents] of partCents.entries()) await expect(parts.nth(i)).toContainText(euros(cents));

    // Part 1 in cash: 20 handed over, the change shown before and after.
    await page.getByRole('button', { name: /^Pay Part 1/ }).click();
    await expect(page.getByRole('heading', { name: 'Take a payment for part 1' })).toBeVisible();
    await expect(page.getByLabel('Amount', { exact: true })).toHaveValue(amount(partCents[0]!));
    await page.getByLabel('Cash tendered').fill('20');
    await expect(page.getByText(`Change due: ${euros(2000 - partCents[0]!)}`)).toBeVisible();
    await screenshot(page, 'cashier-cash');
    await page.getByRole('button', { name: `Take ${euros(partCents[0]!)} in cash` }).click();
    const result = page.getByRole('status').filter({ hasText: 'recorded' });
    await expect(result).toContainText(`Change due: ${euros(2000 - partCents[0]!)}`);
    await expect(parts.nth(0)).toContainText('Paid');

    // Part 2 in cash, the exact amount.
    await page.getByRole('button', { name: /^Pay Part 2/ }).click();
    await page.getByRole('button', { name: 'Exact' }).click();
    await page.getByRole('button', { name: `Take ${euros(partCents[1]!)} in cash` }).click();
    await expect(result).toContainText(`Change due: ${euros(0)}`);

    // Part 3 by card with the restaurant's 10 % tip suggestion.
    await page.getByRole('button', { name: /^Pay Part 3/ }).click();
    await page.getByLabel('Card').check();
    const tip = Math.round(partCents[2]! / 10);
    const tenPercent = page.getByRole('group', { name: 'Suggested tips' }).getByRole('button', { name: /^10 %/ });
    await expect(tenPercent).toHaveText(`10 % · ${euros(tip)}`);
    await tenPercent.click();
    await expect(tenPercent).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Tip', { exact: true })).toHaveValue(amount(tip));
    await page.getByRole('button', { name: `Take ${euros(partCents[2]! + tip)} by card` }).click();
    await expect(result).toContainText(`Payment of ${euros(partCents[2]! + tip)} recorded.`);
    await expect(page.getByRole('definition').last()).toHaveText(euros(0));
    await expect(row).toContainText(`Balance ${euros(0)}`);
    await screenshot(page, 'cashier-paid');

    await page.getByRole('button', { name: 'Close the table' }).click();
    await expect(page.getByRole('heading', { name: 'Table closed' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Receipt (PDF)' })).toHaveAttribute(
      'href',
      `/api/v1/sessions/${table.sessionId}/receipt.pdf`,
    );
    const guestLink = page.getByRole('link', { name: 'Receipt link for the guest' });
    await expect(guestLink).toHaveAttribute('href', /\/api\/v1\/public\/receipts\//);
    await expect(tables.getByRole('link', { name: new RegExp(`^${table.name}\\b`) })).toHaveCount(0);
    const pdf = await page.request.get(`/api/v1/sessions/${table.sessionId}/receipt.pdf`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await screenshot(page, 'cashier-closed');
    await expectAccessible(page, 'cashier closed');
  } finally {
    await page.context().close();
    await closeTable(baseURL!, table);
  }
});

test('a manager splits by items with a shared line, discounts the bill and refunds a payment', async ({
  browser,
  baseURL,
}) => {
  const { table, bill } = await seatAndOrder(baseURL!);
  const page = await counter(browser, baseURL!, 'MANAGER');
  // Cash rounded to 0.10 for this test: the till must show the cash that settles the balance as the server counts it.
  const admin = await staff(baseURL!, 'ADMIN');
  const rounding = (cashRoundingCents: number) =>
    admin.patch('/api/v1/admin/settings', { data: { cashRoundingCents } }).then((r) => expect(r.status()).toBe(200));
  await rounding(10);
  try {
    await page.goto(`/cashier/${table.sessionId}`);
    await page.getByLabel('By items').check();
    // Soup to group 1, salad to group 2, the calamari shared by both.
    await page.getByRole('button', { name: 'French onion soup in group 1' }).click();
    await page.getByRole('button', { name: 'Garden salad in group 2' }).click();
    await page.getByRole('button', { name: 'Crispy calamari in group 1' }).click();
    await page.getByRole('button', { name: 'Crispy calamari in group 2' }).click();
    await expect(page.getByRole('button', { name: 'Crispy calamari in group 2' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await screenshot(page, 'cashier-split-items');
    await page.getByRole('button', { name: 'Split', exact: true }).click();
    const parts = page.getByRole('list', { name: 'Parts' }).getByRole('listitem');
    await expect(parts).toHaveCount(2);
    const due = (name: string) => bill.lines.find((l) => l.name === name)!.dueCents;
    const calamari = due('Crispy calamari');
    await expect(parts.nth(0)).toContainText(euros(due('French onion soup') + Math.ceil(calamari / 2)));
    await expect(parts.nth(1)).toContainText(euros(due('Garden salad') + Math.floor(calamari / 2)));

    // 10 % off the whole bill, with a reason.
    await page.getByLabel('Percent', { exact: true }).check();
    await page.getByLabel('Percent off').fill('10');
    await page.getByLabel('Reason for the discount').fill('Birthday');
    await page.getByRole('button', { name: 'Add the discount' }).click();
    const balance = page.getByRole('definition').last();
    await expect(balance).not.toHaveText(euros(bill.balanceCents));
    await expect(page.getByRole('region', { name: 'Discount' }).getByText(/Birthday/)).toBeVisible();
    // The parts were made for the old total: the till says so and offers no part to pay until it is split again.
    await expect(page.getByRole('status').filter({ hasText: 'The bill has changed since it was split' })).toContainText(
      euros(bill.totalCents),
    );
    await expect(page.getByRole('list', { name: 'Parts' })).toHaveCount(0);
    await screenshot(page, 'cashier-split-stale');

    // A card payment of 5.00, then refunded by 2.00.
    const payment = page.getByRole('region', { name: 'Take a payment' });
    await payment.getByLabel('Card').check();
    await payment.getByLabel('Amount', { exact: true }).fill('5');
    await page.getByRole('button', { name: `Take ${euros(500)} by card` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'recorded' })).toBeVisible();
    await page.getByRole('button', { name: `Refund the payment of ${euros(500)}` }).click();
    const refund = page.getByRole('form', { name: 'Refund' });
    await refund.getByLabel('Refund amount').fill('2');
    await refund.getByLabel('Reason').fill('Cold soup');
    await screenshot(page, 'cashier-refund');
    await expectAccessible(page, 'cashier refund');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await expect(refund).toHaveCount(0);
    const after = (await (await page.request.get(`/api/v1/sessions/${table.sessionId}/bill`)).json()) as Bill;
    expect(after.refundedCents).toBe(200);
    expect(after.discounts.map((d) => d.reason)).toEqual(['Birthday']);
    await expect(page.getByRole('term').filter({ hasText: 'Refunded' })).toBeVisible();
    await expect(balance).toHaveText(euros(after.balanceCents));

    // The whole balance in cash: rounded to the step, and the button takes what the server will record.
    expect(after.cashDueCents % 10).toBe(0);
    expect(Math.abs(after.cashDueCents - after.balanceCents)).toBeLessThanOrEqual(5);
    await payment.getByLabel('Cash', { exact: true }).check();
    await expect(payment.getByLabel('Amount', { exact: true })).toHaveValue(amount(after.balanceCents));
    if (after.cashDueCents !== after.balanceCents) {
      await expect(payment.getByText(`Rounded for cash to ${euros(after.cashDueCents)}`)).toBeVisible();
    }
    await expect(payment.getByRole('button', { name: `Take ${euros(after.cashDueCents)} in cash` })).toBeVisible();
  } finally {
    await rounding(0);
    await page.context().close();
    await closeTable(baseURL!, table);
  }
});

test('a waiter is not allowed at the till, and the API refuses them too', async ({ browser, baseURL }) => {
  const page = await counter(browser, baseURL!, 'WAITER');
  try {
    await page.goto('/cashier');
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Till' })).toHaveCount(0);
    const refused = await page.request.post('/api/v1/sessions/anything/splits', { data: { method: 'BY_GUEST' } });
    expect(refused.status()).toBe(403);
    await screenshot(page, 'cashier-not-allowed');
    await expectAccessible(page, 'cashier not allowed');
  } finally {
    await page.context().close();
  }
});
