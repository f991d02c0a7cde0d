import pino from 'pino';
import QRCode from 'qrcode';
import { buildApp } from './app.ts';
import { bootstrap, StartupRefusal } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { tableUrl } from './modules/tables/tables.service.ts';
import { listensBeyondLoopback, startBanner } from './start-banner.ts';

const config = loadConfig();
/** Says what to fix, without a stack trace, and exits 1; any other error is a bug and keeps its stack. */
function refuse(err: unknown): never {
  if (!(err instanceof StartupRefusal)) throw err;
  process.stderr.write(`\n  Plato cannot start:\n\n${err.message.replace(/^/gm, '  ')}\n\n`);
  process.exit(1);
}
const started = await bootstrap(config).catch(refuse);
const { ctx, db } = started;
// Log lines are written off the request path, in batches of 8 KB: one write per few dozen requests on a busy
// night. A line waits at most a second for company, and pino flushes what is left when the process exits.
const logStream = pino.destination({ dest: 1, sync: false, minLength: 8192 });
setInterval(() => logStream.flush(), 1000).unref();
const app = await buildApp(ctx, { logStream }).catch(async (err: unknown) => {
  await db.close();
  return refuse(err);
});

await app.listen({ port: config.port, host: config.host });

app.log.info(`Plato listening on ${config.publicUrl}`);
if (started.demo && listensBeyondLoopback(config.host)) {
  app.log.warn({ host: config.host }, 'the demo restaurant, whose password is public, is served beyond loopback');
}
const tableToken = started.demo?.tableToken;
// A phone can open the link only when it names this machine on the network (or the operator's own origin).
const tableQr =
  tableToken && config.publicUrlSource !== 'localhost'
    ? await QRCode.toString(tableUrl(config.publicUrl, tableToken), { type: 'terminal', small: true })
    : undefined;
process.stdout.write(
  startBanner({
    env: config.env,
    host: config.host,
    publicUrl: config.publicUrl,
    publicUrlSource: config.publicUrlSource,
    tableQr,
    database: db.dialect === 'sqlite' ? `SQLite (${config.databaseUrl.replace('sqlite://', '')})` : 'PostgreSQL',
    demo: started.demo,
  }),
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  // close() ends only the connections idle at that moment; one whose request finishes later would stay
  // open for as long as its client keeps it alive (a browser: minutes), so it ends as soon as it is idle.
  app.server.keepAliveTimeout = 1;
  try {
    await app.close();
    await db.close();
  } catch (err) {
    // Said in the log, not as a bare unhandled rejection: a rolling restart's operator needs to know why.
    app.log.error({ err }, 'shutdown failed');
    logStream.flushSync();
    process.exit(1);
  } finally {
    clearTimeout(force);
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
