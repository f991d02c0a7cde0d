import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { connectLive } from './support/socket-client.ts';
import { listenOnFreePort } from './support/socket-factories.ts';
import { createTestApp } from './support/test-app.ts';

/* Each test starts its own app, since closing it is what is tested. */

describe('shutdown', () => {
  it('app.close() ends websocket and polling sockets itself rather than waiting for them to leave', async () => {
    const other = await createTestApp();
    const otherUrl = await listenOnFreePort(other.app);
    const { cookies } = await buildRestaurantWithStaff(other.app, other.ctx);
    const clients = await Promise.all([
      connectLive(otherUrl, { cookie: cookies.WAITER }),
      connectLive(otherUrl, { cookie: cookies.CHEF, transports: ['polling'] }),
      connectLive(otherUrl, { cookie: cookies.ADMIN, transports: ['polling', 'websocket'] }),
    ]);
    // Closing mid-upgrade fails the probe instead (a different reason): let it finish.
    const upgrading = clients[2]!.socket.io.engine;
    if (upgrading.transport.name !== 'websocket') await new Promise((resolve) => upgrading.once('upgrade', resolve));
    // Closing between two of its polls would end the polling client with a refused request instead: wait until the
    // server holds its long poll (it holds one until it has something to send).
    const pollingId = clients[1]!.socket.io.engine.id;
    // engine.io keeps its sockets in a protected map; a test may look.
    const engine = other.app.io.engine as unknown as { clients: Record<string, { transport: { writable: boolean } }> };
    await expect.poll(() => engine.clients[pollingId]?.transport.writable).toBe(true);
    // The clients never leave on their own (no close, no reconnect): an app that waited for them would never resolve.
    await other.close();
    // Ended by the server ('io client disconnect' would be the client's doing), and the polling client's long poll,
    // in flight throughout, was answered with the close: a poll cut off would end it with 'transport error'.
    const reasons = [];
    for (const c of clients) reasons.push(await c.waitForDisconnect());
    expect(reasons).toEqual(['transport close', 'transport close', 'transport close']);
  });

  it('app.close() cuts off a WebSocket peer that never answers the close handshake', async () => {
    const other = await createTestApp();
    const port = new URL(await listenOnFreePort(other.app)).port;
    const mute = await openMuteWebSocket(Number(port));
    const cut = new Promise((resolve) => mute.socket.once('close', resolve));
    await other.close();
    // The peer never ends its side nor answers: only the server can close this connection, after asking to.
    await cut;
    expect(mute.opcodes()).toContain(CLOSE_FRAME);
  });
});

/** WebSocket opcode of a close frame (RFC 6455 §5.5.1). */
const CLOSE_FRAME = 0x8;

/**
 * A raw WebSocket upgrade to Engine.IO that then ignores everything, as a
 * vanished phone would; `opcodes` lists the frames the server sent it.
 */
function openMuteWebSocket(port: number): Promise<{ socket: TcpSocket; opcodes(): number[] }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
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
    socket.on('data', (chunk) => {
      const first = received.length === 0;
      received = Buffer.concat([received, chunk]);
      if (first && !chunk.toString().startsWith('HTTP/1.1 101')) reject(new Error(chunk.toString()));
      else if (first)
        resolve({ socket, opcodes: () => frameOpcodes(received.subarray(received.indexOf('\r\n\r\n') + 4)) });
    });
    socket.once('error', reject);
  });
}

/** The opcodes of the complete server frames (unmasked) in `bytes`. */
function frameOpcodes(bytes: Buffer): number[] {
  const opcodes: number[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const short = bytes[at + 1]! & 0x7f;
    const [header, length] =
      short === 126
        ? [4, bytes.readUInt16BE(at + 2)]
        : short === 127
          ? [10, Number(bytes.readBigUInt64BE(at + 2))]
          : [2, short];
    if (at + header + length > bytes.length) break;
    opcodes.push(bytes[at]! & 0x0f);
    at += header + length;
  }
  return opcodes;
}
