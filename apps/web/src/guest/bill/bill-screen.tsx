/** @jsxImportSource preact */
import { useEffect, useState } from 'preact/hooks';
import { formatMoney, parseMoney } from '../../lib/money';
import { localStore } from '../../lib/local-store';
import { guestApi } from '../api';
import { errorText } from '../cart/cart-screen';
import { language, useT } from '../i18n';
import { CallButtons } from '../orders/orders-screen';
import { untilAnswered, randomKey } from '../../lib/retry';
import { location } from '../router';
import { announce, bill, refreshBill, view } from '../store';
import { Stepper } from '../shell/stepper';

type Choice = 'mine' | 'equal' | 'amount';
const PENDING = 'plato.pendingPayment';

/**
 * The live bill, and paying a part of it: the guest's items (where the
 * server knows them), an equal part, or an amount; a tip from the
 * restaurant's presets; then the provider's hosted page, which sends the
 * guest back here (`?payment=<id>`) to a confirmation.
 */
export function BillScreen() {
  const t = useT();
  const v = view.value!;
  const b = bill.value;
  const currency = v.restaurant.currency;
  const money = (cents: number) => formatMoney(cents, currency, language.value);
  const returned = new URLSearchParams(location.value.search).get('payment');
  const [choice, setChoice] = useState<Choice | null>(null);
  const [parts, setParts] = useState(Math.max(2, v.guests.length));
  const [typed, setTyped] = useState('');
  const [tipPercent, setTipPercent] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    void refreshBill().catch((error: unknown) => setFailed(errorText(error, t)));
  }, []);

  if (!b) return <p class="screen muted">{failed ?? t('common.loading')}</p>;

  const balance = b.balanceCents;
  const mine = b.myShareCents !== null && b.myShareCents > 0 ? Math.min(b.myShareCents, balance) : null;
  const typedCents = parseMoney(typed, currency);
  const amount =
    choice === 'mine'
      ? (mine ?? 0)
      : choice === 'equal'
        ? Math.ceil(balance / parts)
        : choice === 'amount' && Number.isFinite(typedCents)
          ? typedCents
          : 0;
  const tip = Math.round((amount * tipPercent) / 100);
  const tooMuch = amount > balance;
  const returnedPayment = returned ? b.payments.find((p) => p.id === returned) : undefined;

  async function pay() {
    if (busy || amount <= 0 || tooMuch) return;
    setBusy(true);
    // One key per intended payment, kept until answered: a retry or a double tap pays once.
    const intent = `${v.session.id}:${amount}:${tip}`;
    const key = pendingKey(intent) ?? randomKey();
    localStore.set(PENDING, JSON.stringify({ intent, key }));
    try {
      const { redirectUrl } = await untilAnswered(() => guestApi.pay(key, amount, tip));
      localStore.remove(PENDING);
      window.location.assign(redirectUrl);
    } catch (error) {
      localStore.remove(PENDING);
      announce(errorText(error, t));
      setBusy(false);
    }
  }

  return (
    <section class="screen" aria-labelledby="bill-title">
      <h1 id="bill-title">{t('bill.title')}</h1>
      {returnedPayment && (
        <div
          class={`alert ${returnedPayment.status === 'FAILED' || returnedPayment.status === 'EXPIRED' ? 'alert--error' : 'alert--info'}`}
          role="status"
        >
          <p>
            {t(`bill.payment.${returnedPayment.status}`, {
              amount: money(returnedPayment.amountCents + returnedPayment.tipCents),
            })}
          </p>
        </div>
      )}
      <table class="bill">
        <caption class="visually-hidden">{t('bill.title')}</caption>
        <tbody>
          {b.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row">
                {line.quantity} × {line.name}
              </th>
              <td>{money(line.grossCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <Row label={t('bill.subtotal')} value={money(b.subtotalCents)} />
          {b.discountCents > 0 && <Row label={t('bill.discount')} value={`−${money(b.discountCents)}`} />}
          {b.taxCents > 0 && (
            <Row label={b.taxInclusive ? t('bill.taxIncluded') : t('bill.tax')} value={money(b.taxCents)} />
          )}
          {b.serviceCents > 0 && <Row label={t('bill.service')} value={money(b.serviceCents)} />}
          <Row label={t('bill.total')} value={money(b.totalCents)} strong />
          {b.paidCents > 0 && <Row label={t('bill.paid')} value={money(b.paidCents)} />}
          {b.pendingCents > 0 && <Row label={t('bill.processing')} value={money(b.pendingCents)} />}
          <Row label={t('bill.balance')} value={money(balance)} strong />
        </tfoot>
      </table>

      {b.lines.length === 0 ? (
        <p class="muted">{t('bill.nothing')}</p>
      ) : balance === 0 ? (
        <p class="alert alert--info">{t('bill.settled')}</p>
      ) : (
        <form
          class="pay"
          onSubmit={(e) => {
            e.preventDefault();
            void pay();
          }}
        >
          <fieldset class="group">
            <legend class="group__name">{t('bill.howMuch')}</legend>
            {mine !== null && (
              <label class="option">
                <input type="radio" name="share" checked={choice === 'mine'} onChange={() => setChoice('mine')} />
                <span class="option__name">{t('bill.mine')}</span>
                <span class="option__price">{money(mine)}</span>
              </label>
            )}
            <label class="option">
              <input type="radio" name="share" checked={choice === 'equal'} onChange={() => setChoice('equal')} />
              <span class="option__name">{t('bill.equal')}</span>
              <span class="option__price">{money(Math.ceil(balance / parts))}</span>
            </label>
            {choice === 'equal' && (
              <Stepper
                label={t('bill.parts')}
                value={t('bill.partsOf', { count: parts })}
                less={{ label: t('bill.fewerParts'), disabled: parts <= 2, onClick: () => setParts(parts - 1) }}
                more={{ label: t('bill.moreParts'), disabled: parts >= 50, onClick: () => setParts(parts + 1) }}
              />
            )}
            <label class="option">
              <input type="radio" name="share" checked={choice === 'amount'} onChange={() => setChoice('amount')} />
              <span class="option__name">{t('bill.amount')}</span>
            </label>
            {choice === 'amount' && (
              <label class="field">
                <span class="field__label">{t('bill.amountLabel', { currency })}</span>
                <input
                  class="field__input"
                  inputMode="decimal"
                  value={typed}
                  aria-invalid={tooMuch || (typed !== '' && !Number.isFinite(typedCents)) ? true : undefined}
                  onInput={(e) => setTyped(e.currentTarget.value)}
                />
              </label>
            )}
          </fieldset>
          {tooMuch && (
            <p class="small text-danger" role="alert">
              {t('bill.tooMuch', { balance: money(balance) })}
            </p>
          )}
          <fieldset class="group">
            <legend class="group__name">{t('bill.tip')}</legend>
            <div class="tips">
              {[0, ...v.restaurant.tipPresetsPercent].map((p) => (
                <button
                  key={p}
                  class="button button--secondary tips__btn"
                  type="button"
                  aria-pressed={tipPercent === p}
                  onClick={() => setTipPercent(p)}
                >
                  {p === 0 ? t('bill.noTip') : `${p} %`}
                </button>
              ))}
            </div>
          </fieldset>
          <div class="sticky-action">
            <button
              class="button button--primary button--block"
              type="submit"
              disabled={busy || amount <= 0 || tooMuch}
            >
              {amount > 0 ? t('bill.pay', { amount: money(amount + tip) }) : t('bill.choose')}
            </button>
          </div>
        </form>
      )}
      <CallButtons only="BILL" />
    </section>
  );
}

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <tr class={strong ? 'bill__strong' : undefined}>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
}

/** The key of a payment asked for and not answered yet, if it is this same payment. */
function pendingKey(intent: string): string | null {
  try {
    const stored = JSON.parse(localStore.get(PENDING) ?? 'null') as { intent: string; key: string } | null;
    return stored?.intent === intent ? stored.key : null;
  } catch {
    return null;
  }
}
