import type { Bill } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  type Client,
  type OrderingRestaurant,
  addLine,
  burgerLine,
  newKey,
  placeNewOrder,
  seatTable,
} from './order-factories.ts';
import type { TestApp } from './test-app.ts';

/** Shared by the billing, online-payment and journey tests: a table with an order, its bill, the till, the hosted page. */

/** A FAMILY table of two with one order: a rare burger with cheese (1550) and a lemonade (350). */
export async function tableWithOrder(t: TestApp, r: OrderingRestaurant) {
  const seated = await seatTable(t, r, 'FAMILY', 2);
  await addLine(seated.guests[0]!, burgerLine(r.menu, [r.menu.cheese]));
  await addLine(seated.guests[1]!, { menuItemId: r.menu.lemonade.id, quantity: 1 });
  await placeNewOrder(seated.guests[0]!);
  return seated;
}

/** The session's bill as staff read it; expects 200. */
export async function billOf(call: Client, sessionId: string): Promise<Bill> {
  const res = await call('GET', `/api/v1/sessions/${sessionId}/bill`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Bill>();
}

/** A payment recorded at the till (CASH or CARD), under a fresh key unless one is given. */
export const payAtTill = (call: Client, sessionId: string, body: unknown, key = newKey()) =>
  call('POST', `/api/v1/sessions/${sessionId}/payments`, body, { 'idempotency-key': key });

/** The dev provider's hosted page, as the guest's browser gets it, and its form's hidden intent. */
export async function openHostedPage(app: FastifyInstance, redirectUrl: string) {
  const url = new URL(redirectUrl);
  expect(url.origin).toBe('http://plato.test');
  const res = await app.inject({ url: url.pathname + url.search });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.body).not.toMatch(/<script/i);
  const intent = /name="intent" value="([^"]+)"/.exec(res.body)?.[1];
  expect(intent).toBeDefined();
  return { html: res.body, intent: intent!.replaceAll('&amp;', '&') };
}

/** What the hosted page's buttons post (the flags are what a test or a demo may add). */
export const submitHosted = (app: FastifyInstance, intent: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/pay/dev',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ intent, ...fields }).toString(),
  });
