import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints, off the event loop.
 *
 * A checkpoint copies the pages the WAL holds back into the database file.
 * Left to SQLite, it runs inside whichever commit takes the WAL past 1,000
 * pages — on the one thread that serves every request, so every few hundred
 * orders one commit stalls all requests in flight for milliseconds, and the
 * same hot pages (index leaves, the order counter) are copied back again at
 * every one. Here a worker thread with its own connection checkpoints every
 * `everyMs` in PASSIVE mode, which never waits for the writer nor makes it
 * wait; SQLite's own automatic checkpoint stays as a backstop at a higher
 * mark (`BACKSTOP_PAGES`), should the worker fall behind or be gone.
 */

export const BACKSTOP_PAGES = 10_000;

// The worker is a script of its own (CommonJS, run from a string) so that the server bundle needs no second entry.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // SQLITE_BUSY and the like: the next round tries again; SQLite's backstop covers a lasting failure.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection (before the main connection closes). */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
  // A failing worker only means SQLite's backstop checkpoints instead: never a reason to stop serving.
  worker.on('error', () => undefined);
  worker.unref();
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('message', done);
        worker.once('exit', done);
        worker.postMessage('stop');
      }).then(() => worker.terminate().then(() => undefined));
      return stopped;
    },
  };
}
