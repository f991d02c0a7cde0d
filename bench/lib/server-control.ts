import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseChoice } from './database.ts';
import type { ChildMessage, ParentMessage, ServerKind } from './server-protocol.ts';

const CHILD = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface CpuSnapshot {
  /** User + system CPU of the server process, in milliseconds. */
  cpuMs: number;
  rssBytes: number;
}

export interface RunningServer {
  baseUrl: string;
  dialect: string;
  /** The child's own CPU time so far (not PostgreSQL's). */
  usage(): Promise<CpuSnapshot>;
  /** Has the server's database gather planner statistics (PostgreSQL; nothing on SQLite). */
  analyze(): Promise<void>;
  /** Starts the server's CPU profiler; `stop` writes the profile (a `.cpuprofile`) to `file`. */
  profile(action: 'start'): Promise<void>;
  profile(action: 'stop', file: string): Promise<void>;
  stop(): Promise<void>;
}

function nextMessage<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server child sent no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === type) done(undefined, message as Extract<ChildMessage, { type: T }>);
      else if (message.type === 'failed') done(new Error(`server child failed:\n${message.message}`));
    };
    const onExit = (code: number | null) => done(new Error(`server child exited (${code}) before ${type}`));
    function done(err?: Error, value?: Extract<ChildMessage, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts a server child (Plato or a baseline) on a fresh database and waits for its port. */
export async function startServer(
  kind: ServerKind,
  database: DatabaseChoice,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, ...env, BENCH_SERVER: kind, BENCH_DB: database, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: ParentMessage) => child.send(message);
  let ready: Extract<ChildMessage, { type: 'ready' }>;
  try {
    ready = await nextMessage(child, 'ready', START_TIMEOUT_MS);
  } catch (err) {
    child.kill();
    throw err;
  }
  return {
    baseUrl: ready.baseUrl,
    dialect: ready.dialect,
    async usage() {
      const answer = nextMessage(child, 'usage', 10_000);
      send({ type: 'usage' });
      const u = await answer;
      return { cpuMs: (u.userMicros + u.systemMicros) / 1000, rssBytes: u.rssBytes };
    },
    async analyze() {
      const answer = nextMessage(child, 'analyzed', 120_000);
      send({ type: 'analyze' });
      await answer;
    },
    async profile(action: 'start' | 'stop', file?: string) {
      const answer = nextMessage(child, 'profiled', 60_000);
      send(action === 'start' ? { type: 'profile', action } : { type: 'profile', action, file: file! });
      await answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `work` against a started server and always stops it. */
export async function withServer<T>(
  kind: ServerKind,
  database: DatabaseChoice,
  work: (server: RunningServer) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const server = await startServer(kind, database, env);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}
