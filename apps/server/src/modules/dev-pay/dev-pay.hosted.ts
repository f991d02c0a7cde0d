import type { FastifyInstance, InjectOptions } from 'fastify';
import { z } from 'zod';
import { signatureHeader } from '../payments-provider/signature.ts';
import { DEV_PAY_SIGNATURE_HEADER, type DevIntent, type DevPayEvent, DevPayProvider } from './dev-pay.provider.ts';

/**
 * The provider's side of dev pay, served by Plato so payments work on a
 * developer's machine: the hosted page a guest pays on (the amount, Confirm,
 * Decline; plain forms, no script) and the signed webhook it sends back to
 * Plato's webhook route, through HTTP like a real provider's, so it passes
 * the same signature check, deduplication and conditional update.
 *
 * It can be told to misbehave, as tests and demos need (form fields, or the
 * page's query, which it carries into its forms):
 * - `outcome=fail`: Confirm charges nothing and reports a failure (a declined card);
 * - `delayMs=N` (≤ 60 s): the guest is sent back at once, the webhook N ms later;
 * - `drop=1`: no webhook at all (a lost delivery), so the payment expires.
 */

const WEBHOOK_PATH = '/api/v1/payments/webhooks/dev';
const MAX_DELAY_MS = 60_000;

const Flags = z.object({
  outcome: z.enum(['succeed', 'fail']).default('succeed'),
  delayMs: z.coerce.number().int().min(0).max(MAX_DELAY_MS).default(0),
  drop: z.enum(['0', '1']).default('0'),
});
const PageQuery = Flags.extend({ intent: z.string().min(1).max(4000) });
const Submit = PageQuery.extend({ action: z.enum(['confirm', 'decline']) });
type Flags = z.infer<typeof Flags>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function formatAmount(cents: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(cents / 10 ** digits);
  } catch {
    return `${cents} ${currency}`;
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`;
}

function payPage(token: string, intent: DevIntent, flags: Flags): string {
  const hidden = [
    ['intent', token],
    ['outcome', flags.outcome],
    ['delayMs', String(flags.delayMs)],
    ['drop', flags.drop],
  ]
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v!)}">`)
    .join('');
  const button = (action: string, label: string) =>
    `<form method="post" action="/pay/dev">${hidden}<input type="hidden" name="action" value="${action}"><button type="submit">${label}</button></form>`;
  return page(
    'Dev pay',
    `<h1>Dev pay</h1><p>A development payment provider: no money moves.</p>` +
      `<p>Amount: <strong data-amount="${intent.amountCents}">${escapeHtml(formatAmount(intent.amountCents, intent.currency))}</strong></p>` +
      button('confirm', 'Confirm payment') +
      button('decline', 'Decline'),
  );
}

export interface DevPayHosted {
  /** Webhooks waiting out a delay; tests await them instead of sleeping. */
  settled(): Promise<void>;
}

/** Registers the hosted page on the app; `app` must be the root instance, which delivers the webhooks. */
export function devPayHostedRoutes(app: FastifyInstance, provider: DevPayProvider): DevPayHosted {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();

  const deliver = async (event: DevPayEvent): Promise<void> => {
    const body = JSON.stringify(event);
    const signature = signatureHeader(provider.signingSecrets, Math.floor(Date.now() / 1000), body);
    const request: InjectOptions = {
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: { 'content-type': 'application/json', [DEV_PAY_SIGNATURE_HEADER]: signature },
      payload: body,
    };
    try {
      const res = await app.inject(request);
      if (res.statusCode >= 300) app.log.warn({ status: res.statusCode, body: res.body }, 'dev pay webhook refused');
    } catch (err) {
      app.log.warn({ err }, 'dev pay webhook not delivered');
    }
  };
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  app.addHook('onClose', async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.all(inFlight);
  });

  app.get('/pay/dev', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const query = request.query as z.infer<typeof PageQuery>;
    const intent = provider.unseal(query.intent);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!intent) return reply.status(404).send(page('Dev pay', '<h1>Unknown payment</h1>'));
    if (intent.expiresAt <= Date.now()) {
      return reply.status(410).send(page('Dev pay', '<h1>This payment has expired</h1>'));
    }
    return reply.send(payPage(query.intent, intent, query));
  });

  void app.register(async (scope) => {
    // Browsers post forms urlencoded; only this scope reads that type.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.post('/pay/dev', { schema: { hide: true, body: Submit } }, async (request, reply) => {
      const form = request.body as z.infer<typeof Submit>;
      const intent = provider.unseal(form.intent);
      if (!intent) return reply.status(404).type('text/html; charset=utf-8').send(page('Dev pay', 'Unknown payment'));
      if (intent.expiresAt <= Date.now()) {
        return reply.status(410).type('text/html; charset=utf-8').send(page('Dev pay', 'This payment has expired'));
      }
      const failure =
        form.action === 'decline' ? 'declined by the guest' : form.outcome === 'fail' ? 'card_declined' : undefined;
      const event: DevPayEvent = {
        id: DevPayProvider.eventId(),
        type: failure ? 'payment_intent.payment_failed' : 'payment_intent.succeeded',
        created: Math.floor(Date.now() / 1000),
        data: {
          intent: intent.ref,
          amountCents: intent.amountCents,
          currency: intent.currency,
          metadata: intent.metadata,
          ...(failure && { failure }),
        },
      };
      if (form.drop === '1') {
        // A lost delivery: Plato never hears of it and the payment lapses.
      } else if (form.delayMs > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          track(deliver(event));
        }, form.delayMs);
        timers.add(timer);
      } else {
        // At once, before the guest is sent back, so the page they return to already shows the outcome.
        const p = deliver(event);
        track(p);
        await p;
      }
      return reply.redirect(intent.returnUrl, 303);
    });
  });

  return {
    async settled() {
      while (timers.size > 0 || inFlight.size > 0) {
        await Promise.all(inFlight);
        if (timers.size > 0) await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
