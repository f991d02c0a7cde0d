import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import pg from 'pg';

/**
 * What a cluster run needs besides Node: PostgreSQL (TEST_DATABASE_URL), Redis
 * (PLATO_TEST_REDIS_URL, default redis://127.0.0.1:6379) and Debian's nginx
 * (PLATO_NGINX, default /usr/sbin/nginx). Without one of them the cluster tests
 * are skipped with a loud warning, unless PLATO_REQUIRE_CLUSTER=1 (CI), where a
 * missing piece fails the run.
 */
export interface ClusterServices {
  postgresUrl: string;
  redisUrl: string;
  nginx: string;
}

export const redisUrl = (): string => process.env.PLATO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const nginxBinary = (): string => process.env.PLATO_NGINX ?? '/usr/sbin/nginx';

async function postgresAnswers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL at TEST_DATABASE_URL does not answer: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A bare PING over TCP: no client library needed to know whether Redis is there. */
function redisAnswers(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3_000, () => done(`Redis at ${url} did not answer PING within 3 s`));
    socket.once('error', (err) => done(`Redis at ${url} is not reachable: ${err.message}`));
    socket.once('data', (data) =>
      done(String(data).startsWith('+PONG') ? undefined : `Redis at ${url} answered ${String(data).trim()}`),
    );
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
  });
}

function nginxRuns(binary: string): string | undefined {
  if (!existsSync(binary)) return `nginx is not installed at ${binary} (apt-get install nginx, or set PLATO_NGINX)`;
  try {
    execFileSync(binary, ['-v'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    return `nginx at ${binary} does not run: ${(err as Error).message}`;
  }
}

/** The services, or what is missing. Checked once per test file, before any cluster starts. */
export async function findClusterServices(
  postgresUrl = process.env.TEST_DATABASE_URL,
): Promise<{ services?: ClusterServices; missing: string[] }> {
  const missing = [
    postgresUrl ? await postgresAnswers(postgresUrl) : 'no PostgreSQL URL (TEST_DATABASE_URL) is set',
    await redisAnswers(redisUrl()),
    nginxRuns(nginxBinary()),
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0 || !postgresUrl) return { missing };
  return { services: { postgresUrl, redisUrl: redisUrl(), nginx: nginxBinary() }, missing };
}

/**
 * Skip (with a warning) or fail: a run that must prove the cluster (CI sets
 * PLATO_REQUIRE_CLUSTER=1) never passes without it.
 */
export async function requireClusterServices(): Promise<ClusterServices | undefined> {
  const { services, missing } = await findClusterServices();
  if (services) return services;
  const why = missing.map((m) => `  - ${m}`).join('\n');
  if (process.env.PLATO_REQUIRE_CLUSTER === '1') {
    throw new Error(`PLATO_REQUIRE_CLUSTER=1 but the cluster tests cannot run:\n${why}`);
  }
  console.warn(`\n!! Cluster tests SKIPPED (set PLATO_REQUIRE_CLUSTER=1 to fail instead):\n${why}\n`);
  return undefined;
}
