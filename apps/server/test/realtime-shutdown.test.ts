import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { connectLive } from './support/socket-client.ts';
import { listenOnFreePort } from './support/socket-factories.ts';
import { createTestApp } from './support/test-app.ts';

/* Each test starts its own app, since closing it is what is tested. */

describe('shutdown', () => {
  it('app.close() resolves promptly with websocket and polling sockets connected', async () => {
    const other = await createTestApp();
    const otherUrl = await listenOnFreePort(other.app);
    const { cookies } = await buildRestaurantWithStaff(other.app, other.ctx);
    const clients = await Promise.all([
      connectLive(otherUrl, { cookie: cookies.WAITER }),
      connectLive(otherUrl, { cookie: cookies.CHEF, transports: ['polling'] }),
      connectLive(otherUrl, { cookie: cookies.ADMIN, transports: ['polling', 'websocket'] }),
    ]);
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1_500);
    for (const c of clients) {
      await c.waitForDisconnect();
      c.close();
    }
  });

  it('app.close() does not wait for a WebSocket peer that never answers the close handshake', async () => {
    const other = await createTestApp();
    const port = new URL(await listenOnFreePort(other.app)).port;
    const mute = await openMuteWebSocket(Number(port));
    const cut = new Promise((resolve) => mute.once('close', resolve));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(3_000);
    await cut;
  });
});

/** A raw WebSocket upgrade to Engine.IO that then ignores everything, as a vanished phone would. */
function openMuteWebSocket(port: number): Promise<TcpSocket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(
        [
          'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('data', (chunk) =>
      chunk.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(chunk.toString())),
    );
    socket.once('error', reject);
  });
}
