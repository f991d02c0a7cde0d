import type { KitchenReportResponse } from '@plato/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import type { ReportFormat } from '../use-report-format';

type Stats = KitchenReportResponse['items'][number] | KitchenReportResponse['stations'][number];

/** Prep (fired → ready) and pass (ready → served) times over the same orders as the sales figures. */
export function KitchenTimes({
  query,
  format,
}: {
  query: UseQueryResult<KitchenReportResponse>;
  format: ReportFormat;
}) {
  const { t } = useTranslation();
  const report = query.data;

  return (
    <section className="card reports__kitchen" aria-labelledby="reports-kitchen-title">
      <h2 id="reports-kitchen-title">{t('kitchen.title')}</h2>
      <p className="muted">{t('kitchen.explain')}</p>
      {query.isError ? (
        <Alert title={t('loadFailed')}>{errorMessage(query.error)}</Alert>
      ) : !report ? (
        <Spinner label={t('updating')} />
      ) : report.items.length === 0 ? (
        <p className="empty-state">{t('kitchen.none')}</p>
      ) : (
        <div className="reports__kitchen-tables">
          <TimesTable title={t('kitchen.items')} nameHeader={t('kitchen.item')} rows={report.items} format={format} />
          <TimesTable
            title={t('kitchen.stations')}
            nameHeader={t('kitchen.station')}
            rows={report.stations}
            format={format}
          />
        </div>
      )}
    </section>
  );
}

type TimesTableProps = { title: string; nameHeader: string; rows: Stats[]; format: ReportFormat };

function TimesTable({ title, nameHeader, rows, format }: TimesTableProps) {
  const { t } = useTranslation();
  const columns = [
    ['prepAvgSeconds', 'kitchen.prepAvg'],
    ['prepP90Seconds', 'kitchen.prepP90'],
    ['passAvgSeconds', 'kitchen.passAvg'],
    ['passP90Seconds', 'kitchen.passP90'],
  ] as const;
  return (
    <div className="table-scroll" role="region" aria-label={t('table.scroll', { title })} tabIndex={0}>
      <table className="data-table">
        <caption className="reports__caption">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            <th scope="col" className="data-table__number">
              {t('kitchen.lines')}
            </th>
            {columns.map(([field, header]) => (
              <th key={field} scope="col" className="data-table__number">
                {t(header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={'menuItemId' in row ? row.menuItemId : row.stationId}>
              <th scope="row">{row.name}</th>
              <td className="data-table__number">{row.lines}</td>
              {columns.map(([field]) => (
                <td key={field} className="data-table__number">
                  {format.duration(row[field])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
