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

/** What a refused handshake told the client. */
export interface Refusal {
  message: string;
  code: string | undefined;
}

export class LiveClient {
  readonly events: ReceivedEvent[] = [];
  private readonly taken = new WeakSet<ReceivedEvent>();
  private readonly waiters = new Set<() => void>();
  /** Why the socket last disconnected, e.g. `io server disconnect` when the server ended it. */
  disconnectReason: string | undefined;

  constructor(readonly socket: LiveSocket) {
    socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
    });
    socket.onAny((event: LiveEventName, payload: unknown) => {
      this.events.push({ event, payload, at: performance.now() } as ReceivedEvent);
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
    const find = () =>
      this.events.find(
        (e): e is ReceivedEvent<E> =>
          e.event === event && !this.taken.has(e) && predicate(e.payload as LiveEventPayload<E>),
      );
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (!hit) return false;
        this.taken.add(hit);
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        const seen = this.events.map((e) => e.event).join(', ') || 'nothing';
        reject(new Error(`no matching ${event} within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  /** Waits `ms` and returns the events (of `event`, when given) that arrived meanwhile — for "receives nothing" checks. */
  async collectFor(ms: number, event?: LiveEventName): Promise<ReceivedEvent[]> {
    const from = this.events.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.events.slice(from).filter((e) => event === undefined || e.event === event);
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

  /** Forgets what was received so far. */
  clear(): void {
    this.events.length = 0;
  }

  close(): void {
    this.socket.disconnect();
  }
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
