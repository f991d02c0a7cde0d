import {
  BillEnvelope,
  BillResponse,
  CreateDiscountRequest,
  CreatePaymentRequest,
  CreateSplitRequest,
  DiscountParams,
  GuestBillResponse,
  IdParams,
  IdempotencyHeaders,
  NoQuery,
  PaymentResponse,
  Problem,
  RemoveDiscountRequest,
  CreateRefundRequest,
  RefundResponse,
  SplitResponse,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST, ROLES } from '../../http/access.ts';
import { requireGuest, requireStaff, staffActor } from '../../http/request-context.ts';
import {
  addDiscount,
  dropDiscount,
  loadBill,
  loadGuestBill,
  proposeSplit,
  recordPayment,
  refundPayment,
} from './billing.service.ts';

const PROBLEMS = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem } as const;

export async function billingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/sessions/:id/bill', {
    config: { access: ROLES.billReaders },
    schema: {
      tags: ['billing'],
      summary: "A session's bill: lines, discounts, tax, service, tips, payments, balance (closed sessions too)",
      params: IdParams,
      querystring: NoQuery,
      response: { 200: BillResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
    handler: async (request) => loadBill(ctx, requireStaff(request).restaurantId, request.params.id),
  });

  r.get('/api/v1/guest/bill', {
    config: { access: GUEST },
    schema: {
      tags: ['guest'],
      summary: "The table's live bill, with this phone's share (its split part, or its own lines in INDIVIDUAL mode)",
      querystring: NoQuery,
      response: { 200: GuestBillResponse, 400: Problem, 401: Problem },
    },
    handler: async (request) => loadGuestBill(ctx, requireGuest(request)),
  });

  r.post('/api/v1/sessions/:id/discounts', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags: ['billing'],
      summary: 'A discount on the bill or one line (percent or amount), with a reason; audited',
      params: IdParams,
      querystring: NoQuery,
      body: CreateDiscountRequest,
      response: { 200: BillEnvelope, ...PROBLEMS },
    },
    handler: async (request) => ({
      bill: await addDiscount(ctx, requireStaff(request), request.params.id, request.body, staffActor(request)),
    }),
  });

  r.post('/api/v1/sessions/:id/discounts/:discountId/remove', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags: ['billing'],
      summary: 'Remove a discount, with a reason; audited (it stays on record as removed)',
      params: DiscountParams,
      querystring: NoQuery,
      body: RemoveDiscountRequest,
      response: { 200: BillEnvelope, ...PROBLEMS },
    },
    handler: async (request) => ({
      bill: await dropDiscount(
        ctx,
        requireStaff(request),
        request.params.id,
        request.params.discountId,
        request.body.reason,
        staffActor(request),
      ),
    }),
  });

  r.post('/api/v1/sessions/:id/splits', {
    config: { access: ROLES.cashierPlus },
    schema: {
      tags: ['billing'],
      summary:
        'Propose a split of the balance (equal parts, by guest, by items, custom amounts): parts always sum to the balance',
      params: IdParams,
      querystring: NoQuery,
      body: CreateSplitRequest,
      response: { 200: SplitResponse, ...PROBLEMS },
    },
    handler: async (request) => proposeSplit(ctx, requireStaff(request), request.params.id, request.body),
  });

  r.post('/api/v1/sessions/:id/payments', {
    config: { access: ROLES.cashierPlus },
    schema: {
      tags: ['billing'],
      summary:
        'Record a cash or card payment (with tip; cash with tendered and change): 201, or 200 and the first payment for a repeated key; 409 OVERPAYMENT',
      params: IdParams,
      headers: IdempotencyHeaders,
      querystring: NoQuery,
      body: CreatePaymentRequest,
      response: { 200: PaymentResponse, 201: PaymentResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const recorded = await recordPayment(
        ctx,
        requireStaff(request),
        request.params.id,
        { key: request.headers['idempotency-key'], body: request.body },
        staffActor(request),
      );
      return reply.status(recorded.created ? 201 : 200).send({ payment: recorded.payment, bill: recorded.bill });
    },
  });

  r.post('/api/v1/payments/:id/refunds', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags: ['billing'],
      summary:
        'Refund a payment (part, all, or its tip) with a reason: 201, or 200 and the first refund for a repeated key; audited',
      params: IdParams,
      headers: IdempotencyHeaders,
      querystring: NoQuery,
      body: CreateRefundRequest,
      response: { 200: RefundResponse, 201: RefundResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const refunded = await refundPayment(
        ctx,
        requireStaff(request),
        request.params.id,
        { key: request.headers['idempotency-key'], body: request.body },
        staffActor(request),
      );
      return reply.status(refunded.created ? 201 : 200).send({ refund: refunded.refund, bill: refunded.bill });
    },
  });
}
