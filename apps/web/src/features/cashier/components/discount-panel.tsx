import type { Bill, CreateDiscountRequest, Discount } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { parseMoney } from '../../../lib/money';
import { addDiscount, removeDiscount } from '../api/till-actions';
import { newerBill, tillKeys } from '../api/till-queries';
import { useMoney } from '../../../components/ui/use-money';

/** A manager's discount on the bill or one line, percent or amount, always with a reason. */
export function DiscountPanel({ bill }: { bill: Bill }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'PERCENT' | 'AMOUNT'>('PERCENT');
  const [value, setValue] = useState('');
  const [lineId, setLineId] = useState('');
  const [reason, setReason] = useState('');
  const keep = ({ bill: next }: { bill: Bill }) =>
    queryClient.setQueryData(tillKeys.bill(bill.sessionId), (cached: Bill | undefined) => newerBill(cached, next));
  const add = useMutation({
    mutationFn: (body: CreateDiscountRequest) => addDiscount(bill.sessionId, body),
    onSuccess: (answer) => {
      keep(answer);
      setValue('');
      setReason('');
    },
  });

  const parsed = kind === 'PERCENT' ? Number(value.replace(',', '.')) : parseMoney(value, bill.currency);
  const valid = value.trim() !== '' && Number.isFinite(parsed) && parsed > 0 && reason.trim() !== '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    add.mutate({ kind, value: parsed, reason, ...(lineId ? { lineId } : {}) });
  }

  return (
    <section className="card" aria-labelledby="discount-title">
      <h2 id="discount-title">{t('discount.title')}</h2>
      {bill.discounts.length > 0 && (
        <ul className="till__discounts">
          {bill.discounts.map((discount) => (
            <DiscountRow key={discount.id} bill={bill} discount={discount} onRemoved={keep} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="till__form">
        <fieldset className="till__choices">
          <legend>{t('discount.kind')}</legend>
          {(['PERCENT', 'AMOUNT'] as const).map((k) => (
            <label key={k} className="till__choice">
              <input type="radio" name="discount-kind" checked={kind === k} onChange={() => setKind(k)} />
              {t(`discount.kinds.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className="till__row">
          <TextField
            label={kind === 'PERCENT' ? t('discount.percent') : t('discount.amount')}
            name="discount-value"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <label className="field">
            <span className="field__label">{t('discount.appliesTo')}</span>
            <select className="field__input" value={lineId} onChange={(e) => setLineId(e.target.value)}>
              <option value="">{t('discount.wholeBill')}</option>
              {bill.lines.map((line) => (
                <option key={line.id} value={line.id}>
                  {line.quantity} × {line.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <TextField
          label={t('discount.reason')}
          name="discount-reason"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {add.isError && <Alert>{errorMessage(add.error)}</Alert>}
        <Button type="submit" variant="secondary" busy={add.isPending} disabled={!valid}>
          {t('discount.submit')}
        </Button>
      </form>
    </section>
  );
}

type RowProps = { bill: Bill; discount: Discount; onRemoved: (answer: { bill: Bill }) => void };

function DiscountRow({ bill, discount, onRemoved }: RowProps) {
  const { t } = useTranslation();
  const money = useMoney(bill.currency);
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => removeDiscount(bill.sessionId, discount.id, reason),
    onSuccess: onRemoved,
  });
  const what = discount.kind === 'PERCENT' ? `${discount.value} %` : money(discount.value);
  const line = bill.lines.find((l) => l.id === discount.lineId);

  return (
    <li>
      <div className="till__payment">
        <span>
          {what} · {line ? line.name : t('discount.wholeBill')} · {discount.reason}
        </span>
        {!asking && (
          <Button type="button" variant="ghost" onClick={() => setAsking(true)}>
            {t('discount.remove')}
          </Button>
        )}
      </div>
      {asking && (
        <form
          className="till__form till__inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate();
          }}
        >
          <TextField
            label={t('discount.removeReason')}
            name="remove-reason"
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {remove.isError && <Alert>{errorMessage(remove.error)}</Alert>}
          <Button type="submit" variant="secondary" busy={remove.isPending} disabled={reason.trim() === ''}>
            {t('discount.confirmRemove')}
          </Button>
        </form>
      )}
    </li>
  );
}
