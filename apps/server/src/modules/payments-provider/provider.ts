/**
 * What Plato needs of an online payment provider (issue 12, item 4): make a
 * payment intent and send the guest to the provider's hosted page, then learn
 * the outcome from the provider's signed webhook. The development provider
 * (modules/dev-pay) is one implementation; Stripe or Razorpay is another
 * class with the same two methods. Billing imports only this file.
 */

export interface IntentRequest {
  /** What the guest is charged, in minor units (the amount and its tip). */
  amountCents: number;
  currency: string;
  /** Echoed back in the webhook; providers keep it with the intent. */
  metadata: Record<string, string>;
  /** Where the provider sends the guest back to, paid or not. */
  returnUrl: string;
  /** After this the provider's page refuses to charge (Plato expires the payment then too). */
  expiresAt: Date;
  /** The provider's own idempotency key (Stripe's `Idempotency-Key`): one intent per Plato payment. */
  idempotencyKey: string;
}

export interface Intent {
  /** The provider's id of the intent, stored with the payment; its webhooks name it. */
  providerRef: string;
  /** The hosted page the guest pays on. */
  redirectUrl: string;
}

/** A verified webhook event, in Plato's terms. */
export interface WebhookEvent {
  /** The provider's event id: an event is applied at most once. */
  id: string;
  /** SUCCEEDED or FAILED settle the payment; IGNORED is an event Plato has no use for (answered 200). */
  outcome: 'SUCCEEDED' | 'FAILED' | 'IGNORED';
  providerRef: string;
  /** What the provider says it charged (checked against the payment). */
  amountCents: number;
  currency: string;
  /** Why it failed, as the provider puts it. */
  failureReason?: string;
}

export interface PaymentProvider {
  /** Its name in `payments.provider` and in the webhook's path (`/api/v1/payments/webhooks/:provider`). */
  readonly name: string;
  createIntent(request: IntentRequest): Promise<Intent>;
  /**
   * Checks the webhook's signature over the raw body as received (not a
   * re-serialised parse) and reads the event; throws WebhookRefused when the
   * signature, its age or the body is not right.
   */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): WebhookEvent;
}

/** A webhook Plato will not act on: nothing is changed and the sender gets a 400. */
export class WebhookRefused extends Error {}

/** The providers this server takes payments through, by name. */
export type PaymentProviders = ReadonlyMap<string, PaymentProvider>;
