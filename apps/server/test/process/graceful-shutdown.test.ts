import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSlowRequest } from '../support/slow-request.ts';
import { dataFolder, freePort, serverDatabase, startServerProcess } from './server-child.ts';

/** How a new connection to the port ends: `connected`, or the error's code (ECONNREFUSED once nothing listens). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const demoLogin = { restaurant: 'demo', email: 'admin@demo.plato', password: 'plato-demo' };

// The whole process, as operators run it (README: "SIGTERM stops accepting connections, finishes in-flight requests").
describe('server process', () => {
  it('starts on an empty database, seeds the demo, serves, and on SIGTERM refuses new connections, finishes the request in flight and exits 0', async () => {
    const dataDir = dataFolder();
    const database = await serverDatabase(dataDir);
    const port = await freePort();
    // At the default level, so the request log (written asynchronously) is part of what must survive the shutdown.
    const { child, output, exited } = startServerProcess({
      dataDir,
      port,
      env: { ...database.env, PLATO_LOG_LEVEL: 'info' },
    });
    await expect.poll(output, { timeout: 20_000 }).toContain('Demo logins');
    expect(output()).toMatch(new RegExp(`Guest, table 1 +http://localhost:${port}/t/[\\w-]{22}`));
    expect(output()).toContain('admin@demo.plato');
    expect(output()).toContain(`Plato is running on ${database.named}`);

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoLogin),
    });
    expect(login.status).toBe(200);

    // Taken on by the server, half its body sent: in flight when the signal comes.
    const inFlight = await startSlowRequest({ port, method: 'POST', path: '/api/v1/auth/login', body: demoLogin });
    child.kill('SIGTERM');
    await expect.poll(() => tryConnect(port), { timeout: 10_000 }).toBe('ECONNREFUSED');

    const answer = await inFlight.finish();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ staff: { role: 'ADMIN' } });
    expect(String(answer.headers['set-cookie'])).toMatch(/^plato_staff=/);
    expect(await exited).toBe(0);

    // One line per request, the one that finished during the shutdown included: the log was flushed before exit.
    const logins = output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; res?: { statusCode?: number } })
      .filter((line) => line.req?.url === '/api/v1/auth/login');
    expect(logins.map((line) => [line.msg, line.res?.statusCode])).toEqual([
      ['request completed', 200],
      ['request completed', 200],
    ]);
  });
});
