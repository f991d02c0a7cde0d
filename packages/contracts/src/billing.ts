import { z } from 'zod';
import { Cents, Id, Name, Timestamp, text } from './common.ts';

/*
 * Bills, splits, payments (PRODUCT.md "Bill and payments"). Money is integer
 * minor units in fields ending `BillCents`, in the restaurant's `currency`.
 */

const SignedMoney = z.number().int();
/**
 * An amount on a bill: orders keep within LIMITS as placed, but tax added on
 * top and service can take a bill's totals past them, so bill amounts are
 * bounded only by being non-negative integers.
 */
const BillCents = z.number().int().min(0);

export const BillLine = z
  .object({
    id: Id,
    name: Name,
    quantity: z.number().int().min(1),
    unitPriceCents: BillCents,
    guestId: Id.nullable(),
    /** unit × quantity */
    grossCents: BillCents,
    /** Its own discounts and its share of the bill's. */
    discountCents: BillCents,
    netCents: BillCents,
    taxRateBps: z.number().int().min(0),
    /** Its share of its rate's tax (inside net when prices include tax). */
    taxCents: BillCents,
    serviceCents: BillCents,
    /** net, + tax when prices exclude it, + service. */
    dueCents: BillCents,
  })
  .meta({ id: 'BillLine' });

export const Discount = z
  .object({
    id: Id,
    kind: z.enum(['PERCENT', 'AMOUNT']),
    /** PERCENT: percent (up to two decimals); AMOUNT: minor units. */
    value: z.number(),
    lineId: Id.nullable(),
    reason: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Discount' });

export const PAYMENT_METHODS = ['CASH', 'CARD', 'ONLINE'] as const;
export const PaymentMethod = z.enum(PAYMENT_METHODS);
export const PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED'] as const;
export const PaymentStatus = z.enum(PAYMENT_STATUSES);

export const Payment = z
  .object({
    id: Id,
    sessionId: Id,
    method: PaymentMethod,
    status: PaymentStatus,
    /** What it settles of the bill (without the tip). */
    amountCents: BillCents,
    tipCents: BillCents,
    /** Cash rounding collected beyond (or short of) the amount. */
    roundingCents: SignedMoney,
    /** CASH: what the guest handed over, and the change due. */
    tenderedCents: Cents.nullable(),
    changeCents: Cents.nullable(),
    /** The split part it pays, if it names one (1-based). */
    splitPart: z.number().int().min(1).nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof Payment>;

export const SplitPart = z
  .object({
    label: z.string(),
    amountCents: BillCents,
    taxCents: BillCents,
    serviceCents: BillCents,
    lineIds: z.array(Id).optional(),
    guestId: Id.optional(),
    /** BY_ITEMS: the part of the lines no group took. */
    rest: z.boolean().optional(),
  })
  .meta({ id: 'SplitPart' });
export type SplitPart = z.infer<typeof SplitPart>;

export const SplitMethod = z.enum(['EQUAL', 'BY_GUEST', 'BY_ITEMS', 'CUSTOM']);
export const Split = z
  .object({
    method: SplitMethod,
    parts: z.array(SplitPart),
    createdAt: Timestamp,
    /** The bill's total when it was split (payments do not change it; orders, voids and discounts do). */
    totalCents: BillCents,
    /** The total has changed since: the parts no longer add up to what is owed, so split again. */
    stale: z.boolean(),
  })
  .meta({ id: 'Split' });

export const Bill = z
  .object({
    sessionId: Id,
    currency: z.string(),
    lines: z.array(BillLine),
    subtotalCents: BillCents,
    discountCents: BillCents,
    taxCents: BillCents,
    taxes: z.array(z.object({ rateBps: z.number().int().min(0), baseCents: BillCents, taxCents: BillCents })),
    taxInclusive: z.boolean(),
    serviceCents: BillCents,
    tipCents: SignedMoney,
    roundingCents: SignedMoney,
    totalCents: BillCents,
    paidCents: BillCents,
    refundedCents: BillCents,
    /** Held by online payments not settled yet. */
    pendingCents: BillCents,
    balanceCents: BillCents,
    /** The balance as cash settles it, rounded to the restaurant's cash step (the difference is the rounding line). */
    cashDueCents: BillCents,
    /** The restaurant's tip suggestions, in percent of the amount paid. */
    tipPresetsPercent: z.array(z.number().int().min(1).max(100)),
    discounts: z.array(Discount),
    payments: z.array(Payment),
    split: Split.nullable(),
    /** Bumped by every change of the bill: keep the highest seen. */
    version: z.number().int().min(0),
  })
  .meta({ id: 'Bill' });
export type Bill = z.infer<typeof Bill>;
export const BillResponse = Bill;
/** What a change of the bill answers: the new bill. */
export const BillEnvelope = z.object({ bill: Bill });
export type BillEnvelope = z.infer<typeof BillEnvelope>;
/** The guest's bill: the table's, and what this phone's share of the split (or its own lines) comes to. */
export const GuestBillResponse = Bill.extend({ myShareCents: BillCents.nullable() });

export const Reason = text({ trim: true }).min(1).max(200);

export type Discount = z.infer<typeof Discount>;

export const CreateDiscountRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('PERCENT'),
    /** 0.01 to 100, at most two decimals. */
    value: z.number().min(0.01).max(100).multipleOf(0.01),
    lineId: Id.optional(),
    reason: Reason,
  }),
  z.strictObject({
    kind: z.literal('AMOUNT'),
    value: Cents.min(1),
    lineId: Id.optional(),
    reason: Reason,
  }),
]);
export type CreateDiscountRequest = z.infer<typeof CreateDiscountRequest>;
export const DiscountParams = z.strictObject({ id: Id, discountId: Id });
export const RemoveDiscountRequest = z.strictObject({ reason: Reason });

export const CreateSplitRequest = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('EQUAL'), parts: z.number().int().min(1).max(50) }),
  z.strictObject({ method: z.literal('BY_GUEST') }),
  z.strictObject({
    method: z.literal('BY_ITEMS'),
    groups: z.array(z.array(Id).min(1).max(200)).min(1).max(50),
  }),
  z.strictObject({ method: z.literal('CUSTOM'), amountsCents: z.array(Cents).min(1).max(50) }),
]);
export type CreateSplitRequest = z.infer<typeof CreateSplitRequest>;
export const SplitResponse = z.object({ parts: z.array(SplitPart), bill: Bill });
export type SplitResponse = z.infer<typeof SplitResponse>;

export const CreatePaymentRequest = z.strictObject({
  method: z.enum(['CASH', 'CARD']),
  amountCents: Cents.min(1),
  tipCents: Cents.default(0),
  /** CASH: what the guest handed over (at least the amount due in cash, with its tip). */
  tenderedCents: Cents.optional(),
  splitPart: z.number().int().min(1).max(50).optional(),
});
export type CreatePaymentRequest = z.infer<typeof CreatePaymentRequest>;
export const PaymentResponse = z.object({ payment: Payment, bill: Bill });
export type PaymentResponse = z.infer<typeof PaymentResponse>;

export const Refund = z
  .object({
    id: Id,
    paymentId: Id,
    sessionId: Id,
    amountCents: Cents,
    tipCents: Cents,
    reason: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Refund' });
export type Refund = z.infer<typeof Refund>;
/** At least one of the two is above 0 (checked by the service: a 400 naming the body). */
export const CreateRefundRequest = z.strictObject({
  /** Of what the payment settled of the bill. */
  amountCents: Cents.default(0),
  /** Of the payment's tip. */
  tipCents: Cents.default(0),
  reason: Reason,
});
export type CreateRefundRequest = z.input<typeof CreateRefundRequest>;
export const RefundResponse = z.object({ refund: Refund, bill: Bill });
export type RefundResponse = z.infer<typeof RefundResponse>;

/** A guest pays (part of) the bill online: the provider's hosted page takes it from there. */
export const CreateGuestPaymentRequest = z.strictObject({
  amountCents: Cents.min(1),
  tipCents: Cents.default(0),
});
export type CreateGuestPaymentRequest = z.infer<typeof CreateGuestPaymentRequest>;
/** The PENDING payment (it holds its amount against the balance until the provider's webhook settles it, or it expires) and where to send the guest. */
export const GuestPaymentResponse = z.object({ payment: Payment, redirectUrl: z.string() });
export const WebhookParams = z.strictObject({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/) });
export const WebhookResponse = z.object({ received: z.literal(true) });
/** A receipt link's token; `.pdf` after it asks for the PDF. Anything else is just an unknown token (404). */
export const ReceiptTokenParams = z.strictObject({ receiptToken: text().min(1).max(120) });
/** A new link to a closed session's receipt, for the guest: it works until 24 h after the close. */
export const ReceiptLinkResponse = z.object({ receiptUrl: z.string(), expiresAt: Timestamp });
