import type { SalesReportResponse } from '@plato/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFormat } from '../use-report-format';

type SalesTotalsProps = {
  report: SalesReportResponse;
  /** The same window by payment method (its rows), for the split of the payments. */
  byMethod: SalesReportResponse | undefined;
  taxInclusive: boolean;
  format: ReportFormat;
};

/** The window's figures at a glance: what was sold, what it came to, and how it was paid. */
export function SalesTotals({ report, byMethod, taxInclusive, format }: SalesTotalsProps) {
  const { t } = useTranslation();
  const { totals } = report;
  const { money } = format;

  return (
    <section className="card reports__totals" aria-labelledby="reports-totals-title">
      <h2 id="reports-totals-title">{t('totals.title')}</h2>
      <p className="muted">
        {t('totals.itemsSold', { count: totals.quantity })} · {t('totals.tables', { count: report.sessions })}
      </p>
      <dl className="reports__figures">
        <Figure term={t('totals.gross')} value={money(totals.grossCents)} />
        <Figure term={t('totals.discounts')} value={money(totals.discountCents)} />
        <Figure term={t('totals.net')} value={money(totals.netCents)} />
        <Figure term={t(taxInclusive ? 'totals.taxIncluded' : 'totals.tax')} value={money(totals.taxCents)} />
        <Figure term={t('totals.service')} value={money(totals.serviceCents)} />
        <Figure term={t('totals.sales')} value={money(totals.salesCents)} strong />
        <Figure term={t('totals.tips')} value={money(totals.tipsCents)} />
        <Figure
          term={t('totals.voids')}
          value={money(totals.voidedCents)}
          detail={t('totals.voidedLines', { count: totals.voidedLines })}
        />
        <Figure
          term={t('totals.refunds')}
          value={money(totals.refundedCents + totals.refundedTipsCents)}
          detail={
            <>
              {t('totals.refundCount', { count: totals.refunds })}
              {totals.refundedTipsCents > 0 &&
                `, ${t('totals.refundedTips', { amount: money(totals.refundedTipsCents) })}`}
            </>
          }
        />
        <Figure
          term={t('totals.payments')}
          value={money(totals.paidCents)}
          detail={t('totals.paymentCount', { count: totals.payments })}
        />
        {totals.roundingCents !== 0 && <Figure term={t('totals.rounding')} value={money(totals.roundingCents)} />}
      </dl>

      <div className="reports__breakdowns">
        <div>
          <h3 id="reports-methods-title">{t('totals.byMethod')}</h3>
          {byMethod && byMethod.rows.length > 0 ? (
            <ul className="reports__list" aria-labelledby="reports-methods-title">
              {byMethod.rows.map((row) => (
                <li key={row.key}>
                  <span>
                    {format.rowLabel('paymentMethod', row)}{' '}
                    <span className="muted">({t('totals.paymentCount', { count: row.payments })})</span>
                  </span>
                  <span className="reports__amount">
                    {money(row.paidCents)}
                    {row.tipsCents > 0 && (
                      <span className="muted">
                        {' '}
                        + {t('totals.tips')} {money(row.tipsCents)}
                      </span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{byMethod ? t('totals.noPayments') : '…'}</p>
          )}
        </div>
        {report.taxes.length > 0 && (
          <div>
            <h3 id="reports-taxes-title">{t('totals.taxes')}</h3>
            <ul className="reports__list" aria-labelledby="reports-taxes-title">
              {report.taxes.map((tax) => (
                <li key={tax.rateBps}>
                  <span>{t('totals.taxRate', { rate: format.percent(tax.rateBps), base: money(tax.baseCents) })}</span>
                  <span className="reports__amount">{money(tax.taxCents)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}

function Figure({
  term,
  value,
  detail,
  strong,
}: {
  term: string;
  value: string;
  detail?: ReactNode;
  strong?: boolean;
}) {
  return (
    <div className={strong ? 'reports__figure reports__figure--strong' : 'reports__figure'}>
      <dt>{term}</dt>
      <dd>
        <span className="reports__amount">{value}</span>
        {detail && <span className="reports__detail">{detail}</span>}
      </dd>
    </div>
  );
}
