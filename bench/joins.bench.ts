import type { DatabaseChoice } from './lib/database.ts';
import { HttpClient } from './lib/http.ts';
import { profileFile } from './lib/cpu-profile.ts';
import { Recorder, closedLoop, settings } from './lib/load.ts';
import { createTables, joinCall, nextAddress, openSessions, signIn } from './lib/plato-setup.ts';
import { type BenchOutcome, latencyRow, log, rateRow } from './lib/report.ts';
import { type RunningServer, withServer } from './lib/server-control.ts';
import { ms, rate } from './lib/stats.ts';

/**
 * PIN joins: 32 concurrent devices join open tables with the right PIN, each
 * request from a new address (X-Forwarded-For behind the trusted loopback
 * proxy), so the per-address limit of 50 an hour applies per device as in a
 * real deployment. Each join makes a new guest ("Guest N") and token.
 *
 * The baseline is a bare Fastify route on the same database doing one
 * transaction of a guest row and its token row; on SQLite twice, with group
 * commit (as Plato runs) and with a commit per transaction.
 */

const WORKERS = Number(process.env.BENCH_JOIN_WORKERS ?? 32);
const TABLES = Number(process.env.BENCH_JOIN_TABLES ?? 64);

interface JoinFigures {
  joins: ReturnType<Recorder['summary']>;
  cpuMsPerJoin: number;
  errors: Recorder['errors'];
}

async function measure(
  server: RunningServer,
  client: HttpClient,
  iteration: (rec: Recorder) => Promise<void>,
  profile?: string,
): Promise<JoinFigures> {
  const rec = new Recorder();
  await closedLoop(rec, WORKERS, () => iteration(rec), { warmupSeconds: settings.warmupSeconds, seconds: 0 });
  if (profile) await server.profile('start');
  const before = await server.usage();
  const seconds = await closedLoop(rec, WORKERS, () => iteration(rec), { warmupSeconds: 0, seconds: settings.seconds });
  const after = await server.usage();
  if (profile) await server.profile('stop', profile);
  client.close();
  const joins = rec.summary('join', seconds);
  return { joins, cpuMsPerJoin: (after.cpuMs - before.cpuMs) / Math.max(1, joins.count), errors: rec.errors };
}

async function runPlato(server: RunningServer, profile: string | undefined): Promise<JoinFigures> {
  const client = new HttpClient(server.baseUrl, WORKERS);
  const staff = await signIn(client);
  const open = await openSessions(client, staff, await createTables(client, staff, TABLES, 'Join'), 'FAMILY');
  await server.analyze();
  let n = 0;
  return measure(
    server,
    client,
    async (rec) => {
      const t = open[n++ % open.length]!;
      await rec.timed(client, 'join', joinCall(t.table.qrToken, t.pin, nextAddress()), 200);
    },
    profile,
  );
}

async function runBaseline(server: RunningServer): Promise<JoinFigures> {
  const client = new HttpClient(server.baseUrl, WORKERS);
  return measure(server, client, async (rec) => {
    await rec.timed(
      client,
      'join',
      { method: 'POST', path: '/join', body: { pin: '1234' }, headers: { 'x-forwarded-for': nextAddress() } },
      200,
    );
  });
}

export async function joinsBench(
  database: DatabaseChoice,
  label: string,
  targetPerSecond: number | undefined,
): Promise<BenchOutcome> {
  log(`\n▶ PIN joins on ${label}: ${WORKERS} concurrent devices, ${TABLES} open tables`);
  const baselineOn = async (choice: DatabaseChoice, commits: string) => {
    const figures = await withServer('baseline-http', choice, runBaseline);
    log(
      `  baseline (bare route, guest + token per transaction${commits}): ${rate(figures.joins.perSecond)}, ` +
        `p50 ${ms(figures.joins.p50)}, p99 ${ms(figures.joins.p99)}`,
    );
    return figures;
  };
  const baseline = await baselineOn(database, database === 'sqlite' ? ', group commit' : '');
  const perTransaction =
    database === 'sqlite' ? await baselineOn('sqlite-per-transaction', ', a commit per transaction') : undefined;
  const plato = await withServer('plato', database, (server) => runPlato(server, profileFile(`joins ${label}`)));
  log(
    `  Plato POST /public/tables/:qrToken/join: ${rate(plato.joins.perSecond)} (${plato.joins.count} joins), ` +
      `p50 ${ms(plato.joins.p50)}, p99 ${ms(plato.joins.p99)}, max ${ms(plato.joins.max)}`,
  );
  const failures: string[] = [];
  if (plato.errors.total) failures.push(`joins on ${label} (Plato): ${plato.errors.describe()}`);
  if (baseline.errors.total) failures.push(`joins on ${label} (baseline): ${baseline.errors.describe()}`);
  if (perTransaction?.errors.total)
    failures.push(`joins on ${label} (baseline, a commit per transaction): ${perTransaction.errors.describe()}`);
  for (const f of failures) log(`  ✗ FAILED — ${f}`);
  const failed = failures.length > 0;
  return {
    rows: [
      rateRow(`PIN joins/s, ${label}`, plato.joins.perSecond, baseline.joins.perSecond, targetPerSecond, failed),
      ...(perTransaction
        ? [
            rateRow(
              `  vs a commit per transaction`,
              plato.joins.perSecond,
              perTransaction.joins.perSecond,
              undefined,
              failed,
            ),
          ]
        : []),
      latencyRow(`PIN join p99, ${label}`, plato.joins.p99, baseline.joins.p99, undefined, failed),
    ],
    failures,
    notes: [
      `joins on ${label}: server CPU per join ${plato.cpuMsPerJoin.toFixed(3)} ms (Plato) vs ${baseline.cpuMsPerJoin.toFixed(3)} ms (baseline)`,
    ],
  };
}
