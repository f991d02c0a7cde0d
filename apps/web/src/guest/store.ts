import type {
  Call,
  Cart,
  GuestMenuResponse,
  GuestSessionResponse,
  LiveEventPayload,
  Order,
  PublicTableResponse,
} from '@plato/contracts';
import { computed, signal } from '@preact/signals';
import { ApiError } from '../lib/api-client';
import { localStore } from '../lib/local-store';
import type { LiveSocket, LiveStatus } from '../lib/live-client';
import { guestApi, type GuestBill } from './api';
import { i18n } from './i18n';

/*
 * The guest's state: what the server said last, each piece replaced whole by
 * a newer version (a live event or a read), never patched by guesswork. A
 * reconnect reads everything again, since events sent meanwhile are lost.
 */
export const publicTable = signal<PublicTableResponse | null>(null);
export const view = signal<GuestSessionResponse | null>(null);
export const cart = signal<Cart | null>(null);
export const orders = signal<Order[]>([]);
export const calls = signal<Call[]>([]);
export const bill = signal<GuestBill | null>(null);
export const menu = signal<GuestMenuResponse | null>(null);
export const liveStatus = signal<LiveStatus>('connecting');
/** Set when the session closed (with the receipt link when the close sent one). */
export const closed = signal<{ receiptUrl: string | null } | null>(null);
/** The last thing to announce: shown briefly and read out by screen readers. */
export const notice = signal<{ text: string; id: number } | null>(null);

export const cartCount = computed(() => cart.value?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0);

let noticeId = 0;
export function announce(text: string): void {
  notice.value = { text, id: ++noticeId };
}

let socket: LiveSocket | null = null;
let qrToken: string | null = null;

/** The table this page is for (its QR token), needed to tell a closed table from a lost identity. */
export function setTable(token: string, table: PublicTableResponse | null): void {
  qrToken = token;
  publicTable.value = table;
}

/** Takes a cart if it is newer than the one shown (events and answers may arrive out of order). */
export function acceptCart(next: Cart): void {
  const current = cart.value;
  if (current && next.version < current.version) return;
  cart.value = next;
  // A line from someone who joined after this phone read the table: learn their name.
  const known = new Set(view.value?.guests.map((g) => g.id));
  if (next.lines.some((l) => l.guestId !== null && !known.has(l.guestId))) void refreshSession();
}

export function acceptOrder(order: Order): void {
  const list = orders.value;
  const index = list.findIndex((o) => o.id === order.id);
  if (index === -1) orders.value = [...list, order];
  else if (order.version >= list[index]!.version) orders.value = list.map((o, i) => (i === index ? order : o));
}

function acceptLineStatus(event: LiveEventPayload<'line.status'>): void {
  const order = orders.value.find((o) => o.id === event.orderId);
  if (!order || event.orderVersion <= order.version) return;
  const line = order.lines.find((l) => l.id === event.lineId);
  acceptOrder({
    ...order,
    version: event.orderVersion,
    lines: order.lines.map((l) => (l.id === event.lineId ? { ...l, status: event.status } : l)),
  });
  if (line && event.status === 'READY') announce(i18n.t('orders.readyNotice', { name: line.name }));
}

export function acceptCall(call: Call): void {
  const others = calls.value.filter((c) => c.id !== call.id);
  calls.value = call.status === 'RESOLVED' ? others : [...others, call];
}

function acceptSession(next: GuestSessionResponse): void {
  view.value = next;
  acceptCart(next.cart);
  for (const order of next.orders) acceptOrder(order);
  calls.value = next.calls;
}

/** Reads the whole session again; a 401 means this phone is no longer a guest of it. */
export async function refreshSession(): Promise<boolean> {
  try {
    acceptSession(await guestApi.session());
    if (bill.value) await refreshBill();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      // Revoked: the table closed while this phone was away (thank them), or this identity was claimed
      // from another device (join again).
      const wasGuest = view.value !== null;
      view.value = null;
      stopLive();
      if (wasGuest && !closed.value && qrToken) {
        const table = await guestApi.publicTable(qrToken).catch(() => null);
        if (!table?.sessionOpen) closed.value = { receiptUrl: null };
      }
      return false;
    }
    throw error;
  }
}

export async function refreshBill(): Promise<void> {
  const next = await guestApi.bill();
  if (!bill.value || next.version >= bill.value.version) bill.value = next;
}

let menuLanguage: string | null = null;
let menuText: string | null = null;
let menuInFlight: { language: string; read: Promise<void> } | null = null;

/** Reads the menu in `language` (again: after a menu change or a reconnect). */
export async function loadMenu(language: string): Promise<void> {
  const read = guestApi.menu(language).then((m) => {
    // A revalidation that finds the same menu (the socket's catch-up) keeps the drawn one: no second long render.
    const text = JSON.stringify(m);
    if (language === menuLanguage && text === menuText) return;
    menu.value = m;
    menuText = text;
    menuLanguage = language;
  });
  menuInFlight = { language, read };
  try {
    await read;
  } finally {
    if (menuInFlight?.read === read) menuInFlight = null;
  }
}

/** The menu in `language` unless it is here or on its way (the first read starts before the session's answer). */
export async function ensureMenu(language: string): Promise<void> {
  if (menuInFlight?.language === language) {
    // A first read refused (the phone was not a guest yet) is read again now.
    const ok = await menuInFlight.read.then(
      () => true,
      () => false,
    );
    if (ok) return;
  }
  if (menu.value && menuLanguage === language) return;
  await loadMenu(language);
}

/** Starts the live socket once the phone is a guest (the handshake needs the guest cookie). */
let starting = false;

/**
 * The socket client (socket.io) is loaded on demand, after the menu has been
 * drawn: its code and its handshake are not what a guest waits for on first
 * load, and anything missed meanwhile is read on connect (onReconnect).
 */
export async function startLive(): Promise<void> {
  if (socket || starting) return;
  starting = true;
  const { connectLive } = await import('../lib/live-client').finally(() => (starting = false));
  if (socket || view.value === null) return;
  const catchUp = () => {
    void refreshSession().catch(() => undefined);
    // A 304 when nothing changed: the menu is revalidated by its ETag.
    void loadMenu(i18n.language).catch(() => undefined);
  };
  socket = connectLive({
    onStatus: (status) => (liveStatus.value = status),
    onReconnect: catchUp,
    onRefused: () => void refreshSession().catch(() => undefined),
  });
  // Started after the first draw: what changed before it connected (a dish sold out, a table-mate's line) is read
  // once, as after a reconnect.
  socket.once('connect', catchUp);
  socket.on('cart.updated', acceptCart);
  socket.on('order.placed', ({ order }) => acceptOrder(order));
  socket.on('order.updated', ({ order }) => acceptOrder(order));
  socket.on('line.status', acceptLineStatus);
  socket.on('call.updated', ({ call }) => {
    const before = calls.value.find((c) => c.id === call.id);
    acceptCall(call);
    if (call.status === 'ACKNOWLEDGED' && before?.status !== 'ACKNOWLEDGED') announce(i18n.t('calls.acknowledged'));
  });
  socket.on('bill.updated', () => void refreshBill().catch(() => undefined));
  socket.on('payment.updated', () => void refreshBill().catch(() => undefined));
  socket.on('session.closed', ({ receiptUrl }) => {
    closed.value = { receiptUrl: receiptUrl ?? null };
    if (qrToken) rememberClosed(qrToken, receiptUrl ?? null);
    stopLive();
  });
  socket.on('menu.updated', () => void loadMenu(i18n.language).catch(() => undefined));
  socket.on('guest.rejoined', () => void refreshSession().catch(() => undefined));
}

export function stopLive(): void {
  socket?.disconnect();
  socket = null;
}

const CLOSED = 'plato.closedTable';
/** A receipt link opens for 24 hours after the close; the thank-you page with it survives a reload that long. */
const CLOSED_KEPT_MS = 24 * 60 * 60 * 1000;

function rememberClosed(token: string, receiptUrl: string | null): void {
  localStore.set(CLOSED, JSON.stringify({ qrToken: token, receiptUrl, at: Date.now() }));
}

/** The closed session this phone sat at, if it was this table's and recent: its thank-you page and receipt link. */
export function recallClosed(token: string): { receiptUrl: string | null } | null {
  try {
    const stored = JSON.parse(localStore.get(CLOSED) ?? 'null') as {
      qrToken: string;
      receiptUrl: string | null;
      at: number;
    } | null;
    if (!stored || stored.qrToken !== token || Date.now() - stored.at > CLOSED_KEPT_MS) return null;
    return { receiptUrl: stored.receiptUrl };
  } catch {
    return null;
  }
}
