import type { KitchenLine, KitchenTicket, LineStatus } from '@plato/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../../lib/api-client';
import { errorMessage } from '../../../lib/error-message';
import { bumpTicket, kitchenKeys, moveLine, recallTicket, stationsQuery } from '../api/kitchen-queries';
import { applyTickets, ticketsFor, type Board } from '../board';
import { boardQuery } from '../live/kitchen-live';
import { useNow } from '../../../hooks/use-now';
import { AllDayPanel, RecentPanel } from './kitchen-side-panels';
import { LoadFailed } from './load-failed';
import { TicketCard } from './ticket-card';

/** The kitchen display: a station's open tickets, oldest first, with all-day counts and the last hour's done tickets. */
export function KitchenPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const stations = useQuery(stationsQuery);
  const board = useQuery(boardQuery);
  const now = useNow();
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);

  // A chef tied to a station gets that one only; "all" is for screens that see every station.
  const list = stations.data?.stations ?? [];
  const asked = params.get('station') ?? undefined;
  const stationId = list.length === 1 ? list[0]!.id : list.some((s) => s.id === asked) ? asked : undefined;
  const thresholdsOf = (id: string) => list.find((s) => s.id === id);
  const tickets = board.data ? ticketsFor(board.data, stationId) : [];

  const applyTicket = (ticket: KitchenTicket) =>
    client.setQueryData<Board>(kitchenKeys.board, (b) => (b ? applyTickets(b, [ticket], Date.now()) : b));
  const onFailure = (error: unknown) => {
    setNotice({ tone: 'error', text: errorMessage(error) });
    // Someone else moved it first (409) or it is gone: show the ticket as it is now.
    void client.invalidateQueries({ queryKey: kitchenKeys.all });
  };

  const move = useMutation({
    mutationFn: ({ line, status }: { line: KitchenLine; status: LineStatus }) => moveLine(line.id, status),
    onSuccess: ({ line }) => {
      setNotice(null);
      // The line as it is now; the ticket's live event (a newer seq) replaces the whole ticket.
      client.setQueryData<Board>(kitchenKeys.board, (b) => {
        if (!b) return b;
        const ticket = Object.values(b.tickets).find((x) => x.lines.some((l) => l.id === line.id));
        if (!ticket) return b;
        const updated = { ...ticket, lines: ticket.lines.map((l) => (l.id === line.id ? line : l)) };
        return { ...b, tickets: { ...b.tickets, [ticket.id]: updated } };
      });
    },
    onError: onFailure,
  });
  const bump = useMutation({
    mutationFn: (ticketId: string) => bumpTicket(ticketId),
    onSuccess: ({ ticket }) => {
      setNotice(null);
      applyTicket(ticket);
    },
    onError: onFailure,
  });
  const recall = useMutation({
    mutationFn: () => recallTicket(stationId),
    onSuccess: ({ ticket }) => {
      applyTicket(ticket);
      setNotice({ tone: 'info', text: t('recall.done', { number: ticket.orderNumber, table: ticket.table }) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) setNotice({ tone: 'info', text: t('recall.nothing') });
      else onFailure(error);
    },
  });
  const busy = move.isPending || bump.isPending;

  return (
    <main className="kds-main">
      <div className="kds-toolbar">
        <h1 className="kds-title">{t('title')}</h1>
        {list.length > 1 && (
          <nav aria-label={t('stations.label')} className="kds-stations">
            <Link to="/kitchen" className="kds-tab" aria-current={stationId === undefined ? 'page' : undefined}>
              {t('stations.all')}
            </Link>
            {list.map((s) => (
              <Link
                key={s.id}
                to={`/kitchen?station=${encodeURIComponent(s.id)}`}
                className="kds-tab"
                aria-current={stationId === s.id ? 'page' : undefined}
              >
                {s.name}
              </Link>
            ))}
          </nav>
        )}
        {list.length === 1 && <p className="kds-station-name">{list[0]!.name}</p>}
        <p className="kds-count">{t('board.count', { count: tickets.length })}</p>
        <button type="button" className="kds-button" disabled={recall.isPending} onClick={() => recall.mutate()}>
          {t('recall.button')}
        </button>
      </div>
      {notice && (
        <p role={notice.tone === 'error' ? 'alert' : 'status'} className={`kds-notice kds-notice--${notice.tone}`}>
          {notice.text}
        </p>
      )}
      <div className="kds-body">
        <section aria-label={t('board.label')} className="kds-board">
          {board.isPending && <p className="kds-muted">{t('loading')}</p>}
          {board.isError && <LoadFailed onRetry={() => void board.refetch()} />}
          {board.isSuccess && tickets.length === 0 && <p className="kds-empty">{t('board.empty')}</p>}
          <ol className="kds-tickets">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <TicketCard
                  ticket={ticket}
                  now={now}
                  thresholds={thresholdsOf(ticket.station.id)}
                  showStation={stationId === undefined && list.length > 1}
                  busy={busy}
                  onMoveLine={(line, status) => move.mutate({ line, status })}
                  onBump={() => bump.mutate(ticket.id)}
                />
              </li>
            ))}
          </ol>
        </section>
        <aside className="kds-side" aria-label={`${t('allDay.title')} · ${t('recent.title')}`}>
          <AllDayPanel stationId={stationId} />
          <RecentPanel stationId={stationId} />
        </aside>
      </div>
    </main>
  );
}
