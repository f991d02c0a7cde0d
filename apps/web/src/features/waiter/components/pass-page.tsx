import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { useNow } from '../../../hooks/use-now';
import { moveLine } from '../api/waiter-actions';
import type { ExpoOrder, ReadyLine } from '@plato/contracts';
import { expoQuery, readyQuery, waiterKeys } from '../api/waiter-queries';
import { LineSummary } from './line-summary';
import { LoadFailed } from './load-failed';
import { useDuration } from './use-duration';
import { ErrorLine } from './error-line';

/** The pass from the floor's side: what is ready to carry, by table, and what the kitchen is still cooking. */
export function PassPage() {
  const { t } = useTranslation();
  const ready = useQuery(readyQuery);
  const expo = useQuery(expoQuery);
  const now = useNow(30_000);

  const byTable = new Map<string, { table: string; lines: ReadyLine[] }>();
  for (const line of ready.data?.lines ?? []) {
    const group = byTable.get(line.tableId) ?? { table: line.table, lines: [] };
    group.lines.push(line);
    byTable.set(line.tableId, group);
  }
  const cooking = (expo.data?.orders ?? []).filter((order) => !order.allReady);

  return (
    <div className="waiter-page">
      <header className="waiter-page__header">
        <h1>{t('ready.heading')}</h1>
      </header>
      {ready.isPending && <p>{t('loading')}</p>}
      {ready.isError && <LoadFailed onRetry={() => void ready.refetch()} />}
      {ready.data && byTable.size === 0 && <p className="card empty-state">{t('ready.none')}</p>}
      <ul className="ready-tables">
        {[...byTable].map(([tableId, group]) => (
          <li key={tableId}>
            <ReadyTable table={group.table} lines={group.lines} now={now} />
          </li>
        ))}
      </ul>
      <section className="waiter-section" aria-labelledby="expo-heading">
        <h2 id="expo-heading">{t('expo.heading')}</h2>
        {expo.isError && <LoadFailed onRetry={() => void expo.refetch()} />}
        {expo.data && cooking.length === 0 && <p className="muted">{t('expo.none')}</p>}
        <ul className="expo-list">
          {cooking.map((order) => (
            <li key={order.orderId}>
              <ExpoCard order={order} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ReadyTable({ table, lines, now }: { table: string; lines: ReadyLine[]; now: number }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const client = useQueryClient();
  const serve = useMutation({
    // One request per line: a line another waiter already served answers 409 and the rest still go.
    mutationFn: async (ids: string[]) => {
      const results = await Promise.allSettled(ids.map((id) => moveLine(id, 'SERVED')));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    onSettled: () => {
      for (const key of [waiterKeys.ready, waiterKeys.expo, waiterKeys.floor])
        void client.invalidateQueries({ queryKey: key });
    },
  });
  const oldest = lines.reduce((min, line) => (line.readyAt < min ? line.readyAt : min), lines[0]!.readyAt);
  return (
    <section className="ready-table" aria-label={table}>
      <header className="ready-table__header">
        <h2>{t('ready.table', { table })}</h2>
        <span className="muted">{t('ready.since', { duration: duration(oldest, now) })}</span>
      </header>
      <ul className="order-lines">
        {lines.map((line) => (
          <li key={line.id} className="order-line order-line--ready">
            <div className="order-line__main">
              <LineSummary line={{ ...line, note: '' }} />
              <span className="muted">#{line.orderNumber}</span>
            </div>
            <div className="order-line__actions">
              <Button
                variant="secondary"
                busy={serve.isPending && serve.variables.length === 1 && serve.variables[0] === line.id}
                aria-label={t('ready.serveLabel', { quantity: line.quantity, name: line.name, table })}
                onClick={() => serve.mutate([line.id])}
              >
                {t('ready.serve')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {lines.length > 1 && (
        <Button
          className="button--block"
          busy={serve.isPending && serve.variables.length > 1}
          onClick={() => serve.mutate(lines.map((line) => line.id))}
        >
          {t('ready.serveAll', { table, count: lines.length })}
        </Button>
      )}
      <ErrorLine error={serve.error} />
    </section>
  );
}

function ExpoCard({ order }: { order: ExpoOrder }) {
  const { t } = useTranslation();
  const waitingFor = order.tickets.filter((ticket) => ticket.status !== 'READY' && ticket.status !== 'SERVED');
  return (
    <article className="expo-card" aria-labelledby={`expo-${order.orderId}`}>
      <h3 id={`expo-${order.orderId}`}>{t('expo.order', { table: order.table, number: order.orderNumber })}</h3>
      <ul className="plain-list">
        {order.tickets.map((ticket) => (
          <li key={ticket.id}>
            {t('expo.station', {
              station: ticket.station.name,
              status: t(`orders.lineStatus.${ticket.status}`),
            })}
            {ticket.timing === 'HELD' && ` · ${t('orders.held')}`}
          </li>
        ))}
      </ul>
      {waitingFor.length > 0 && (
        <p className="muted">{t('expo.waitingFor', { stations: waitingFor.map((x) => x.station.name).join(', ') })}</p>
      )}
    </article>
  );
}
