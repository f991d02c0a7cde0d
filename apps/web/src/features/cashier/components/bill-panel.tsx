import type { Bill, CloseSessionResponse, Payment } from '@plato/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import { billQuery } from '../api/till-queries';
import { ClosePanel } from './close-panel';
import { DiscountPanel } from './discount-panel';
import { PaymentPanel, type PaymentDraft } from './payment-panel';
import { PaymentsList } from './payments-list';
import { SplitPanel } from './split-panel';
import { useMoney } from '../../../components/ui/use-money';

/** One session's bill with everything the till does to it. */
export function BillPanel({ sessionId, canApprove }: { sessionId: string; canApprove: boolean }) {
  const { t } = useTranslation();
  const bill = useQuery(billQuery(sessionId));
  const [draft, setDraft] = useState<PaymentDraft>({ id: 0 });
  const [recorded, setRecorded] = useState<Payment | null>(null);
  const [closed, setClosed] = useState<CloseSessionResponse | null>(null);

  if (bill.isPending) return <Spinner />;
  if (bill.isError) return <Alert>{errorMessage(bill.error)}</Alert>;
  const data = bill.data;

  return (
    <div className="till__bill">
      <section className="card" aria-labelledby="bill-title">
        <h2 id="bill-title">{t('bill.title')}</h2>
        <BillLines bill={data} />
        <BillTotals bill={data} />
        <PaymentsList bill={data} canRefund={canApprove} />
      </section>
      <div className="till__actions">
        {closed ? (
          <ClosePanel bill={data} closed={closed} canOverride={canApprove} onClosed={setClosed} />
        ) : (
          <>
            {recorded && <PaymentResult payment={recorded} currency={data.currency} />}
            <SplitPanel
              bill={data}
              onPay={(part) =>
                setDraft((d) => ({ id: d.id + 1, amountCents: part.amountCents, splitPart: part.number }))
              }
            />
            <PaymentPanel
              key={draft.id}
              bill={data}
              draft={draft}
              onRecorded={(payment) => {
                setRecorded(payment);
                setDraft((d) => ({ id: d.id + 1 }));
              }}
            />
            {canApprove && <DiscountPanel bill={data} />}
            <ClosePanel bill={data} closed={null} canOverride={canApprove} onClosed={setClosed} />
          </>
        )}
      </div>
    </div>
  );
}

function BillLines({ bill }: { bill: Bill }) {
  const { t } = useTranslation();
  const money = useMoney(bill.currency);
  if (bill.lines.length === 0) return <p className="empty-state">{t('bill.empty')}</p>;
  return (
    <table className="till__lines">
      <caption className="visually-hidden">{t('bill.linesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('bill.item')}</th>
          <th scope="col" className="num">
            {t('bill.quantity')}
          </th>
          <th scope="col" className="num">
            {t('bill.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {bill.lines.map((line) => (
          <tr key={line.id}>
            <th scope="row">
              {line.name}
              {line.discountCents > 0 && (
                <span className="till__line-note">{t('bill.lineDiscount', { amount: money(line.discountCents) })}</span>
              )}
            </th>
            <td className="num">{line.quantity}</td>
            <td className="num">{money(line.grossCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BillTotals({ bill }: { bill: Bill }) {
  const { t } = useTranslation();
  const money = useMoney(bill.currency);
  const rows: [string, number][] = [[t('bill.subtotal'), bill.subtotalCents]];
  if (bill.discountCents > 0) rows.push([t('bill.discounts'), -bill.discountCents]);
  rows.push([t(bill.taxInclusive ? 'bill.taxIncluded' : 'bill.tax'), bill.taxCents]);
  if (bill.serviceCents > 0) rows.push([t('bill.service'), bill.serviceCents]);
  if (bill.roundingCents !== 0) rows.push([t('bill.rounding'), bill.roundingCents]);
  rows.push([t('bill.total'), bill.totalCents]);
  if (bill.tipCents !== 0) rows.push([t('bill.tips'), bill.tipCents]);
  rows.push([t('bill.paid'), bill.paidCents]);
  if (bill.refundedCents > 0) rows.push([t('bill.refunded'), bill.refundedCents]);
  if (bill.pendingCents > 0) rows.push([t('bill.pending'), bill.pendingCents]);

  return (
    <dl className="till__totals">
      {rows.map(([label, cents]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{money(cents)}</dd>
        </div>
      ))}
      <div className="till__balance">
        <dt>{t('bill.balance')}</dt>
        <dd>{money(bill.balanceCents)}</dd>
      </div>
    </dl>
  );
}

function PaymentResult({ payment, currency }: { payment: Payment; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  return (
    <div className="card till__result" role="status">
      <p>{t('pay.recorded', { amount: money(payment.amountCents + payment.tipCents) })}</p>
      {payment.changeCents !== null && (
        <p className="till__change">{t('pay.changeDue', { amount: money(payment.changeCents) })}</p>
      )}
    </div>
  );
}
