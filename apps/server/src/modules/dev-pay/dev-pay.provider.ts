import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Intent,
  type IntentRequest,
  type PaymentProvider,
  type WebhookEvent,
  WebhookRefused,
} from '../payments-provider/provider.ts';
import { verifySignatureHeader } from '../payments-provider/signature.ts';

/**
 * Plato's side of the development provider ("dev pay"): what a Stripe
 * integration would be, against a provider that lives in this server
 * (dev-pay.hosted.ts) instead of on the internet. It keeps no state: the
 * intent travels in the hosted page's URL, sealed with an HMAC, as a real
 * provider's checkout link names a session only it can read. So the page
 * works on any instance and after a restart.
 */

export const DEV_PAY = 'dev';
export const DEV_PAY_SIGNATURE_HEADER = 'plato-signature';

/** What the hosted page needs to show and charge, sealed into its URL. */
export interface DevIntent {
  ref: string;
  amountCents: number;
  currency: string;
  metadata: Record<string, string>;
  returnUrl: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

/** The events dev pay sends, shaped like Stripe's. */
export interface DevPayEvent {
  id: string;
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed';
  created: number;
  data: { intent: string; amountCents: number; currency: string; metadata: Record<string, string>; failure?: string };
}

export class DevPayProvider implements PaymentProvider {
  readonly name = DEV_PAY;
  readonly #sealKey: string;

  constructor(private readonly settings: { publicUrl: string; secret: string; webhookSecrets: readonly string[] }) {
    this.#sealKey = createHmac('sha256', settings.secret).update('plato dev-pay intent').digest('base64url');
  }

  /** What the hosted side signs its webhooks with: the first secret (the others still verify while a rotation runs). */
  get signingSecrets(): readonly string[] {
    return this.settings.webhookSecrets.slice(0, 1);
  }

  async createIntent(request: IntentRequest): Promise<Intent> {
    const intent: DevIntent = {
      // The provider's idempotency: one Plato payment, one intent, however often it is asked.
      ref: `devpi_${createHmac('sha256', this.#sealKey).update(request.idempotencyKey).digest('hex').slice(0, 24)}`,
      amountCents: request.amountCents,
      currency: request.currency,
      metadata: request.metadata,
      returnUrl: request.returnUrl,
      expiresAt: request.expiresAt.getTime(),
    };
    return {
      providerRef: intent.ref,
      redirectUrl: `${this.settings.publicUrl}/pay/dev?intent=${encodeURIComponent(this.seal(intent))}`,
    };
  }

  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now: Date): WebhookEvent {
    const header = headers[DEV_PAY_SIGNATURE_HEADER];
    verifySignatureHeader(typeof header === 'string' ? header : undefined, rawBody, this.settings.webhookSecrets, now);
    let event: DevPayEvent;
    try {
      event = JSON.parse(rawBody.toString('utf8')) as DevPayEvent;
    } catch {
      throw new WebhookRefused('The body is not JSON');
    }
    const data = event?.data;
    if (typeof event?.id !== 'string' || typeof data?.intent !== 'string' || !Number.isInteger(data.amountCents)) {
      throw new WebhookRefused('Not a dev pay event');
    }
    const outcome =
      event.type === 'payment_intent.succeeded'
        ? 'SUCCEEDED'
        : event.type === 'payment_intent.payment_failed'
          ? 'FAILED'
          : 'IGNORED';
    return {
      id: event.id,
      outcome,
      providerRef: data.intent,
      amountCents: data.amountCents,
      currency: String(data.currency),
      ...(data.failure !== undefined && { failureReason: String(data.failure) }),
    };
  }

  /** A new event id, random like a provider's. */
  static eventId(): string {
    return `evt_${randomBytes(12).toString('hex')}`;
  }

  seal(intent: DevIntent): string {
    const body = Buffer.from(JSON.stringify(intent)).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The intent a hosted-page URL carries, or undefined when it was not sealed here (or was altered). */
  unseal(token: string): DevIntent | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as DevIntent;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#sealKey).update(body).digest('base64url');
  }
}
