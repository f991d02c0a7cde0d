import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { DEMO } from './modules/demo/demo.data.ts';
import { firstTableToken } from './modules/tables/tables.repository.ts';

const config = loadConfig();
const { ctx, db } = await bootstrap(config);
const app = await buildApp(ctx);

await app.listen({ port: config.port, host: config.host });

const base = config.publicUrl;
const lines = [
  '',
  `  Plato is running on ${db.dialect === 'sqlite' ? 'SQLite (' + config.databaseUrl.replace('sqlite://', '') + ')' : 'PostgreSQL'}`,
  '',
  `  Web app        ${base}/`,
  `  Staff sign-in  ${base}/staff/login`,
  `  API docs       ${base}/api/docs`,
];
const demo = await ctx.db.selectFrom('restaurants').select('id').where('slug', '=', DEMO.slug).executeTakeFirst();
if (demo) {
  const token = await firstTableToken(ctx.db, demo.id);
  if (token) lines.push(`  Guest, table 1 ${base}/t/${token}`);
  if (config.env !== 'production') {
    lines.push('', `  Demo logins (restaurant "${DEMO.slug}", password "${DEMO.password}"):`);
    for (const s of DEMO.staff) lines.push(`    ${s.role.padEnd(8)} ${s.email}`);
  }
}
app.log.info(`Plato listening on ${base}`);
process.stdout.write(lines.join('\n') + '\n\n');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  try {
    await app.close();
    await db.close();
  } finally {
    clearTimeout(force);
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
