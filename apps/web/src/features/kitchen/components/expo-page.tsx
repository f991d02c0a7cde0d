import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { expoQuery, type ExpoOrder } from '../api/kitchen-queries';
import { LoadFailed } from './load-failed';

/** The pass: every order still to serve, its tickets across stations, and whether the whole order is ready. */
export function ExpoPage() {
  const { t } = useTranslation();
  const expo = useQuery(expoQuery);
  const orders = expo.data?.orders ?? [];

  return (
    <main className="kds-main">
      <div className="kds-toolbar">
        <h1 className="kds-title">{t('expoTitle')}</h1>
      </div>
      <section aria-label={t('expo.label')} className="kds-board kds-board--full">
        {expo.isPending && <p className="kds-muted">{t('loading')}</p>}
        {expo.isError && <LoadFailed onRetry={() => void expo.refetch()} />}
        {expo.isSuccess && orders.length === 0 && <p className="kds-empty">{t('expo.empty')}</p>}
        <ol className="kds-tickets">
          {orders.map((order) => (
            <li key={order.orderId}>
              <ExpoCard order={order} />
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

function ExpoCard({ order }: { order: ExpoOrder }) {
  const { t } = useTranslation();
  const headingId = `expo-${order.orderId}`;
  const tickets = order.tickets.filter((x) => x.status !== 'CANCELLED');
  const waitingFor = tickets.filter((x) => x.status === 'NEW' || x.status === 'IN_PROGRESS').map((x) => x.station.name);

  return (
    <article className={`ticket ${order.allReady ? 'ticket--ready' : 'ticket--waiting'}`} aria-labelledby={headingId}>
      <header className="ticket__header">
        <h2 id={headingId} className="ticket__title">
          {t('expo.order', { table: order.table, number: order.orderNumber })}
        </h2>
        <p className="ticket__clock ticket__clock--row">
          <span className="ticket__timing">
            {order.allReady ? t('expo.allReady') : t('expo.waiting', { stations: waitingFor.join(', ') })}
          </span>
        </p>
      </header>
      <ul className="ticket__lines">
        {tickets.map((ticket) => (
          <li key={ticket.id} className={`expo-station expo-station--${ticket.status.toLowerCase().replace('_', '-')}`}>
            <p className="expo-station__name">
              {t('expo.stationStatus', {
                station: ticket.station.name,
                status: t(`expo.ticketStatus.${ticket.status}`),
              })}
            </p>
            <ul className="expo-station__lines">
              {ticket.lines
                .filter((l) => l.status !== 'CANCELLED')
                .map((line) => (
                  <li key={line.id}>
                    {line.quantity} × {line.name} <span className="kds-muted">({t(`line.status.${line.status}`)})</span>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </article>
  );
}
