import { adminCall, adminItem, backOffice } from '../support/admin.ts';
import { expect, expectAccessible, joinTable, phone, screenshot, test } from '../support/guest-table.ts';

test('the admin changes a price and sells out a dish; a guest on the menu sees both without a reload', async ({
  browser,
  baseURL,
  seat,
}) => {
  const tartare = await adminItem(baseURL!, 'Tuna tartare');
  const wings = await adminItem(baseURL!, 'Chicken wings');
  expect(tartare.priceCents).toBe(1450);
  expect(wings.available).toBe(true);

  const table = await seat('FAMILY');
  const guest = await phone(browser, baseURL!);
  await joinTable(guest, table);
  const tartareCard = guest.getByRole('listitem').filter({ hasText: 'Tuna tartare' });
  const wingsCard = guest.getByRole('listitem').filter({ hasText: 'Chicken wings' });
  await expect(tartareCard).toContainText('€14.50');
  await expect(
    guest.getByRole('button', { name: /^Add Chicken wings|Choose options for Chicken wings/ }),
  ).toBeVisible();
  // A reload would clear this mark: it proves the guest's page stayed the same page throughout.
  await guest.evaluate('window.stayedHere = true');

  const admin = await backOffice(browser, baseURL!);
  try {
    await admin.goto('/admin/menu');
    await expect(admin.getByRole('heading', { name: 'Menu', level: 1 })).toBeVisible();
    const items = admin.getByRole('table', { name: 'Items in Starters' });
    await expect(items.getByRole('row', { name: /Tuna tartare/ })).toContainText('€14.50');
    await screenshot(admin, 'admin-menu');
    await expectAccessible(admin, 'admin menu');

    // Sold out: one tap in the list, for the guest at once.
    const wingsRow = items.getByRole('row', { name: /Chicken wings/ });
    await wingsRow.getByRole('button', { name: 'Mark sold out: Chicken wings' }).click();
    await expect(wingsRow).toContainText('Sold out');
    await expect(wingsCard).toContainText('Sold out');
    await expect(guest.getByRole('button', { name: /Chicken wings/ })).toHaveCount(0);

    // The price, in the item's editor, as the currency writes it.
    await items.getByRole('link', { name: 'Edit Tuna tartare' }).click();
    await expect(admin.getByRole('heading', { name: 'Edit Tuna tartare' })).toBeVisible();
    await admin.getByLabel('Price (EUR)').fill('15.75');
    await admin.getByRole('button', { name: 'Save', exact: true }).first().click();
    await expect(admin.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(tartareCard).toContainText('€15.75');
    expect((await adminItem(baseURL!, 'Tuna tartare')).priceCents).toBe(1575);
    expect(await guest.evaluate('window.stayedHere')).toBe(true);
    await guest.bringToFront();
    await tartareCard.scrollIntoViewIfNeeded();
    await screenshot(guest, 'admin-live-guest-menu');

    // And back on sale, live too.
    await admin.getByRole('link', { name: /Back to the menu/ }).click();
    await items
      .getByRole('row', { name: /Chicken wings/ })
      .getByRole('button', { name: 'Mark available: Chicken wings' })
      .click();
    await expect(wingsCard).not.toContainText('Sold out');
  } finally {
    await adminCall(baseURL!, 'PATCH', `/api/v1/admin/items/${tartare.id}`, { priceCents: tartare.priceCents });
    await adminCall(baseURL!, 'POST', `/api/v1/admin/items/${wings.id}/availability`, { available: true });
  }
});

test('a manager may sell out a dish but not change the menu; a waiter is not allowed in and the API says 403', async ({
  browser,
  baseURL,
}) => {
  const wings = await adminItem(baseURL!, 'Chicken wings');
  const manager = await backOffice(browser, baseURL!, 'MANAGER');
  try {
    await manager.goto('/admin/menu');
    await expect(manager.getByRole('heading', { name: 'Menu', level: 1 })).toBeVisible();
    await expect(manager.getByRole('button', { name: 'Add category' })).toHaveCount(0);
    await expect(manager.getByRole('link', { name: 'Add item' })).toHaveCount(0);
    await expect(manager.getByRole('button', { name: /^Drag / })).toHaveCount(0);
    const row = manager.getByRole('row', { name: /Chicken wings/ });
    await row.getByRole('button', { name: 'Mark sold out: Chicken wings' }).click();
    await expect(row).toContainText('Sold out');
    expect((await adminItem(baseURL!, 'Chicken wings')).available).toBe(false);
    await manager.goto('/admin/settings');
    await expect(manager.getByText('You can look at this page; only an admin can change it.')).toBeVisible();
    await expect(manager.getByLabel('Tax rate (%)')).toBeDisabled();
    await expect(manager.getByRole('button', { name: 'Save' })).toHaveCount(0);
  } finally {
    await adminCall(baseURL!, 'POST', `/api/v1/admin/items/${wings.id}/availability`, { available: true });
  }

  const waiter = await backOffice(browser, baseURL!, 'WAITER');
  await waiter.goto('/admin/menu');
  await expect(waiter.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  const answer = await waiter.request.get('/api/v1/admin/items');
  expect(answer.status()).toBe(403);
  await screenshot(waiter, 'admin-not-allowed');
  await expectAccessible(waiter, 'admin not allowed');
});
