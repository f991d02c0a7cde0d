import type { Bill, Payment } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { parseMoney } from '../../../lib/money';
import { refundPayment } from '../api/till-actions';
import { newerBill, tillKeys } from '../api/till-queries';
import { MoneyField } from './money-field';
import { amountInput, useMoney } from '../../../components/ui/use-money';

/** The payments taken on the bill; a manager can refund one (all, part, or its tip). */
export function PaymentsList({ bill, canRefund }: { bill: Bill; canRefund: boolean }) {
  const { t } = useTranslation();
  const money = useMoney(bill.currency);
  const [refunding, setRefunding] = useState<string | null>(null);
  if (bill.payments.length === 0) return null;

  return (
    <section aria-labelledby="payments-title" className="till__payments">
      <h3 id="payments-title">{t('payments.title')}</h3>
      <ul>
        {bill.payments.map((payment) => (
          <li key={payment.id}>
            <div className="till__payment">
              <span>
                {t(`pay.methods.${payment.method}`)} · {money(payment.amountCents)}
                {payment.tipCents > 0 && ` · ${t('payments.tip', { amount: money(payment.tipCents) })}`}
                {payment.changeCents !== null && ` · ${t('payments.change', { amount: money(payment.changeCents) })}`}
              </span>
              <span className="badge">{t(`payments.status.${payment.status}`)}</span>
              {canRefund && payment.status === 'SUCCEEDED' && refunding !== payment.id && (
                <Button
                  type="button"
                  variant="ghost"
                  aria-label={t('refund.open', { amount: money(payment.amountCents) })}
                  onClick={() => setRefunding(payment.id)}
                >
                  {t('refund.button')}
                </Button>
              )}
            </div>
            {refunding === payment.id && <RefundForm bill={bill} payment={payment} onDone={() => setRefunding(null)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RefundForm({ bill, payment, onDone }: { bill: Bill; payment: Payment; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(amountInput(payment.amountCents, bill.currency));
  const [tip, setTip] = useState('');
  const [reason, setReason] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const refund = useMutation({
    mutationFn: () =>
      refundPayment(
        payment.id,
        {
          amountCents: amount.trim() === '' ? 0 : parseMoney(amount, bill.currency),
          tipCents: tip.trim() === '' ? 0 : parseMoney(tip, bill.currency),
          reason,
        },
        key,
      ),
    onSuccess: ({ bill: next }) => {
      queryClient.setQueryData(tillKeys.bill(bill.sessionId), (cached: Bill | undefined) => newerBill(cached, next));
      onDone();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    refund.mutate();
  }

  return (
    <form className="till__form till__inline-form" onSubmit={submit} aria-label={t('refund.title')}>
      <div className="till__row">
        <MoneyField label={t('refund.amount')} value={amount} onChange={setAmount} />
        <MoneyField label={t('refund.tip')} value={tip} onChange={setTip} />
      </div>
      <TextField
        label={t('reason')}
        name="reason"
        required
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {refund.isError && <Alert>{errorMessage(refund.error)}</Alert>}
      <div className="till__row">
        <Button type="submit" busy={refund.isPending} disabled={reason.trim() === ''}>
          {t('refund.submit')}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
