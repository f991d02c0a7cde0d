import type { Bill } from '@plato/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { connectLive, type LiveStatus } from '../../lib/live-client';
import { newerBill, tillKeys } from './api/till-queries';

/**
 * Keeps the till's cache current from the restaurant's live events: a bill
 * arrives whole with its version; table changes make the floor read again; a
 * reconnect reads everything again, since events sent while away are lost.
 */
export function useTillLive(): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const socket = connectLive({
      onStatus: setStatus,
      onReconnect: () => void queryClient.invalidateQueries(),
    });
    const readFloor = () => void queryClient.invalidateQueries({ queryKey: tillKeys.floor });
    socket.on('bill.updated', (bill) => {
      queryClient.setQueryData(tillKeys.bill(bill.sessionId), (cached: Bill | undefined) => newerBill(cached, bill));
    });
    socket.on('payment.updated', ({ payment }) => {
      void queryClient.invalidateQueries({ queryKey: tillKeys.bill(payment.sessionId) });
    });
    socket.on('table.updated', readFloor);
    socket.on('session.closed', ({ sessionId }) => {
      readFloor();
      void queryClient.invalidateQueries({ queryKey: tillKeys.bill(sessionId) });
    });
    return () => {
      socket.disconnect();
    };
  }, [queryClient]);

  return status;
}
