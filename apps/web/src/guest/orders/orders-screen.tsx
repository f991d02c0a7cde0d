/** @jsxImportSource preact */
import type { CallKind, LineStatus, Order } from '@plato/contracts';
import { useState } from 'preact/hooks';
import { formatMoney } from '../../lib/money';
import { guestApi } from '../api';
import { errorText } from '../cart/cart-screen';
import { language, useT } from '../i18n';
import { acceptCall, announce, calls, orders, view } from '../store';

/** Each line's status, live; calling the waiter or asking for the bill, with the waiter's acknowledgement. */
export function OrdersScreen() {
  const t = useT();
  const v = view.value!;
  const list = [...orders.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const money = (cents: number) => formatMoney(cents, v.restaurant.currency, language.value);
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(language.value, { hour: '2-digit', minute: '2-digit' });
  return (
    <section class="screen" aria-labelledby="orders-title">
      <h1 id="orders-title">{t('orders.title')}</h1>
      <CallButtons />
      {list.length === 0 && <p class="muted">{t('orders.none')}</p>}
      {list.map((order) => (
        <article class="order" key={order.id} aria-labelledby={`order-${order.id}`}>
          <header class="order__head">
            <h2 id={`order-${order.id}`}>{t('orders.number', { number: order.number })}</h2>
            <span class="muted small">
              {time(order.createdAt)} · {money(order.totalCents)}
            </span>
          </header>
          {order.status === 'PENDING' && <p class="small muted">{t('orders.pending')}</p>}
          {order.status === 'REJECTED' && (
            <p class="small text-danger">{t('orders.rejected', { reason: order.rejectReason ?? '' })}</p>
          )}
          <ul class="order__lines">
            {order.lines.map((line) => (
              <li class="order__line" key={line.id}>
                <span>
                  {line.quantity} × {line.name}
                  {line.options.length > 0 && (
                    <span class="muted small"> ({line.options.map((o) => o.name).join(', ')})</span>
                  )}
                </span>
                <LineBadge order={order} status={line.status} held={line.held} />
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}

function LineBadge({ order, status, held }: { order: Order; status: LineStatus; held: boolean }) {
  const t = useT();
  const label =
    order.status === 'PENDING' || order.status === 'REJECTED'
      ? t(`orderStatus.${order.status}`)
      : held && status === 'NEW'
        ? t('lineStatus.HELD')
        : t(`lineStatus.${status}`);
  return <span class={`status status--${held && status === 'NEW' ? 'held' : status.toLowerCase()}`}>{label}</span>;
}

export function CallButtons({ only }: { only?: CallKind }) {
  const t = useT();
  const [busy, setBusy] = useState<CallKind | null>(null);
  const kinds: CallKind[] = only ? [only] : ['WAITER', 'BILL'];

  async function call(kind: CallKind) {
    setBusy(kind);
    try {
      const { call } = await guestApi.call(kind);
      acceptCall(call);
      announce(t(kind === 'WAITER' ? 'calls.waiterSent' : 'calls.billSent'));
    } catch (error) {
      announce(errorText(error, t));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div class="calls">
      {kinds.map((kind) => {
        const open = calls.value.find((c) => c.kind === kind);
        return (
          <div class="calls__item" key={kind}>
            <button
              class="button button--secondary"
              type="button"
              disabled={busy === kind}
              onClick={() => void call(kind)}
            >
              {t(kind === 'WAITER' ? 'calls.waiter' : 'calls.bill')}
            </button>
            {open && (
              <p class="small calls__state">
                {open.status === 'ACKNOWLEDGED' ? t('calls.onTheWay') : t('calls.waiting')}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
