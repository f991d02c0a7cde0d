import type { RestaurantSettings } from '@plato/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { LanguagePicker } from '../../../components/ui/language-picker';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import { NotAllowedPage } from '../../auth/components/not-allowed-page';
import { useStaff } from '../../auth/components/staff-layout';
import { kitchenQuery, restaurantQuery, salesQuery, salesUrl } from '../api/report-queries';
import { REPORT_LANGUAGES, reportsI18n } from '../i18n';
import { isDay, readView, viewBounds, writeView, zoneToday, type ReportView } from '../report-range';
import '../reports.css';
import { readsReports } from '../reports-access';
import { useReportFormat } from '../use-report-format';
import { KitchenTimes } from './kitchen-times';
import { ReportControls } from './report-controls';
import { SalesSection } from './sales-section';
import { SalesTotals } from './sales-totals';

/** Sales and kitchen reports for managers and admins (the API answers 403 to anyone else). */
export function ReportsPage() {
  const staff = useStaff();
  if (!readsReports(staff.role)) return <NotAllowedPage page="reports" />;
  return (
    <I18nextProvider i18n={reportsI18n}>
      <RestaurantReports />
    </I18nextProvider>
  );
}

function RestaurantReports() {
  const { t } = useTranslation();
  const restaurant = useQuery(restaurantQuery);
  if (restaurant.isError) {
    return (
      <Alert title={t('loadFailed')}>
        {errorMessage(restaurant.error)}{' '}
        <Button variant="secondary" onClick={() => void restaurant.refetch()}>
          {t('retry')}
        </Button>
      </Alert>
    );
  }
  if (!restaurant.data) return <Spinner />;
  return <Reports restaurant={restaurant.data} />;
}

function Reports({ restaurant }: { restaurant: RestaurantSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  // The view answers a tap at once; the URL (kept for reloads and links) follows once the router has navigated.
  const [view, setView] = useState(() => readView(search));
  const asked = search.toString();
  useEffect(() => {
    setView((current) => (writeView(current).toString() === asked ? current : readView(new URLSearchParams(asked))));
  }, [asked]);
  const zone = restaurant.timezone;
  const today = zoneToday(zone);
  const bounds = useMemo(
    () => viewBounds(view, zone),
    // Presets are re-read when the restaurant's day turns: `today` is part of what they mean.
    [view.preset, view.from, view.to, zone, today],
  );
  const format = useReportFormat(restaurant.currency, zone);

  const sales = useQuery({ ...salesQuery(bounds, view.groupBy), placeholderData: keepPreviousData });
  const byMethod = useQuery({ ...salesQuery(bounds, 'paymentMethod'), placeholderData: keepPreviousData });
  // The kitchen figures cover the instants the server resolved the window to: the same orders as the sales.
  const resolved = sales.data && !sales.isPlaceholderData ? { from: sales.data.from, to: sales.data.to } : undefined;
  const kitchen = useQuery({
    ...kitchenQuery(resolved ?? { from: '', to: '' }),
    enabled: resolved !== undefined,
    placeholderData: keepPreviousData,
  });

  // Whole days read as the days they are (both included); a custom window as its exact times.
  const windowSummary = isDay(bounds.from)
    ? bounds.from === bounds.to
      ? format.day(bounds.from)
      : t('range.summary', { from: format.day(bounds.from), to: format.day(bounds.to) })
    : t('range.summary', { from: format.instant(bounds.from), to: format.instant(bounds.to) });
  const change = (next: ReportView) => {
    setView(next);
    setSearch(writeView(next), { replace: true });
  };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['reports'], refetchType: 'active' });
  const fetching = sales.isFetching || byMethod.isFetching || kitchen.isFetching;

  return (
    <div className="reports">
      <div className="reports__header">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('zone', { zone })}</p>
        </div>
        <LanguagePicker label={t('language')} languages={REPORT_LANGUAGES} className="reports__language" />
      </div>

      <section className="card" aria-label={t('range.legend')}>
        <ReportControls view={view} today={today} onChange={change} />
        <div className="reports__status">
          <p role="status">
            {sales.data && (
              <>
                <span className="reports__window">{windowSummary}</span>{' '}
                <span className="muted">
                  {fetching ? t('updating') : t('updated', { time: format.time(sales.dataUpdatedAt) })}
                </span>
              </>
            )}
          </p>
          <Button variant="ghost" onClick={refresh} busy={fetching}>
            {t('refresh')}
          </Button>
        </div>
      </section>

      {sales.isError ? (
        <Alert title={t('loadFailed')}>{errorMessage(sales.error)}</Alert>
      ) : !sales.data ? (
        <Spinner label={t('updating')} />
      ) : (
        <>
          <SalesTotals
            report={sales.data}
            byMethod={byMethod.data}
            taxInclusive={restaurant.taxInclusive}
            format={format}
          />
          <SalesSection report={sales.data} format={format} csvUrl={salesUrl(bounds, view.groupBy, 'csv')} />
          <KitchenTimes query={kitchen} format={format} />
        </>
      )}
    </div>
  );
}
