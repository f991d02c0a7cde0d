import type {
  BillEnvelope,
  CloseSessionResponse,
  CreateDiscountRequest,
  CreatePaymentRequest,
  CreateRefundRequest,
  CreateSplitRequest,
  PaymentResponse,
  RefundResponse,
  SplitResponse,
} from '@plato/contracts';
import { api } from '../../../lib/api-client';

export function proposeSplit(sessionId: string, body: CreateSplitRequest): Promise<SplitResponse> {
  return api<SplitResponse>(`/api/v1/sessions/${sessionId}/splits`, { method: 'POST', body });
}

/** `key` stays the same for retries of one payment, so a retry after a lost answer never charges twice. */
export function recordPayment(sessionId: string, body: CreatePaymentRequest, key: string): Promise<PaymentResponse> {
  return api<PaymentResponse>(`/api/v1/sessions/${sessionId}/payments`, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': key },
  });
}

export function addDiscount(sessionId: string, body: CreateDiscountRequest): Promise<BillEnvelope> {
  return api<BillEnvelope>(`/api/v1/sessions/${sessionId}/discounts`, { method: 'POST', body });
}

export function removeDiscount(sessionId: string, discountId: string, reason: string): Promise<BillEnvelope> {
  return api<BillEnvelope>(`/api/v1/sessions/${sessionId}/discounts/${discountId}/remove`, {
    method: 'POST',
    body: { reason },
  });
}

export function refundPayment(paymentId: string, body: CreateRefundRequest, key: string): Promise<RefundResponse> {
  return api<RefundResponse>(`/api/v1/payments/${paymentId}/refunds`, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': key },
  });
}

export function closeSession(sessionId: string, reason?: string): Promise<CloseSessionResponse> {
  return api<CloseSessionResponse>(`/api/v1/sessions/${sessionId}/close`, {
    method: 'POST',
    body: reason ? { reason } : {},
  });
}

/** The staff copy of a session's receipt as a PDF (works before and after the close). */
export function receiptPdfPath(sessionId: string): string {
  return `/api/v1/sessions/${sessionId}/receipt.pdf`;
}
