import type { SalesReportResponse } from '@plato/contracts';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import type { ReportFormat } from '../use-report-format';
import { ChartBoundary } from './chart-boundary';
import type { ChartSeries } from './sales-chart';
import { SalesTable } from './sales-table';

// The charting library comes with this chunk only, fetched when a report is first drawn.
const SalesChart = lazy(() => import('./sales-chart'));

type SalesSectionProps = { report: SalesReportResponse; format: ReportFormat; csvUrl: string };

/** The chart for the chosen grouping, the same figures as a table under it, and the server's CSV of them. */
export function SalesSection({ report, format, csvUrl }: SalesSectionProps) {
  const { t } = useTranslation();
  const title = t(`chart.${report.groupBy}`);
  const labels = useMemo(() => report.rows.map((row) => format.rowLabel(report.groupBy, row)), [report, format]);
  const series = useMemo<ChartSeries[]>(
    () =>
      report.groupBy === 'paymentMethod'
        ? [
            { label: t('chart.paid'), values: report.rows.map((r) => r.paidCents) },
            { label: t('chart.tips'), values: report.rows.map((r) => r.tipsCents) },
          ]
        : [{ label: t('chart.sales'), values: report.rows.map((r) => r.salesCents) }],
    [report, t],
  );

  return (
    <section className="card reports__sales" aria-labelledby="reports-sales-title">
      <div className="reports__section-header">
        <h2 id="reports-sales-title">{title}</h2>
        <a className="button button--secondary" href={csvUrl} download>
          {t('csv')}
        </a>
      </div>
      {report.rows.length > 0 && (
        <ChartBoundary fallback={<Alert tone="info">{t('chart.failed')}</Alert>}>
          <Suspense fallback={<Spinner label={t('chart.loading')} />}>
            <SalesChart
              description={t('chart.label', { title })}
              labels={labels}
              series={series}
              horizontal={report.groupBy === 'item' || report.groupBy === 'category'}
              money={format.money}
            />
          </Suspense>
        </ChartBoundary>
      )}
      <SalesTable title={title} report={report} format={format} />
    </section>
  );
}
