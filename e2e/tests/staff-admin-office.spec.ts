import { readFileSync } from 'node:fs';
import type { AdminTable, StaffAccount } from '@plato/contracts';
import { adminCall, backOffice, DESK } from '../support/admin.ts';
import { expect, expectAccessible, phone, screenshot, staff, test } from '../support/guest-table.ts';

async function tableNamed(baseURL: string, name: string): Promise<AdminTable | undefined> {
  const admin = await staff(baseURL, 'ADMIN');
  const { tables } = (await (await admin.get('/api/v1/admin/tables')).json()) as { tables: AdminTable[] };
  return tables.find((t) => t.name === name);
}

test('the admin adds a table, gives it a new QR code (the old link stops working), adds a cashier who signs in to the till, and the audit log shows it all, on screen and in its CSV', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  const patio = `Patio ${run}`;
  const cashier = { name: `Casey ${run}`, email: `casey-${run}@demo.plato`, password: 'till-pass-2026' };
  const admin = await backOffice(browser, baseURL!);
  try {
    await test.step('a new table, with its QR code', async () => {
      await admin.goto('/admin/tables');
      const form = admin.getByRole('form', { name: 'Add a table' });
      await form.getByLabel('Name').fill(patio);
      await form.getByLabel('Seats').fill('2');
      await form.getByLabel('Area').fill('Terrace');
      await form.getByRole('button', { name: 'Add table' }).click();
      await expect(admin.getByRole('status').filter({ hasText: `${patio} was added.` })).toBeVisible();
      const row = admin.getByRole('table', { name: 'Tables' }).getByRole('row', { name: new RegExp(`^${patio}\\b`) });
      await expect(row).toContainText('Terrace');
      const qr = row.getByRole('link', { name: `QR code for ${patio}` });
      await expect(qr.locator('img')).toHaveJSProperty('complete', true);
      expect(await qr.locator('img').evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
      await screenshot(admin, 'admin-tables');
      await expectAccessible(admin, 'admin tables');
    });

    await test.step('renamed in place', async () => {
      const row = admin.getByRole('row', { name: new RegExp(`^${patio}\\b`) });
      await row.getByRole('button', { name: `Edit: ${patio}` }).click();
      const edit = admin.getByRole('form', { name: `Edit ${patio}` });
      await edit.getByLabel('Seats').fill('3');
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect(admin.getByRole('status').filter({ hasText: `${patio} was saved.` })).toBeVisible();
      expect((await tableNamed(baseURL!, patio))!.seats).toBe(3);
    });

    await test.step('a new QR code, after a confirmation; the old link is refused', async () => {
      const old = (await tableNamed(baseURL!, patio))!;
      await admin.getByRole('button', { name: `New QR code: ${patio}` }).click();
      const confirm = admin.getByRole('alertdialog');
      await expect(confirm).toContainText('The printed code and link stop working at once');
      await screenshot(admin, 'admin-tables-rotate-confirm');
      await expectAccessible(admin, 'admin tables, rotation confirmation');
      await confirm.getByRole('button', { name: 'Yes, make a new code' }).click();
      await expect(admin.getByRole('status').filter({ hasText: `${patio} has a new QR code.` })).toBeVisible();
      const now = (await tableNamed(baseURL!, patio))!;
      expect(now.qrToken).not.toBe(old.qrToken);
      await expect(admin.getByRole('link', { name: now.qrUrl })).toBeVisible();
      await expect(admin.getByRole('link', { name: old.qrUrl })).toHaveCount(0);

      const guest = await phone(browser, baseURL!);
      expect((await guest.request.get(`/api/v1/public/tables/${old.qrToken}`)).status()).toBe(404);
      await guest.goto(`/t/${old.qrToken}`);
      await expect(guest.getByRole('heading', { name: 'This table code is not valid' })).toBeVisible();
      expect((await guest.request.get(`/api/v1/public/tables/${now.qrToken}`)).status()).toBe(200);
    });

    await test.step('a cashier account, who signs in to the till', async () => {
      await admin.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Staff' }).click();
      const form = admin.getByRole('form', { name: 'Add a staff member' });
      await form.getByLabel('Name').fill(cashier.name);
      await form.getByLabel('Email').fill(cashier.email);
      await form.getByLabel('Password').fill('short');
      await form.getByLabel('Role').selectOption({ label: 'Cashier' });
      await form.getByRole('button', { name: 'Add staff member' }).click();
      // The server's refusal sits under the password.
      await expect(form.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
      await form.getByLabel('Password').fill(cashier.password);
      await form.getByRole('button', { name: 'Add staff member' }).click();
      await expect(admin.getByRole('status').filter({ hasText: `${cashier.name} can now sign in.` })).toBeVisible();
      const row = admin.getByRole('row', { name: new RegExp(`^${cashier.name}\\b`) });
      await expect(row).toContainText('Cashier');
      await expect(row).toContainText('Active');
      await screenshot(admin, 'admin-staff');
      await expectAccessible(admin, 'admin staff');

      const till = await browser.newContext({ baseURL, viewport: DESK, locale: 'en-GB' });
      const page = await till.newPage();
      await page.goto('/staff/login');
      await page.getByLabel('Restaurant').fill('demo');
      await page.getByLabel('Email').fill(cashier.email);
      await page.getByLabel('Password').fill(cashier.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/cashier$/);
      await expect(page.getByRole('heading', { name: 'Till' })).toBeVisible();
      await till.close();
    });

    await test.step('a role change and a new password; deactivated, the account no longer signs in', async () => {
      const row = admin.getByRole('row', { name: new RegExp(`^${cashier.name}\\b`) });
      await row.getByRole('button', { name: `Edit: ${cashier.name}` }).click();
      const edit = admin.getByRole('form', { name: `Change ${cashier.name}` });
      await edit.getByLabel('Role').selectOption({ label: 'Waiter' });
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect(row).toContainText('Waiter');

      await row.getByRole('button', { name: `Reset password: ${cashier.name}` }).click();
      await admin.getByLabel(`New password for ${cashier.name}`).fill('a-new-pass-2026');
      await admin.getByRole('button', { name: 'Set password', exact: true }).click();
      await expect(
        admin.getByRole('status').filter({ hasText: `The password of ${cashier.name} was changed.` }),
      ).toBeVisible();

      await row.getByRole('button', { name: `Deactivate: ${cashier.name}` }).click();
      await expect(row).toContainText('Deactivated');
      const { staff: accounts } = (await (
        await (await staff(baseURL!, 'ADMIN')).get('/api/v1/admin/staff')
      ).json()) as {
        staff: StaffAccount[];
      };
      expect(accounts.find((s) => s.email === cashier.email)).toMatchObject({ role: 'WAITER', active: false });
      const attempt = await admin.request.post('/api/v1/auth/login', {
        data: { restaurant: 'demo', email: cashier.email, password: 'a-new-pass-2026' },
        headers: { cookie: '' },
      });
      expect(attempt.status()).toBe(401);
    });

    await test.step('the audit log, filtered, and its CSV', async () => {
      await admin.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Audit log' }).click();
      const entries = admin.getByRole('table', { name: 'Audit entries' });
      await expect(entries.getByRole('rowheader', { name: 'table.token.rotated' }).first()).toBeVisible();
      await expect(entries.getByRole('rowheader', { name: 'staff.created' }).first()).toBeVisible();
      await screenshot(admin, 'admin-audit');
      await expectAccessible(admin, 'admin audit log');

      const filters = admin.getByRole('form', { name: 'Filters' });
      await filters.getByLabel('About').selectOption({ label: 'Table' });
      await filters.getByLabel('Who').selectOption({ label: 'Alex Admin' });
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await expect(admin).toHaveURL(/entity=table/);
      await expect(entries.getByRole('rowheader', { name: 'table.created' }).first()).toBeVisible();
      await expect(entries.getByRole('rowheader', { name: 'staff.created' })).toHaveCount(0);
      const actions = await entries.getByRole('rowheader').allTextContents();
      expect(actions.length).toBeGreaterThanOrEqual(3);
      expect(actions.every((a) => a.startsWith('table.'))).toBe(true);
      await screenshot(admin, 'admin-audit-filtered');

      const filtered = admin.waitForEvent('download');
      await admin.getByRole('link', { name: 'Download CSV' }).click();
      const csv = readFileSync((await (await filtered).path())!, 'utf8');
      expect(csv.split('\n')[0]).toContain('action');
      expect(csv).toContain('table.token.rotated');
      expect(csv).toContain(patio);
      expect(csv).not.toContain('staff.created');

      await filters.getByRole('button', { name: 'Clear' }).click();
      await expect(admin).not.toHaveURL(/entity=/);
      await filters.getByLabel('Action').fill('staff.created');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await expect(admin).toHaveURL(/action=staff.created/);
      await expect(entries.getByRole('row')).toHaveCount(2); // the header and the one account made here
      const all = admin.waitForEvent('download');
      await admin.getByRole('link', { name: 'Download CSV' }).click();
      expect(readFileSync((await (await all).path())!, 'utf8')).toContain(cashier.email);
    });
  } finally {
    const table = await tableNamed(baseURL!, patio);
    if (table) await adminCall(baseURL!, 'DELETE', `/api/v1/admin/tables/${table.id}`);
  }
});
