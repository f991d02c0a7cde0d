import type { ServerToClientEvents } from '@plato/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveStatus = 'connecting' | 'online' | 'offline';
export type LiveSocket = Socket<ServerToClientEvents, Record<string, never>>;

type LiveOptions = {
  onStatus: (status: LiveStatus) => void;
  /**
   * After every (re)connection but the first: events sent while the socket
   * was down are lost, so the caller reads the state again.
   */
  onReconnect: () => void;
  /** The server ended the socket (its token was revoked, e.g. the session closed). */
  onRefused?: () => void;
};

/**
 * The one live socket of a tab, on the same origin and cookies as the API.
 * Socket.IO reconnects by itself with backoff; this reports the connection
 * as a status a screen can show and tells the caller when to catch up.
 */
export function connectLive(options: LiveOptions): LiveSocket {
  const socket: LiveSocket = io({ path: '/socket.io', withCredentials: true });
  let connectedOnce = false;
  options.onStatus('connecting');
  socket.on('connect', () => {
    options.onStatus('online');
    if (connectedOnce) options.onReconnect();
    connectedOnce = true;
  });
  socket.on('disconnect', (reason) => {
    options.onStatus('offline');
    // The server ended it on purpose: Socket.IO will not reconnect by itself.
    if (reason === 'io server disconnect') options.onRefused?.();
  });
  socket.on('connect_error', () => {
    options.onStatus('offline');
    // A refused handshake (no valid cookie) is not retried by Socket.IO.
    if (!socket.active) options.onRefused?.();
  });
  return socket;
}
