import { expect, test, type Page } from '@playwright/test';

const admin = { restaurant: 'demo', email: 'admin@demo.plato', password: 'plato-demo' };

async function signIn(page: Page, password = admin.password): Promise<void> {
  await page.goto('/staff/login');
  await page.getByLabel('Restaurant').fill(admin.restaurant);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an admin signs in and sees every table with its QR code links', async ({ page }) => {
  await signIn(page);

  await expect(page).toHaveURL(/\/admin\/tables$/);
  const tables = page.getByRole('table', { name: 'Tables' });
  const rows = tables.locator('tbody tr');
  await expect(rows).toHaveCount(12);
  await expect(tables.getByRole('rowheader', { name: 'Table 1', exact: true })).toBeVisible();

  for (const row of await rows.all()) {
    await expect(row.getByRole('link', { name: /\/t\// })).toHaveAttribute('href', /\/t\/[^/]+$/);
    await expect(row.getByRole('link', { name: /^QR code for / })).toHaveAttribute(
      'href',
      /^\/api\/v1\/admin\/tables\/[^/]+\/qr\.svg$/,
    );
  }
  await expect(page.getByRole('link', { name: 'Print all QR codes' })).toHaveAttribute(
    'href',
    '/api/v1/admin/tables/qr.pdf',
  );
});

test('a wrong password shows an error and stays on the sign-in page', async ({ page }) => {
  await signIn(page, 'not-the-password');

  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/login$/);
  await expect(page.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
});

test('signing out returns to sign-in and locks the admin pages', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Tables' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/staff\/login$/);

  await page.goto('/admin/tables');
  await expect(page).toHaveURL(/\/staff\/login$/);
  await expect(page.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
});

test('the staff shell speaks the language picked at sign-in, and follows a switch made on a page; the page says which', async ({
  page,
}) => {
  // Screen readers pick their voice by the page's lang (WCAG 3.1.1): it follows every switch, on every surface.
  const html = page.locator('html');
  await page.goto('/staff/login');
  await expect(html).toHaveAttribute('lang', 'en');
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Acceso del personal' })).toBeVisible();
  await expect(html).toHaveAttribute('lang', 'es');
  await page.getByLabel('Restaurante').fill(admin.restaurant);
  await page.getByLabel('Correo electrónico').fill(admin.email);
  await page.getByLabel('Contraseña').fill(admin.password);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();

  const nav = page.getByRole('navigation', { name: 'Personal' });
  for (const name of ['Sala', 'Cocina', 'Caja', 'Administración', 'Informes']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
  // The back office's own picker switches the header too, without a reload.
  await expect(html).toHaveAttribute('lang', 'es');
  await page.getByLabel('Idioma').selectOption('hi');
  await expect(html).toHaveAttribute('lang', 'hi');
  const staffNav = page.getByRole('navigation', { name: 'स्टाफ़' });
  await staffNav.getByRole('link', { name: 'रिपोर्ट' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(html).toHaveAttribute('lang', 'hi');
  // The floor's own picker (a compact one in its bar) switches the page back to Spanish…
  await staffNav.getByRole('link', { name: 'फ़्लोर' }).click();
  await expect(page).toHaveURL(/\/waiter$/);
  await page.getByLabel('भाषा').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Sala', level: 1 })).toBeVisible();
  await expect(html).toHaveAttribute('lang', 'es');
  // …and the kitchen screen, a frame of its own, opens in it and switches it too.
  await page.goto('/kitchen');
  await expect(html).toHaveAttribute('lang', 'es');
  await page.getByLabel('Idioma').selectOption('en');
  await expect(html).toHaveAttribute('lang', 'en');
});
