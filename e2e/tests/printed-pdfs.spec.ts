import { expect, test } from '@playwright/test';

const admin = { restaurant: 'demo', email: 'admin@demo.plato', password: 'plato-demo' };

/** The PDF's fonts: pdfkit names each embedded subset `/BaseFont /ABCDEF+Family-Style`, outside any compressed stream. */
const embeddedFonts = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]);

/**
 * The built server (dist/, bundled by esbuild) finds the Noto Sans files in
 * node_modules as the sources do, so the QR sheet and the receipt print in
 * the embedded Unicode font; the guest's receipt link opens without signing in.
 */
test('the built server prints the QR sheet and a receipt in Noto Sans, and the receipt link opens', async ({
  playwright,
  request,
  baseURL,
}) => {
  expect((await request.post('/api/v1/auth/login', { data: admin })).status()).toBe(200);

  const sheet = await request.get('/api/v1/admin/tables/qr.pdf');
  expect(sheet.status()).toBe(200);
  const sheetPdf = await sheet.body();
  expect(sheetPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(embeddedFonts(sheetPdf)).toContain('NotoSans-Bold');

  const { tables } = await (await request.get('/api/v1/admin/tables')).json();
  const table = tables.at(-1);
  const opened = await request.post(`/api/v1/tables/${table.id}/sessions`, { data: { mode: 'FAMILY' } });
  expect(opened.status()).toBe(201);
  const { session } = await opened.json();
  const closed = await request.post(`/api/v1/sessions/${session.id}/close`, { data: {} });
  expect(closed.status()).toBe(200);
  const { receiptUrl } = await closed.json();
  expect(receiptUrl).toMatch(new RegExp(`^${baseURL}/api/v1/public/receipts/[\\w-]{43}$`));

  const receipt = await request.get(`/api/v1/sessions/${session.id}/receipt.pdf`);
  expect(receipt.status()).toBe(200);
  expect(embeddedFonts(await receipt.body())).toContain('NotoSans-Regular');

  // The guest's phone: no staff cookie.
  const phone = await playwright.request.newContext({ baseURL });
  const page = await phone.get(receiptUrl);
  expect(page.status()).toBe(200);
  expect(page.headers()['content-type']).toBe('text/html; charset=utf-8');
  expect(await page.text()).toContain(table.name);
  const pdf = await phone.get(`${receiptUrl}.pdf`);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await phone.dispose();
});
