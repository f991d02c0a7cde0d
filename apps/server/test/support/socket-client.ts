import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LiveEventName, LiveEventPayload, ServerToClientEvents } from '@plato/contracts';
import { io, type Socket } from 'socket.io-client';

/**
 * A real socket.io-client for tests and benches: connects with a given Cookie
 * header, records every live event with its arrival time, and waits for the
 * ones a test expects. No test-runner imports, so bench/ can use it too.
 */

export type LiveSocket = Socket<ServerToClientEvents, Record<string, never>>;

export interface ReceivedEvent<E extends LiveEventName = LiveEventName> {
  event: E;
  payload: LiveEventPayload<E>;
  /** `performance.now()` when it arrived. */
  at: number;
}

export interface LiveConnectOptions {
  /** The Cookie header to send, e.g. `plato_guest=…` (several joined with `; `). */
  cookie?: string;
  /** An Origin header, as a browser would send. */
  origin?: string;
  /** Default: websocket only. */
  transports?: ('websocket' | 'polling')[];
  /** How long to wait for the connection (or its refusal). Default 5 s. */
  timeoutMs?: number;
}

/**
 * A test-only event, sent by `mark` and sent by no production code: it marks
 * a point in a socket's stream, so a test can claim silence without a time
 * window. A client never records it among its `events`.
 */
export const MARKER_EVENT = 'test.marker';

/** What a refused handshake told the client. */
export interface Refusal {
  message: string;
  code: string | undefined;
}

export class LiveClient {
  readonly events: ReceivedEvent[] = [];
  private readonly taken = new WeakSet<ReceivedEvent>();
  private readonly waiters = new Set<() => void>();
  /** Each marker received, with how many events had arrived before it. */
  private readonly markers = new Map<string, number>();
  /** Why the socket last disconnected, e.g. `io server disconnect` when the server ended it. */
  disconnectReason: string | undefined;

  constructor(readonly socket: LiveSocket) {
    socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
    });
    socket.onAny((event: LiveEventName | typeof MARKER_EVENT, payload: unknown) => {
      if (event === MARKER_EVENT) this.markers.set(payload as string, this.events.length);
      else this.events.push({ event, payload, at: performance.now() } as ReceivedEvent);
      for (const wake of this.waiters) wake();
    });
  }

  /** Every payload of `event` received so far, oldest first. */
  received<E extends LiveEventName>(event: E): LiveEventPayload<E>[] {
    return this.events.filter((e): e is ReceivedEvent<E> => e.event === event).map((e) => e.payload);
  }

  /**
   * The oldest event named `event` that matches `predicate` and that no
   * earlier `waitFor` returned — already received or still to come.
   * Rejects after `timeoutMs`, listing what did arrive.
   */
  async waitFor<E extends LiveEventName>(
    event: E,
    predicate: (payload: LiveEventPayload<E>) => boolean = () => true,
    timeoutMs = 2_000,
  ): Promise<LiveEventPayload<E>> {
    return (await this.waitForEvent(event, predicate, timeoutMs)).payload;
  }

  /** As `waitFor`, with the arrival time. */
  waitForEvent<E extends LiveEventName>(
    event: E,
    predicate: (payload: LiveEventPayload<E>) => boolean = () => true,
    timeoutMs = 2_000,
  ): Promise<ReceivedEvent<E>> {
    return this.until(
      () => {
        const hit = this.events.find(
          (e): e is ReceivedEvent<E> =>
            e.event === event && !this.taken.has(e) && predicate(e.payload as LiveEventPayload<E>),
        );
        if (hit) this.taken.add(hit);
        return hit;
      },
      timeoutMs,
      () =>
        `no matching ${event} within ${timeoutMs} ms (received: ${this.events.map((e) => e.event).join(', ') || 'nothing'})`,
    );
  }

  /**
   * Waits for the marker `id` (see `mark`) and returns the events (of `event`,
   * when given) that arrived before it. A server sends one socket its
   * packets in the order it emits them, so anything emitted to this socket
   * before the marker is listed: "hears nothing" is `heardBefore(…)` being
   * empty.
   */
  heardBefore(id: string, event?: LiveEventName, timeoutMs = 2_000): Promise<ReceivedEvent[]> {
    return this.until(
      () => {
        const count = this.markers.get(id);
        if (count === undefined) return undefined;
        return this.events.slice(0, count).filter((e) => event === undefined || e.event === event);
      },
      timeoutMs,
      () => `marker ${id} did not arrive within ${timeoutMs} ms`,
    );
  }

  /** Resolves with what `find` finds, now or after a later event; rejects with `why()` after `timeoutMs`. */
  private until<T>(find: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (hit === undefined) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(why()));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  /** Resolves with the reason once the socket is disconnected (at once when it already is). */
  waitForDisconnect(timeoutMs = 2_000): Promise<string> {
    if (!this.socket.connected) return Promise.resolve(this.disconnectReason ?? 'never connected');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
      this.socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
  }

  /** Forgets what was received so far, markers included. */
  clear(): void {
    this.events.length = 0;
    this.markers.clear();
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** The part of a Socket.IO server (the app's `io`) that `mark` needs. */
export interface MarkerServer {
  to(room: string): unknown;
}

/**
 * Sends each client a marker from the server, through the same adapter as
 * live events (so through Redis when the server uses it), and answers its id
 * for `heardBefore`. Send it from the instance that did the action, after the
 * action's events went out: it then arrives after anything they sent these
 * clients.
 */
export function mark(io: MarkerServer, ...clients: LiveClient[]): string {
  const id = randomUUID();
  for (const client of clients) {
    if (!client.socket.id) throw new Error('mark: the client is not connected');
    // A socket is always in the room of its own id; the event is outside the typed live contract on purpose.
    (io.to(client.socket.id) as { emit(event: string, payload: string): unknown }).emit(MARKER_EVENT, id);
  }
  return id;
}

function openSocket(baseUrl: string, options: LiveConnectOptions): LiveSocket {
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  return io(baseUrl, {
    path: '/socket.io',
    // Each client its own connection: a shared Manager would multiplex several identities over one handshake.
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    transports: options.transports ?? ['websocket'],
    extraHeaders,
  });
}

/** Connects and resolves once the server accepted the handshake; rejects with the refusal's code otherwise. */
export function connectLive(baseUrl: string, options: LiveConnectOptions = {}): Promise<LiveClient> {
  const socket = openSocket(baseUrl, options);
  // Listen before connecting, so events sent on connect are recorded too.
  const client = new LiveClient(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`socket did not connect within ${options.timeoutMs ?? 5_000} ms`));
    }, options.timeoutMs ?? 5_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.disconnect();
      const code = (err as Error & { data?: { code?: string } }).data?.code;
      reject(Object.assign(new Error(`socket refused: ${code ?? err.message}`), { code, cause: err }));
    });
    socket.connect();
  });
}

/** Expects the handshake to be refused and resolves with what the server said; rejects if it connects. */
export async function expectRefused(baseUrl: string, options: LiveConnectOptions = {}): Promise<Refusal> {
  try {
    const client = await connectLive(baseUrl, options);
    client.close();
  } catch (err) {
    const cause = (err as { cause?: Error & { data?: { code?: string } } }).cause;
    if (!cause) throw err;
    return { message: cause.message, code: cause.data?.code };
  }
  throw new Error('the socket connected, but a refusal was expected');
}

/** Connects many clients at once, `concurrency` handshakes at a time (for benches with hundreds of sockets). */
export async function connectMany(baseUrl: string, cookies: string[], concurrency = 50): Promise<LiveClient[]> {
  const clients: LiveClient[] = new Array(cookies.length);
  let next = 0;
  const worker = async () => {
    while (next < cookies.length) {
      const i = next++;
      clients[i] = await connectLive(baseUrl, { cookie: cookies[i]! });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, cookies.length) }, worker));
  } catch (err) {
    clients.forEach((c) => c?.close());
    throw err;
  }
  return clients;
}
