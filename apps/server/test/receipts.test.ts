import type { MenuItem } from '@plato/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/db/ids.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import {
  type Client,
  type OrderingRestaurant,
  addLine,
  buildOrderingRestaurant,
  burgerLine,
  client,
  newKey,
  placeNewOrder,
  seatTable,
} from './support/order-factories.ts';
import { billOf as staffBill } from './support/billing-factories.ts';
import { drawnBadly, holdsWords, readPdf, sameLetters } from './support/pdf-read.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let cashier: Client;
let manager: Client;
let waiter: Client;
let paneer: MenuItem;

const RESTAURANT_NAME = `Tom & Jerry's <Dhaba>`;
const PANEER = 'पनीर टिक्का';
// Rupees, Indian grouping: what Intl makes of the restaurant's currency and locale.
const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
const money = (cents: number) => inr.format(cents / 100);

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  // 10 % tax added on top (drinks 5 %), 12.5 % service, cash rounded to 5 paise.
  await t.ctx.db
    .updateTable('restaurants')
    .set({
      name: RESTAURANT_NAME,
      currency: 'INR',
      locale: 'en-IN',
      timezone: 'Asia/Kolkata',
      tax_rate_bps: 1000,
      tax_inclusive: 0,
      service_charge_bps: 1250,
      cash_rounding_cents: 5,
    })
    .where('id', '=', r.restaurant.id)
    .execute();
  await t.ctx.db.updateTable('categories').set({ tax_rate_bps: 500 }).where('id', '=', r.menu.drinks.id).execute();
  cashier = client(t.app, r.cookies.CASHIER);
  manager = client(t.app, r.cookies.MANAGER);
  waiter = client(t.app, r.cookies.WAITER);
  const created = await r.admin('POST', '/api/v1/admin/items', {
    categoryId: r.menu.mains.id,
    stationId: r.menu.stationId,
    name: PANEER,
    priceCents: 25000,
  });
  expect(created.statusCode, created.body).toBe(201);
  paneer = created.json<{ item: MenuItem }>().item;
});
afterAll(() => t?.close());

const billOf = (sessionId: string) => staffBill(cashier, sessionId);
const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const answer = await res;
  expect(answer.statusCode, answer.body).toBe(status);
  return answer;
};

/**
 * A table that ate a burger with cheese, a lemonade and a paneer tikka; a
 * manager gave 10 % off; the bill was split in two; one part paid by card
 * with a tip, the other in cash; closed; then the tip partly refunded.
 */
async function settledTable() {
  const seated = await seatTable(t, r, 'FAMILY', 2);
  await addLine(seated.guests[0]!, burgerLine(r.menu, [r.menu.cheese]));
  await addLine(seated.guests[1]!, { menuItemId: r.menu.lemonade.id, quantity: 2, note: 'no ice <please>' });
  await addLine(seated.guests[1]!, { menuItemId: paneer.id, quantity: 1 });
  await placeNewOrder(seated.guests[0]!);
  const { sessionId } = seated;
  await ok(
    manager('POST', `/api/v1/sessions/${sessionId}/discounts`, { kind: 'PERCENT', value: 10, reason: 'birthday <b>' }),
  );
  await ok(cashier('POST', `/api/v1/sessions/${sessionId}/splits`, { method: 'EQUAL', parts: 2 }));
  const split = (await billOf(sessionId)).split!;
  const card = await ok(
    cashier(
      'POST',
      `/api/v1/sessions/${sessionId}/payments`,
      { method: 'CARD', amountCents: split.parts[0]!.amountCents, tipCents: 500, splitPart: 1 },
      { 'idempotency-key': newKey() },
    ),
    201,
  );
  const second = split.parts[1]!.amountCents;
  await ok(
    cashier(
      'POST',
      `/api/v1/sessions/${sessionId}/payments`,
      { method: 'CASH', amountCents: second, tenderedCents: second + 10_000, splitPart: 2 },
      { 'idempotency-key': newKey() },
    ),
    201,
  );
  const closed = await ok(cashier('POST', `/api/v1/sessions/${sessionId}/close`, {}));
  const { receiptUrl } = closed.json<{ receiptUrl: string | null }>();
  const paymentId = card.json<{ payment: { id: string } }>().payment.id;
  await ok(
    manager(
      'POST',
      `/api/v1/payments/${paymentId}/refunds`,
      { tipCents: 200, reason: 'tip keyed twice' },
      { 'idempotency-key': newKey() },
    ),
    201,
  );
  return { sessionId, receiptUrl: receiptUrl!, bill: await billOf(sessionId) };
}

/** The path of a receipt link (the app answers inject() on paths, the link is absolute). */
const pathOf = (url: string) => new URL(url).pathname;

describe('the staff receipt', () => {
  it('is a printable page naming every line, option, discount, tax rate, payment, refund and split part', async () => {
    const { sessionId, bill } = await settledTable();
    const res = await ok(waiter('GET', `/api/v1/sessions/${sessionId}/receipt`));
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe/);
    const html = res.body;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/i);
    // The style block is the one the CSP's hash allows.
    const style = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);

    // User input is escaped: the restaurant's name, a note, a discount's reason.
    expect(html).toContain('Tom &amp; Jerry&#39;s &lt;Dhaba&gt;');
    expect(html).toContain('no ice &lt;please&gt;');
    expect(html).toContain('birthday &lt;b&gt;');
    expect(html).not.toContain('<Dhaba>');
    expect(html).not.toContain('<b>');

    for (const line of bill.lines) expect(html).toContain(`${line.quantity} × ${line.name}`);
    expect(html).toContain(PANEER);
    expect(html).toContain('Rare');
    expect(html).toContain(`Cheese (+${money(100)})`);
    expect(html).toContain(`2 × ${money(350)}`);
    expect(bill.taxes.map((x) => x.rateBps)).toEqual([500, 1000]);
    expect(html).toContain('Tax 5%');
    expect(html).toContain('Tax 10%');
    for (const tax of bill.taxes) expect(html).toContain(money(tax.taxCents));
    for (const amount of [
      bill.subtotalCents,
      bill.serviceCents,
      bill.totalCents,
      bill.tipCents,
      bill.paidCents,
      ...bill.split!.parts.map((p) => p.amountCents),
    ]) {
      expect(html).toContain(money(amount));
    }
    expect(html).toContain(money(-bill.discountCents));
    expect(html).toMatch(/Card · /);
    expect(html).toMatch(/Cash · /);
    // The cash settled the rest, rounded to the restaurant's step: the rounding is its own line.
    expect(bill.roundingCents).not.toBe(0);
    expect(html).toContain(`Cash rounding ${money(bill.roundingCents)}`);
    expect(html).toMatch(/Change ₹/);
    expect(html).toContain('tip keyed twice');
    expect(html).toContain(`Tip refunded ${money(200)}`);
    expect(html).toContain('Split in equal parts');
    expect(html).toContain('Balance due');
    expect(html).toContain('href="receipt.pdf"');
  });

  it('is a PDF whose text holds every line, the Hindi name as real glyphs, and the totals', async () => {
    const { sessionId, bill } = await settledTable();
    const res = await ok(cashier('GET', `/api/v1/sessions/${sessionId}/receipt.pdf`));
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await readPdf(res.rawPayload);
    const texts = pages.flatMap((p) => p.texts);
    const all = texts.join('');
    // Nothing fell back to "?" or a missing glyph.
    expect(drawnBadly(all)).toBe(false);
    expect(holdsWords(all, RESTAURANT_NAME)).toBe(true);
    for (const line of bill.lines) expect(holdsWords(all, `${line.quantity} × ${line.name}`), line.name).toBe(true);
    // The Hindi name is drawn as one run of Devanagari glyphs mapped back to its letters (ToUnicode).
    expect(texts.some((s) => sameLetters(s, `1 × ${PANEER}`) || sameLetters(s, PANEER))).toBe(true);
    expect(all).toContain('पनीर');
    for (const amount of [bill.totalCents, bill.paidCents, bill.serviceCents, ...bill.taxes.map((x) => x.taxCents)]) {
      expect(holdsWords(all, money(amount)), money(amount)).toBe(true);
    }
    expect(all).toContain('tip keyed twice');
  });

  it("answers 404 for another restaurant's session, and only to the bill's readers", async () => {
    const { sessionId } = await settledTable();
    const other = await buildRestaurantWithStaff(t.app, t.ctx);
    for (const path of ['receipt', 'receipt.pdf']) {
      const res = await client(t.app, other.cookies.MANAGER)('GET', `/api/v1/sessions/${sessionId}/${path}`);
      expect(res.statusCode, path).toBe(404);
      expect((await client(t.app, r.cookies.CHEF)('GET', `/api/v1/sessions/${sessionId}/${path}`)).statusCode).toBe(
        403,
      );
    }
    const link = await client(t.app, other.cookies.MANAGER)('POST', `/api/v1/sessions/${sessionId}/receipt-link`);
    expect(link.statusCode).toBe(404);
  });
});

describe('the guest receipt link', () => {
  it('is made at the close, kept hashed, and opens the receipt (HTML and PDF) without signing in', async () => {
    const { sessionId, receiptUrl } = await settledTable();
    expect(receiptUrl).toMatch(/^http:\/\/[^/]+\/api\/v1\/public\/receipts\/[A-Za-z0-9_-]{43}$/);
    const token = receiptUrl.split('/').pop()!;
    const rows = await t.ctx.db.selectFrom('receipt_links').selectAll().where('session_id', '=', sessionId).execute();
    expect(rows.map((x) => x.token_hash)).toEqual([sha256(token)]);

    const page = await ok(t.app.inject({ method: 'GET', url: pathOf(receiptUrl) }));
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain(PANEER);
    expect(page.body).toContain(`href="${token}.pdf"`);
    const pdf = await ok(t.app.inject({ method: 'GET', url: `${pathOf(receiptUrl)}.pdf` }));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers 404 for an unknown token, and for every link 24 h after the close', async () => {
    const { sessionId, receiptUrl } = await settledTable();
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/public/receipts/nope-not-a-token' });
    expect(unknown.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/receipts/x.pdf' })).statusCode).toBe(404);

    // Staff hand out a second link; both work until the close is 24 h old.
    const second = await ok(waiter('POST', `/api/v1/sessions/${sessionId}/receipt-link`));
    const { receiptUrl: again, expiresAt } = second.json<{ receiptUrl: string; expiresAt: string }>();
    expect(again).not.toBe(receiptUrl);
    const closedAt = (await t.ctx.db
      .selectFrom('table_sessions')
      .select('closed_at')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow())!.closed_at!;
    expect(Date.parse(expiresAt) - Date.parse(closedAt)).toBe(24 * 3600 * 1000);
    await ok(t.app.inject({ method: 'GET', url: pathOf(again) }));

    // Just inside the day: still open.
    const setClosed = (ms: number) =>
      t.ctx.db
        .updateTable('table_sessions')
        .set({ closed_at: new Date(Date.now() - ms).toISOString() })
        .where('id', '=', sessionId)
        .execute();
    await setClosed(24 * 3600 * 1000 - 60_000);
    await ok(t.app.inject({ method: 'GET', url: pathOf(receiptUrl) }));
    await setClosed(24 * 3600 * 1000 + 1000);
    for (const url of [receiptUrl, again, `${receiptUrl}.pdf`]) {
      const res = await t.app.inject({ method: 'GET', url: pathOf(url) });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain(PANEER);
    }
    // No new link after that, and none for an open session; staff still print the receipt itself.
    expect((await waiter('POST', `/api/v1/sessions/${sessionId}/receipt-link`)).statusCode).toBe(409);
    await ok(waiter('GET', `/api/v1/sessions/${sessionId}/receipt`));
    const open = await seatTable(t, r, 'FAMILY', 1);
    const refused = await waiter('POST', `/api/v1/sessions/${open.sessionId}/receipt-link`);
    expect(refused.statusCode).toBe(409);
  });
});
