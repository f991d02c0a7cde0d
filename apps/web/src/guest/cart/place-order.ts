import type { Order } from '@plato/contracts';
import { signal } from '@preact/signals';
import { ApiError } from '../../lib/api-client';
import { localStore } from '../../lib/local-store';
import { guestApi } from '../api';
import { randomKey, untilAnswered } from '../../lib/retry';
import { acceptOrder, refreshSession, view } from '../store';

const PENDING = 'plato.pendingOrder';

/** An order asked for and not yet answered: kept on the phone so a reload retries it with the same key. */
type Pending = { sessionId: string; cartVersion: number; key: string };

/** True while an order is on its way (the button shows it; a second tap joins the first request). */
export const placing = signal(false);
/** True while the order waits for the network. */
export const waitingForNetwork = signal(false);

let inFlight: Promise<Order> | null = null;

function readPending(): Pending | null {
  try {
    const value = JSON.parse(localStore.get(PENDING) ?? 'null') as Pending | null;
    return value && typeof value.key === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Places the cart as it was seen (its version) exactly once: the
 * Idempotency-Key is made once per session and cart version and kept in
 * storage until an answer arrives, so a double tap (joins the request in
 * flight), a lost answer or a timeout (retried with the same key), or a
 * reload mid-request (resumed with the same key) never makes two orders.
 */
export function placeOrder(sessionId: string, cartVersion: number): Promise<Order> {
  if (inFlight) return inFlight;
  const stored = readPending();
  const pending =
    stored && stored.sessionId === sessionId && stored.cartVersion === cartVersion
      ? stored
      : { sessionId, cartVersion, key: randomKey() };
  localStore.set(PENDING, JSON.stringify(pending));
  placing.value = true;
  inFlight = untilAnswered(
    () => guestApi.placeOrder(pending.key, pending.cartVersion),
    (waiting) => (waitingForNetwork.value = waiting),
  )
    .then(
      ({ order }) => {
        localStore.remove(PENDING);
        acceptOrder(order);
        // The cart the order took is empty now; the live event may come later than the answer.
        void refreshSession().catch(() => undefined);
        return order;
      },
      (error: unknown) => {
        // A refusal is an answer too (a retry would repeat it): the key is spent. Without any answer the key
        // stays, so the next tap or reload asks again with it and cannot make a second order.
        if (error instanceof ApiError) localStore.remove(PENDING);
        throw error;
      },
    )
    .finally(() => {
      placing.value = false;
      inFlight = null;
    });
  return inFlight;
}

/** After a reload: an order whose answer never arrived is asked for again with its key (the server answers the first). */
export async function resumePendingOrder(): Promise<Order | null> {
  const pending = readPending();
  const sessionId = view.value?.session.id;
  if (!pending || !sessionId) return null;
  if (pending.sessionId !== sessionId) {
    localStore.remove(PENDING);
    return null;
  }
  try {
    return await placeOrder(pending.sessionId, pending.cartVersion);
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}
