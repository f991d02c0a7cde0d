import type {
  Call,
  KitchenLine,
  OpenSessionResponse,
  Order,
  PlaceStaffOrderRequest,
  SessionMode,
  TableSession,
} from '@plato/contracts';
import { api } from '../../../lib/api-client';

/* The waiter's writes, one function per operation of the API. */

export function openTable(tableId: string, mode: SessionMode): Promise<OpenSessionResponse> {
  return api<OpenSessionResponse>(`/api/v1/tables/${tableId}/sessions`, { method: 'POST', body: { mode } });
}

export function resetPin(sessionId: string): Promise<{ pin: string }> {
  return api<{ pin: string }>(`/api/v1/sessions/${sessionId}/pin`, { method: 'POST' });
}

export function moveSession(sessionId: string, tableId: string): Promise<{ session: TableSession }> {
  return api<{ session: TableSession }>(`/api/v1/sessions/${sessionId}/move`, { method: 'POST', body: { tableId } });
}

export function answerCall(callId: string, action: 'acknowledge' | 'resolve'): Promise<{ call: Call }> {
  return api<{ call: Call }>(`/api/v1/calls/${callId}/${action}`, { method: 'POST' });
}

export function decideOrder(orderId: string, accept: boolean, reason?: string): Promise<{ order: Order }> {
  return api<{ order: Order }>(`/api/v1/orders/${orderId}/${accept ? 'accept' : 'reject'}`, {
    method: 'POST',
    body: reason ? { reason } : {},
  });
}

export function holdOrFire(orderId: string, course: number, action: 'hold' | 'fire'): Promise<{ lineIds: string[] }> {
  return api<{ lineIds: string[] }>(`/api/v1/orders/${orderId}/courses/${course}/${action}`, { method: 'POST' });
}

/** A waiter serves a ready line or voids one (with a reason); other moves are the kitchen's. */
export function moveLine(
  lineId: string,
  status: 'SERVED' | 'CANCELLED',
  reason?: string,
): Promise<{ line: KitchenLine; orderId: string; orderVersion: number }> {
  return api(`/api/v1/order-lines/${lineId}/status`, {
    method: 'POST',
    body: reason ? { status, reason } : { status },
  });
}

/** `key` stays the same for every retry of one order, so a lost answer never orders twice. */
export function placeOrder(sessionId: string, body: PlaceStaffOrderRequest, key: string): Promise<{ order: Order }> {
  return api<{ order: Order }>(`/api/v1/sessions/${sessionId}/orders`, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': key },
  });
}
