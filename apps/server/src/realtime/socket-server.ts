import type { Socket as NetSocket } from 'node:net';
import type { ServerToClientEvents } from '@plato/contracts';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { StartupRefusal } from '../bootstrap.ts';
import type { AppContext } from '../context.ts';
import { sha256 } from '../db/ids.ts';
import { getCartForGuest } from '../modules/cart/cart.service.ts';
import { GUEST_PRESENCE, noteGuestSeen } from '../modules/sessions/guest-presence.ts';
import { findGuestByToken } from '../modules/sessions/guest-tokens.repository.ts';
import {
  identify,
  identityExpiresAt,
  isSameOriginHandshake,
  refusal,
  roomsFor,
  type SocketData,
} from './socket-auth.ts';

/** Clients only listen: every change goes through the HTTP API. */
export type ClientToServerEvents = Record<string, never>;
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The Socket.IO server; services publish through `ctx.live`, this is for tests and benches. */
    io: LiveServer;
  }
}

/** How long a closing app lets WebSocket peers finish the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1_000;
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Attaches Socket.IO to the app's HTTP server (same port, path /socket.io):
 * the handshake authenticates by the `plato_staff` / `plato_guest` cookies
 * and refuses cross-origin browsers; each socket joins the rooms of
 * `live.ts`, and a guest gets its current cart at once. With
 * `config.redisUrl`, events reach sockets on every instance. Closing the app
 * closes the sockets first, so `app.close()` does not wait on them.
 */
export async function attachSocketServer(app: FastifyInstance, ctx: AppContext): Promise<LiveServer> {
  const io: LiveServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    transports: ['websocket', 'polling'],
  });
  const closeRedis = ctx.config.redisUrl
    ? await useRedisAdapter(app, io, ctx.config.redisUrl, redisKey(ctx.config.secret))
    : undefined;

  io.use((socket, next) => {
    const headers = socket.handshake.headers;
    if (!isSameOriginHandshake(headers, ctx.config.publicUrl)) return next(refusal('FORBIDDEN'));
    const cookies = headers.cookie ? app.parseCookie(headers.cookie) : {};
    identify(ctx, cookies)
      .then((identity) => {
        if (!identity) return next(refusal('UNAUTHENTICATED'));
        socket.data = { identity, rooms: roomsFor(identity) };
        next();
      })
      .catch((err: unknown) => {
        app.log.error({ err }, 'socket handshake failed');
        next(refusal('INTERNAL'));
      });
  });

  io.on('connection', (socket) => {
    endAtExpiry(socket);
    void socket.join(socket.data.rooms);
    if (socket.data.identity.kind === 'guest') {
      sendCurrentCart(ctx, socket).catch((err: unknown) => app.log.error({ err }, 'socket initial state failed'));
      keepGuestSeen(ctx, socket.data.identity.guest.guestId, socket, app);
    }
  });

  ctx.live.attach(io, { otherInstances: Boolean(closeRedis) });
  app.decorate('io', io);
  const upgraded = trackUpgradedSockets(app);
  let cutOff: NodeJS.Timeout | undefined;
  // preClose, not onClose: Fastify's own onClose waits for every connection to end, sockets included.
  app.addHook('preClose', async () => {
    void io.close();
    cutOff = setTimeout(() => upgraded.forEach((s) => s.destroy()), CLOSE_GRACE_MS);
    cutOff.unref();
  });
  app.addHook('onClose', async () => {
    clearTimeout(cutOff);
    closeRedis?.();
  });
  return io;
}

/** setTimeout's longest delay (about 24.8 days); a later expiry re-arms when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket lives no longer than the token it was opened with (guest 8 h,
 * staff 12 h): one timer per socket, set from the expiry read at the
 * handshake and cleared on disconnect, so no event pays for a database read.
 * Revocations before expiry (logout, close, deactivation) end sockets through
 * their own events.
 */
function endAtExpiry(socket: LiveSocket): void {
  const expiresAt = Date.parse(identityExpiresAt(socket.data.identity));
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      socket.disconnect(true);
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  socket.once('disconnect', () => clearTimeout(timer));
  arm();
}

/**
 * Reconnect state: a guest starts from its cart as it is now. The token is
 * read again after joining the rooms, so a session closed between the
 * handshake and the join (whose disconnect this socket missed) still ends it.
 */
async function sendCurrentCart(ctx: AppContext, socket: LiveSocket): Promise<void> {
  const { identity } = socket.data;
  if (identity.kind !== 'guest') return;
  const guest = await findGuestByToken(ctx.db, identity.token);
  if (!guest) {
    socket.disconnect(true);
    return;
  }
  const cart = await getCartForGuest(ctx, guest);
  if (socket.connected) socket.emit('cart.updated', cart);
}

/**
 * An open guest socket is a live device: it marks its identity as seen now
 * and every minute while it stays connected (at most one conditional write
 * a minute), so nobody can claim the identity by name meanwhile.
 */
function keepGuestSeen(ctx: AppContext, guestId: string, socket: LiveSocket, app: FastifyInstance): void {
  const mark = () =>
    noteGuestSeen(ctx.db, { guestId, lastSeenAt: null }).catch((err: unknown) =>
      app.log.error({ err }, 'guest presence update failed'),
    );
  void mark();
  const timer = setInterval(() => void mark(), GUEST_PRESENCE.resolutionMs);
  timer.unref();
  socket.once('disconnect', () => clearInterval(timer));
}

/**
 * The channel prefix is derived from the secret, which every instance of one
 * deployment shares (PIN hashes need it): two deployments on one Redis never
 * hear each other.
 */
const redisKey = (secret: string): string => `plato:${sha256(`socket.io:${secret}`).slice(0, 16)}`;

/** Refuses to start without Redis (a silent single-instance fallback would lose events); reconnects on its own later. */
async function useRedisAdapter(app: FastifyInstance, io: LiveServer, url: string, key: string): Promise<() => void> {
  const pub = new Redis(url, { lazyConnect: true, connectTimeout: REDIS_CONNECT_TIMEOUT_MS });
  const sub = pub.duplicate();
  const disconnect = () => {
    pub.disconnect();
    sub.disconnect();
  };
  publishNeverRejects(pub, app);
  let lastError: Error | undefined;
  for (const client of [pub, sub]) {
    client.on('error', (err: Error) => {
      lastError = err;
      app.log.warn({ err }, 'redis connection error');
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    disconnect();
    // ioredis rejects with a bare "Connection is closed"; the cause is in its last error event.
    const cause = lastError ?? (err as Error);
    throw new StartupRefusal(
      `Cannot reach Redis at REDIS_URL: ${cause.message}\n` +
        'Live events reach the sockets of other instances only through Redis, so Plato does not start\n' +
        'without it: start Redis (or fix REDIS_URL), or unset REDIS_URL to run a single instance.',
      { cause },
    );
  }
  io.adapter(createAdapter(pub, sub, { key }));
  return disconnect;
}

/**
 * The adapter publishes without handling a refusal, and an unhandled rejection ends the process. A live event that
 * cannot reach Redis (Redis gone for longer than ioredis retries, or a request finishing while the app closes and the
 * connection is already shut) is lost, not fatal: the write it tells of is committed, and screens read it again when
 * they reconnect (the kitchen with `since`).
 */
function publishNeverRejects(client: Redis, app: FastifyInstance): void {
  const publish = client.publish.bind(client) as (channel: string, message: string | Buffer) => Promise<number>;
  const safe = (channel: string, message: string | Buffer) =>
    publish(channel, message).catch((err: unknown) => {
      app.log.warn({ err }, 'a live event could not be published to Redis');
      return 0;
    });
  client.publish = safe as unknown as Redis['publish'];
}

/** Upgraded connections leave Node's HTTP bookkeeping, so the app keeps its own list to cut stragglers on close. */
function trackUpgradedSockets(app: FastifyInstance): Set<NetSocket> {
  const sockets = new Set<NetSocket>();
  app.server.on('upgrade', (_request, socket: NetSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}
