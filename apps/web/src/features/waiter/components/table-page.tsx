import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { useNow } from '../../../hooks/use-now';
import { resetPin } from '../api/waiter-actions';
import { floorQuery, waiterKeys } from '../api/waiter-queries';
import { STATUS_ICON, STATUS_TONE } from '../table-state';
import { CallItem } from './call-item';
import { LoadFailed } from './load-failed';
import { MoveForm } from './move-form';
import { OpenTableForm } from './open-table-form';
import { PinCard } from './pin-card';
import { SessionOrders } from './session-orders';
import { useDuration } from './use-duration';
import { ErrorLine } from './error-line';

/** One table: open it (and show its PIN), or run its session — calls, orders, a new PIN, a move. */
export function TablePage() {
  const { t } = useTranslation();
  const { tableId = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const floor = useQuery(floorQuery);
  const now = useNow(30_000);
  const duration = useDuration();

  if (floor.isPending) return <p className="waiter-loading">{t('loading')}</p>;
  if (floor.isError) return <LoadFailed onRetry={() => void floor.refetch()} />;
  const table = floor.data.tables.find((candidate) => candidate.id === tableId);
  const back = (
    <Link to="/waiter" className="back-link">
      <span aria-hidden="true">← </span>
      {t('table.back')}
    </Link>
  );
  if (!table) {
    return (
      <div className="waiter-page">
        {back}
        <p className="card empty-state">{t('table.notFound')}</p>
      </div>
    );
  }
  const calls = table.calls.filter((call) => call.status !== 'RESOLVED');

  return (
    <div className="waiter-page">
      {back}
      <header className={`table-head table-tile--${STATUS_TONE[table.status]}`}>
        <h1>{table.name}</h1>
        <p className="table-head__status">
          <span aria-hidden="true">{STATUS_ICON[table.status]} </span>
          {t(`status.${table.status}`)}
        </p>
        {table.sessionId && (
          <p className="table-head__facts">
            {table.mode && <span>{t(`mode.${table.mode}`)}</span>}
            <span>{t('facts.guests', { count: table.guestCount })}</span>
            {table.openedAt && <span>{t('facts.openFor', { duration: duration(table.openedAt, now) })}</span>}
          </p>
        )}
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {table.sessionId ? <KnownPin sessionId={table.sessionId} /> : null}
      {table.sessionId ? (
        <>
          <div className="table-actions">
            <Link to={`/waiter/tables/${table.id}/order`} className="button button--primary">
              {t('table.takeOrder')}
            </Link>
            <ResetPin sessionId={table.sessionId} />
          </div>
          {calls.length > 0 && (
            <section className="waiter-section" aria-labelledby="table-calls">
              <h2 id="table-calls">{t('calls.heading')}</h2>
              <ul className="call-list">
                {calls.map((call) => (
                  <CallItem key={call.id} call={call} table={table.name} now={now} />
                ))}
              </ul>
            </section>
          )}
          <SessionOrders sessionId={table.sessionId} table={table.name} />
          <MoveForm sessionId={table.sessionId} tables={floor.data.tables} />
        </>
      ) : (
        <OpenTableForm tableId={table.id} />
      )}
    </div>
  );
}

/** The PIN this tab was told (opening the table or resetting it), until the waiter hides it. */
function KnownPin({ sessionId }: { sessionId: string }) {
  const client = useQueryClient();
  const pin = useQuery({
    queryKey: waiterKeys.pin(sessionId),
    queryFn: () => null as string | null,
    initialData: null,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  if (!pin.data) return null;
  return <PinCard pin={pin.data} onHide={() => client.setQueryData(waiterKeys.pin(sessionId), null)} />;
}

function ResetPin({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const reset = useMutation({
    mutationFn: () => resetPin(sessionId),
    onSuccess: ({ pin }) => client.setQueryData(waiterKeys.pin(sessionId), pin),
  });
  return (
    <>
      <Button
        variant="secondary"
        busy={reset.isPending}
        onClick={() => reset.mutate()}
        title={t('table.pin.resetHint')}
      >
        {t('table.pin.reset')}
      </Button>
      <ErrorLine error={reset.error} />
    </>
  );
}
