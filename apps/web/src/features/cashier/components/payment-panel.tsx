import type { Bill, CreatePaymentRequest, Payment } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { errorMessage } from '../../../lib/error-message';
import { parseMoney } from '../../../lib/money';
import { recordPayment } from '../api/till-actions';
import { newerBill, tillKeys } from '../api/till-queries';
import { MoneyField } from './money-field';
import { amountInput, useMoney } from '../../../components/ui/use-money';

/** What the form starts from: the whole balance, or a split part picked to pay. */
export type PaymentDraft = { id: number; amountCents?: number; splitPart?: number };

type Props = { bill: Bill; draft: PaymentDraft; onRecorded: (payment: Payment) => void };

/** Records a cash payment (tendered, change due) or a card payment, each with its tip. */
export function PaymentPanel({ bill, draft, onRecorded }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const money = useMoney(bill.currency);
  const [method, setMethod] = useState<'CASH' | 'CARD'>('CASH');
  // Untouched, the amount follows the balance as discounts and other payments change it.
  const [typed, setTyped] = useState<string | null>(
    draft.amountCents === undefined ? null : amountInput(draft.amountCents, bill.currency),
  );
  const amount = typed ?? amountInput(bill.balanceCents, bill.currency);
  const [tip, setTip] = useState('');
  const [tendered, setTendered] = useState('');
  // One key per payment the cashier means to make: a retry after a lost answer is the same payment.
  const [key] = useState(() => crypto.randomUUID());
  const pay = useMutation({
    mutationFn: (body: CreatePaymentRequest) => recordPayment(bill.sessionId, body, key),
    onSuccess: ({ payment, bill: next }) => {
      queryClient.setQueryData(tillKeys.bill(bill.sessionId), (cached: Bill | undefined) => newerBill(cached, next));
      onRecorded(payment);
    },
  });

  const amountCents = parseMoney(amount, bill.currency);
  const tipCents = tip.trim() === '' ? 0 : parseMoney(tip, bill.currency);
  const tenderedCents = tendered.trim() === '' ? undefined : parseMoney(tendered, bill.currency);
  const amountError =
    amount && (!Number.isInteger(amountCents) || amountCents <= 0)
      ? t('pay.notAnAmount')
      : amountCents > bill.balanceCents
        ? t('pay.overBalance', { amount: money(bill.balanceCents) })
        : undefined;
  const tipError = !Number.isInteger(tipCents) ? t('pay.notAnAmount') : undefined;
  // Cash that settles the whole balance is rounded to the restaurant's step, as the server will record it.
  const settlesInCash = method === 'CASH' && amountCents === bill.balanceCents;
  const cashDue = settlesInCash ? bill.cashDueCents : amountCents || 0;
  const owed = cashDue + (tipCents || 0);
  const presetTip = (percent: number) => Math.round(((amountCents || 0) * percent) / 100);
  const tenderedError =
    tenderedCents === undefined
      ? undefined
      : !Number.isInteger(tenderedCents)
        ? t('pay.notAnAmount')
        : tenderedCents < owed
          ? t('pay.tenderedShort', { amount: money(owed) })
          : undefined;
  const invalid = Boolean(amountError || tipError || tenderedError) || !Number.isInteger(amountCents);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (invalid) return;
    pay.mutate({
      method,
      amountCents,
      tipCents,
      ...(method === 'CASH' && tenderedCents !== undefined ? { tenderedCents } : {}),
      ...(draft.splitPart !== undefined ? { splitPart: draft.splitPart } : {}),
    });
  }

  return (
    <section className="card" aria-labelledby="pay-title">
      <h2 id="pay-title">
        {draft.splitPart !== undefined ? t('pay.titlePart', { part: draft.splitPart }) : t('pay.title')}
      </h2>
      <form onSubmit={submit} className="till__form" noValidate>
        <fieldset className="till__choices">
          <legend>{t('pay.method')}</legend>
          {(['CASH', 'CARD'] as const).map((m) => (
            <label key={m} className="till__choice">
              <input type="radio" name="pay-method" checked={method === m} onChange={() => setMethod(m)} />
              {t(`pay.methods.${m}`)}
            </label>
          ))}
        </fieldset>
        <div className="till__row">
          <MoneyField label={t('pay.amount')} value={amount} onChange={setTyped} error={amountError} />
          <MoneyField label={t('pay.tip')} value={tip} onChange={setTip} error={tipError} />
        </div>
        {bill.tipPresetsPercent.length > 0 && Number.isInteger(amountCents) && amountCents > 0 && (
          <div className="till__presets" role="group" aria-label={t('pay.tipPresets')}>
            {bill.tipPresetsPercent.map((percent) => (
              <Button
                key={percent}
                type="button"
                variant="secondary"
                aria-pressed={tipCents === presetTip(percent)}
                onClick={() => setTip(amountInput(presetTip(percent), bill.currency))}
              >
                {t('pay.tipPreset', { percent })} · {money(presetTip(percent))}
              </Button>
            ))}
          </div>
        )}
        {settlesInCash && cashDue !== amountCents && (
          <p className="till__hint">{t('pay.cashRounding', { amount: money(cashDue) })}</p>
        )}
        {method === 'CASH' && (
          <div className="till__row">
            <MoneyField label={t('pay.tendered')} value={tendered} onChange={setTendered} error={tenderedError} />
            <Button type="button" variant="ghost" onClick={() => setTendered(amountInput(owed, bill.currency))}>
              {t('pay.exact')}
            </Button>
          </div>
        )}
        {method === 'CASH' && tenderedCents !== undefined && !tenderedError && !invalid && (
          <p className="till__change-preview">{t('pay.changeDue', { amount: money(tenderedCents - owed) })}</p>
        )}
        {pay.isError && <Alert>{errorMessage(pay.error)}</Alert>}
        <Button type="submit" busy={pay.isPending} disabled={invalid || bill.balanceCents === 0}>
          {t(method === 'CASH' ? 'pay.submitCash' : 'pay.submitCard', { amount: money(owed) })}
        </Button>
      </form>
    </section>
  );
}
