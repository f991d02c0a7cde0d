import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { connectLive, type LiveStatus } from '../../../lib/live-client';
import { floorQuery, readyQuery, sessionOrdersQuery, waiterKeys, withOrder, withTable } from '../api/waiter-queries';
import { waiterI18n } from '../i18n';
import { ring } from './alerts';

export type News = { id: number; text: string; kind: 'call' | 'ready' | 'pending' };
type WaiterLiveState = { status: LiveStatus; news: News[] };

const WaiterLiveContext = createContext<WaiterLiveState>({ status: 'connecting', news: [] });

/** The connection as the floor shows it, and the latest alerts in words. */
export function useWaiterLive(): WaiterLiveState {
  return useContext(WaiterLiveContext);
}

/** Lines bumped at once arrive one event each: gather them briefly so the table is announced once. */
const READY_GATHER_MS = 400;
const NEWS_KEPT = 4;
const NEWS_SECONDS = 60;

const tableName = (client: QueryClient, tableId: string) =>
  client.getQueryData(floorQuery.queryKey)?.tables.find((t) => t.id === tableId)?.name ?? '';

/**
 * One live socket for the floor screens, feeding the query cache: a table,
 * an order arrive whole and replace what is cached; calls, the pass and the
 * kitchen's progress are read again. Events sent while the socket was down
 * are lost, so every connection (the first too: the floor may have been read
 * before the socket joined its rooms) reads everything again.
 */
export function WaiterLive({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<WaiterLiveState>({ status: 'connecting', news: [] });

  useEffect(() => {
    let nextId = 1;
    const announce = (kind: News['kind'], text: string) => {
      ring(kind);
      const item = { id: nextId++, text, kind };
      setState((s) => ({ ...s, news: [item, ...s.news].slice(0, NEWS_KEPT) }));
      setTimeout(() => setState((s) => ({ ...s, news: s.news.filter((n) => n.id !== item.id) })), NEWS_SECONDS * 1000);
    };
    const t = waiterI18n.t.bind(waiterI18n);
    const invalidate = (queryKey: readonly unknown[]) => void client.invalidateQueries({ queryKey });

    let readyLines = new Set<string>();
    let readyTimer: ReturnType<typeof setTimeout> | undefined;
    const announceReady = async () => {
      const ids = readyLines;
      readyLines = new Set();
      readyTimer = undefined;
      const { lines } = await client.fetchQuery({ ...readyQuery, staleTime: 0 });
      const tables = [...new Set(lines.filter((l) => ids.has(l.id)).map((l) => l.table))];
      if (tables.length > 0) announce('ready', t('news.ready', { tables: tables.join(', ') }));
    };

    const socket = connectLive({
      onStatus: (status) => setState((s) => ({ ...s, status })),
      onReconnect: () => undefined,
    });
    socket.on('connect', () => invalidate(waiterKeys.all));
    socket.on('table.updated', (table) => client.setQueryData(floorQuery.queryKey, (f) => withTable(f, table)));
    socket.on('session.closed', () => invalidate(waiterKeys.floor));
    socket.on('call.created', ({ tableId, kind }) => {
      invalidate(waiterKeys.calls);
      announce('call', t(kind === 'BILL' ? 'news.bill' : 'news.call', { table: tableName(client, tableId) }));
    });
    socket.on('call.resolved', () => invalidate(waiterKeys.calls));
    socket.on('order.placed', ({ order }) => {
      client.setQueryData(sessionOrdersQuery(order.sessionId).queryKey, (cached) => withOrder(cached, order));
      invalidate(waiterKeys.expo);
      if (order.status === 'PENDING')
        announce('pending', t('news.pending', { table: tableName(client, order.tableId) }));
    });
    socket.on('order.updated', ({ order }) => {
      client.setQueryData(sessionOrdersQuery(order.sessionId).queryKey, (cached) => withOrder(cached, order));
      invalidate(waiterKeys.expo);
    });
    socket.on('line.status', ({ lineId, status }) => {
      invalidate(waiterKeys.expo);
      if (status !== 'READY') return invalidate(waiterKeys.ready);
      readyLines.add(lineId);
      readyTimer ??= setTimeout(() => {
        announceReady().catch(() => {
          // Offline again: the next connection reads the pass anyway.
        });
      }, READY_GATHER_MS);
    });
    return () => {
      clearTimeout(readyTimer);
      socket.disconnect();
    };
  }, [client]);

  return <WaiterLiveContext.Provider value={state}>{children}</WaiterLiveContext.Provider>;
}
