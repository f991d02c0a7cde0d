/** @jsxImportSource preact */
import type { Cart, CartLine } from '@plato/contracts';
import { ApiError } from '../../lib/api-client';
import { formatMoney } from '../../lib/money';
import { guestApi } from '../api';
import { language, useT } from '../i18n';
import { navigate, screenPath } from '../router';
import { acceptCart, announce, cart, view } from '../store';
import { placeOrder, placing, waitingForNetwork } from './place-order';
import { Stepper } from '../shell/stepper';

/**
 * The cart: the table's shared one (FAMILY: who added each line, live as
 * others add) or this phone's own (INDIVIDUAL). Quantity changes show at
 * once and are replaced by the server's answer.
 */
export function CartScreen({ qrToken }: { qrToken: string }) {
  const t = useT();
  const v = view.value!;
  const c = cart.value;
  const family = v.session.mode === 'FAMILY';
  const money = (cents: number) => formatMoney(cents, v.restaurant.currency, language.value);
  const nameOf = (guestId: string | null) =>
    guestId === null
      ? t('cart.addedByStaff')
      : guestId === v.me.id
        ? t('cart.you')
        : (v.guests.find((g) => g.id === guestId)?.name ?? t('cart.someone'));

  async function change(line: CartLine, quantity: number) {
    const before = cart.value;
    if (!before) return;
    // Shown at once; the answer (or the live event) replaces it with the server's truth.
    const lines =
      quantity === 0
        ? before.lines.filter((l) => l.id !== line.id)
        : before.lines.map((l) =>
            l.id === line.id ? { ...l, quantity, lineTotalCents: l.unitPriceCents * quantity } : l,
          );
    cart.value = { ...before, lines, totalCents: lines.reduce((sum, l) => sum + l.lineTotalCents, 0) };
    try {
      const next: Cart =
        quantity === 0 ? await guestApi.removeLine(line.id) : await guestApi.updateLine(line.id, { quantity });
      acceptCart(next);
      if (quantity === 0) announce(t('cart.removed', { name: line.name }));
    } catch (error) {
      if (cart.value && cart.value.version === before.version) cart.value = before;
      announce(errorText(error, t));
    }
  }

  async function order() {
    if (!c) return;
    try {
      const placed = await placeOrder(v.session.id, c.version);
      announce(t('cart.placed', { number: placed.number }));
      navigate(screenPath(qrToken, 'orders'));
    } catch (error) {
      announce(errorText(error, t));
    }
  }

  if (!c || c.lines.length === 0) {
    return (
      <section class="screen" aria-labelledby="cart-title">
        <h1 id="cart-title">{family ? t('cart.titleTable') : t('cart.titleMine')}</h1>
        <p class="muted">{t('cart.empty')}</p>
        <a
          class="button button--secondary"
          href={screenPath(qrToken, 'menu')}
          onClick={(e) => {
            e.preventDefault();
            navigate(screenPath(qrToken, 'menu'));
          }}
        >
          {t('cart.browse')}
        </a>
      </section>
    );
  }

  return (
    <section class="screen" aria-labelledby="cart-title">
      <h1 id="cart-title">{family ? t('cart.titleTable') : t('cart.titleMine')}</h1>
      {family && <p class="muted">{t('cart.sharedHint')}</p>}
      <ul class="cart-lines">
        {c.lines.map((line) => (
          <li class={`cart-line${line.available ? '' : ' cart-line--gone'}`} key={line.id}>
            <div class="cart-line__text">
              <p class="cart-line__name">{line.name}</p>
              {line.options.length > 0 && <p class="muted small">{line.options.map((o) => o.name).join(', ')}</p>}
              {line.note && <p class="muted small">“{line.note}”</p>}
              {line.course > 1 && <p class="muted small">{t('item.later')}</p>}
              {family && <p class="small">{t('cart.addedBy', { name: nameOf(line.guestId) })}</p>}
              {!line.available && <p class="small text-danger">{t('cart.unavailable')}</p>}
            </div>
            <div class="cart-line__side">
              <span class="cart-line__price">{money(line.lineTotalCents)}</span>
              <Stepper
                label={t('cart.quantityOf', { name: line.name })}
                value={line.quantity}
                less={{
                  label:
                    line.quantity === 1 ? t('cart.remove', { name: line.name }) : t('cart.less', { name: line.name }),
                  symbol: line.quantity === 1 ? '×' : '−',
                  onClick: () => void change(line, line.quantity - 1),
                }}
                more={{
                  label: t('cart.more', { name: line.name }),
                  disabled: line.quantity >= 99,
                  onClick: () => void change(line, line.quantity + 1),
                }}
              />
            </div>
          </li>
        ))}
      </ul>
      <div class="cart-total">
        <span>{t('cart.total')}</span>
        <strong>{money(c.totalCents)}</strong>
      </div>
      <div class="sticky-action">
        {waitingForNetwork.value && (
          <p class="small muted" role="status">
            {t('cart.waitingNetwork')}
          </p>
        )}
        <button
          class="button button--primary button--block"
          type="button"
          aria-busy={placing.value || undefined}
          disabled={c.lines.some((l) => !l.available)}
          onClick={() => void order()}
        >
          {placing.value ? t('cart.placing') : t('cart.place', { total: money(c.totalCents) })}
        </button>
      </div>
    </section>
  );
}

export function errorText(error: unknown, t: ReturnType<typeof useT>): string {
  if (error instanceof TypeError) return t('errors.network');
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'ITEM_UNAVAILABLE':
        return t('errors.itemUnavailable', { detail: error.problem.detail });
      case 'CART_EMPTY':
        return t('errors.cartEmpty');
      case 'SESSION_CLOSED':
        return t('errors.sessionClosed');
      case 'CONFLICT':
      case 'IDEMPOTENCY_CONFLICT':
        return t('errors.cartChanged');
      default:
        return error.problem.detail || error.problem.title;
    }
  }
  return t('errors.generic');
}
