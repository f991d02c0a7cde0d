import type {
  AddCartLineRequest,
  Bill,
  Call,
  CallKind,
  Cart,
  GuestMenuResponse,
  GuestSessionResponse,
  JoinResponse,
  Order,
  Payment,
  PublicTableResponse,
  UpdateCartLineRequest,
} from '@plato/contracts';
import { api } from '../lib/api-client';

/** The guest's bill: the table's, with what this phone's share comes to where the server knows it. */
export type GuestBill = Bill & { myShareCents: number | null };

const json = (body: unknown) => ({ method: 'POST' as const, body });

export const guestApi = {
  publicTable: (qrToken: string) => api<PublicTableResponse>(`/api/v1/public/tables/${encodeURIComponent(qrToken)}`),
  join: (qrToken: string, pin: string, name?: string) =>
    api<JoinResponse>(
      `/api/v1/public/tables/${encodeURIComponent(qrToken)}/join`,
      json(name ? { pin, name } : { pin }),
    ),
  session: () => api<GuestSessionResponse>('/api/v1/guest/session'),
  menu: (locale: string) => api<GuestMenuResponse>(`/api/v1/guest/menu?locale=${encodeURIComponent(locale)}`),
  addLine: (line: AddCartLineRequest) => api<Cart>('/api/v1/guest/cart/lines', json(line)),
  updateLine: (lineId: string, change: UpdateCartLineRequest) =>
    api<Cart>(`/api/v1/guest/cart/lines/${encodeURIComponent(lineId)}`, { method: 'PATCH', body: change }),
  removeLine: (lineId: string) =>
    api<Cart>(`/api/v1/guest/cart/lines/${encodeURIComponent(lineId)}`, { method: 'DELETE' }),
  placeOrder: (key: string, cartVersion: number) =>
    api<{ order: Order }>('/api/v1/guest/orders', { ...json({ cartVersion }), headers: { 'Idempotency-Key': key } }),
  call: (kind: CallKind) => api<{ call: Call }>('/api/v1/guest/calls', json({ kind })),
  bill: () => api<GuestBill>('/api/v1/guest/bill'),
  pay: (key: string, amountCents: number, tipCents: number) =>
    api<{ payment: Payment; redirectUrl: string }>('/api/v1/guest/payments', {
      ...json({ amountCents, tipCents }),
      headers: { 'Idempotency-Key': key },
    }),
};
