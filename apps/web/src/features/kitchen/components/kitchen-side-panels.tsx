import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { allDayQuery, doneTicketsQuery } from '../api/kitchen-queries';

/** How many of each item (with its options) are still to cook at the station: cook in batches. */
export function AllDayPanel({ stationId }: { stationId: string | undefined }) {
  const { t } = useTranslation();
  const { data } = useQuery(allDayQuery(stationId));
  return (
    <section className="kds-panel" aria-labelledby="all-day-title">
      <h2 id="all-day-title" className="kds-panel__title">
        {t('allDay.title')}
      </h2>
      {data && data.items.length === 0 && <p className="kds-muted">{t('allDay.empty')}</p>}
      <ul className="all-day">
        {data?.items.map((item) => (
          <li key={`${item.name}|${item.options.join('|')}`} className="all-day__item">
            <span className="all-day__quantity">{item.quantity}</span>
            <span>
              {item.name}
              {item.options.length > 0 && <span className="all-day__options">{item.options.join(', ')}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const timeFormat = new Map<string, Intl.DateTimeFormat>();
function formatTime(iso: string, locale: string): string {
  let format = timeFormat.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    timeFormat.set(locale, format);
  }
  return format.format(new Date(iso));
}

/** Tickets finished in the last hour, newest first: what "Recall last bumped" would bring back is on top. */
export function RecentPanel({ stationId }: { stationId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const { data } = useQuery(doneTicketsQuery(stationId));
  const lastMove = (lines: { movedAt: string }[]) => lines.reduce((m, l) => (l.movedAt > m ? l.movedAt : m), '');
  return (
    <section className="kds-panel" aria-labelledby="recent-title">
      <h2 id="recent-title" className="kds-panel__title">
        {t('recent.title')}
      </h2>
      {data && data.tickets.length === 0 && <p className="kds-muted">{t('recent.empty')}</p>}
      <ul className="recent">
        {data?.tickets.slice(0, 12).map((ticket) => (
          <li key={ticket.id} className="recent__item">
            <span>{t('ticket.heading', { table: ticket.table, number: ticket.orderNumber })}</span>
            <span className="kds-muted">
              {ticket.station.name} · {t('recent.doneAt', { time: formatTime(lastMove(ticket.lines), i18n.language) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
