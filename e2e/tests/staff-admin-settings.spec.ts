import type { UpdateSettingsRequest } from '@plato/contracts';
import { adminCall, backOffice, settingsNow } from '../support/admin.ts';
import { expect, expectAccessible, screenshot, test } from '../support/guest-table.ts';

test('the admin changes the settings; a value the server refuses shows on its own field and changes nothing; the currency drives the prices', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const before = await settingsNow(baseURL!);
  const admin = await backOffice(browser, baseURL!);
  try {
    await admin.goto('/admin/settings');
    await expect(admin.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expect(admin.getByLabel('Currency')).toHaveValue('EUR');
    await expect(admin.getByLabel('Tax rate (%)')).toHaveValue(String(before.taxRateBps / 100));
    await expect(admin.getByRole('group', { name: 'Other menu languages' }).getByLabel('Español')).toBeChecked();
    await screenshot(admin, 'admin-settings');
    await expectAccessible(admin, 'admin settings');

    // 150 % tax: the server refuses it, the message sits under the tax field, and nothing is saved.
    const tax = admin.getByLabel('Tax rate (%)');
    await tax.fill('150');
    await admin.getByLabel('Service charge (%)').fill('2.5');
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect(tax).toHaveAttribute('aria-invalid', 'true');
    await expect(tax).toHaveAccessibleDescription('Enter a percentage from 0 to 100.');
    await expect(admin.getByLabel('Service charge (%)')).not.toHaveAttribute('aria-invalid', 'true');
    expect(await settingsNow(baseURL!)).toEqual(before);
    await tax.scrollIntoViewIfNeeded();
    await screenshot(admin, 'admin-settings-refused');
    await expectAccessible(admin, 'admin settings with an error');

    // Not a number at all: caught before it is sent.
    await admin.getByLabel('Tip presets (%)').fill('5, ten');
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect(admin.getByLabel('Tip presets (%)')).toHaveAccessibleDescription(
      /Enter whole numbers separated by commas/,
    );

    await tax.fill('8.5');
    await admin.getByLabel('Tip presets (%)').fill('5, 10, 15');
    await admin.getByLabel('Table PIN length (digits)').fill('6');
    await admin.getByLabel('Cash rounding').selectOption({ label: 'To €0.05' });
    await admin.getByLabel('Currency').selectOption('GBP');
    await admin.getByRole('group', { name: 'Other menu languages' }).getByLabel('Français').uncheck();
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    expect(await settingsNow(baseURL!)).toMatchObject({
      taxRateBps: 850,
      serviceChargeBps: 250,
      tipPresetsPercent: [5, 10, 15],
      pinLength: 6,
      cashRoundingCents: 5,
      currency: 'GBP',
      languages: ['es', 'hi'],
    });

    // The restaurant's currency is what every price shows in.
    await admin.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Menu' }).click();
    await expect(admin.getByRole('row', { name: /Tuna tartare/ })).toContainText('£14.50');

    // The back office speaks Hindi and Spanish too, and the reader's language writes the money.
    await admin.getByLabel('Language').selectOption('es');
    await expect(admin.getByRole('heading', { name: 'Carta', level: 1 })).toBeVisible();
    await expect(admin.getByRole('row', { name: /Tuna tartare/ })).toContainText(/14,50\s(GBP|£)/);
    await admin.getByLabel('Idioma').selectOption('hi');
    await expect(admin.getByRole('heading', { name: 'मेन्यू', level: 1 })).toBeVisible();
    await screenshot(admin, 'admin-menu-hindi');
    await expectAccessible(admin, 'admin menu in Hindi');
    await admin.getByLabel('भाषा').selectOption('en');
  } finally {
    const { id: _id, slug: _slug, ...restore } = before;
    await adminCall(baseURL!, 'PATCH', '/api/v1/admin/settings', restore satisfies UpdateSettingsRequest);
  }
  expect(await settingsNow(baseURL!)).toEqual(before);
});
