import type { KitchenTicket } from '@plato/contracts';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { connectLive, type LiveStatus } from '../../../lib/live-client';
import { getOpenTickets, getTicketsSince, kitchenKeys } from '../api/kitchen-queries';
import { applyTickets, emptyBoard, type Board } from '../board';
import { playSound } from './sound';

type KitchenNews = { kind: 'new-ticket' | 'void'; ticket: KitchenTicket; reason?: string; at: number };
type KitchenLiveState = { status: LiveStatus; news: KitchenNews | null };

const NEWS_SECONDS = 30;

const KitchenLiveContext = createContext<KitchenLiveState>({ status: 'connecting', news: null });

/** The connection as the screen shows it, and the latest news (a new ticket, a void) to announce. */
export function useKitchenLive(): KitchenLiveState {
  return useContext(KitchenLiveContext);
}

/**
 * The board query: the open tickets once, then kept by events and catch-ups
 * (never refetched whole, which could drop what events added meanwhile).
 */
export const boardQuery = {
  queryKey: kitchenKeys.board,
  queryFn: async ({ signal }: { signal: AbortSignal }): Promise<Board> => {
    const answer = await getOpenTickets(signal);
    return applyTickets(emptyBoard, answer.tickets, Date.now(), answer.seq);
  },
  staleTime: Infinity,
} as const;

function applyToBoard(client: QueryClient, tickets: readonly KitchenTicket[], seq?: number): void {
  client.setQueryData<Board>(kitchenKeys.board, (board) =>
    board ? applyTickets(board, tickets, Date.now(), seq) : board,
  );
}

/** Whatever else a ticket's change makes stale: the counts, the recent list, the pass. */
function refreshDerived(client: QueryClient): void {
  for (const prefix of ['all-day', 'done', 'expo']) {
    void client.invalidateQueries({ queryKey: [...kitchenKeys.all, prefix] });
  }
}

/**
 * After every connection (the first too: the board may have been read
 * before the socket joined its rooms), ask for everything changed since the
 * highest sequence the board holds. Tickets apply by their own `seq`, so a
 * ticket heard both ways shows once.
 */
async function catchUp(client: QueryClient): Promise<void> {
  const board = await client.ensureQueryData(boardQuery);
  const answer = await getTicketsSince(board.seq);
  applyToBoard(client, answer.tickets, answer.seq);
  refreshDerived(client);
}

/** One live socket for the kitchen screens, feeding the query cache. */
export function KitchenLive({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<KitchenLiveState>({ status: 'connecting', news: null });

  useEffect(() => {
    const setStatus = (status: LiveStatus) => setState((s) => ({ ...s, status }));
    const socket = connectLive({ onStatus: setStatus, onReconnect: () => undefined });
    const retryCatchUp = () =>
      catchUp(client).catch(() => {
        // The network dropped again mid catch-up: the next connect asks again.
      });
    socket.on('connect', () => void retryCatchUp());
    const known = (id: string) => client.getQueryData<Board>(kitchenKeys.board)?.seen[id] !== undefined;

    socket.on('ticket.created', (ticket) => {
      const isNew = !known(ticket.id);
      applyToBoard(client, [ticket]);
      refreshDerived(client);
      if (isNew) {
        playSound('new-ticket');
        setState((s) => ({ ...s, news: { kind: 'new-ticket', ticket, at: Date.now() } }));
      }
    });
    socket.on('ticket.updated', (ticket) => {
      applyToBoard(client, [ticket]);
      refreshDerived(client);
    });
    socket.on('ticket.voided', ({ ticket, reason }) => {
      applyToBoard(client, [ticket]);
      refreshDerived(client);
      playSound('void');
      setState((s) => ({ ...s, news: { kind: 'void', ticket, reason, at: Date.now() } }));
    });
    // A waiter's socket hears serving and orders, not tickets: the pass refreshes on those.
    socket.on('line.status', () => void client.invalidateQueries({ queryKey: kitchenKeys.expo }));
    socket.on('order.placed', () => void client.invalidateQueries({ queryKey: kitchenKeys.expo }));
    return () => {
      socket.disconnect();
    };
  }, [client]);

  // News stays in sight long enough to be read across a kitchen, then clears.
  useEffect(() => {
    if (!state.news) return;
    const timer = setTimeout(() => setState((s) => ({ ...s, news: null })), NEWS_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [state.news]);

  return <KitchenLiveContext.Provider value={state}>{children}</KitchenLiveContext.Provider>;
}
