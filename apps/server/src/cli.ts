import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateStaffRequest, Currency, Locale, Name, RestaurantSlug, TimeZone } from '@plato/contracts';
import { z } from 'zod';
import { type Config, loadConfig } from './config.ts';
import { dialectOf, openDatabase } from './db/database.ts';
import { backupSqlite, restoreSqlite } from './db/sqlite-backup.ts';
import { isUniqueViolation } from './db/errors.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createRestaurant } from './modules/restaurants/restaurants.service.ts';

const USAGE = `Usage:
  npm run plato -- migrate
  npm run plato -- restaurant:create --slug <slug> --name <name> --admin-email <email>
                  [--admin-name <name>] [--admin-password <password>] [--currency EUR] [--locale en] [--timezone Europe/Paris]
    Without --admin-password a strong one is generated and printed once.
  npm run plato -- backup <file>
    Copies the SQLite database to <file> while the server runs (a consistent snapshot).
  npm run plato -- restore <file> [--force]
    Puts a backup in place of the SQLite database. Stop the server first; --force replaces an existing database.
    On PostgreSQL use pg_dump and pg_restore (docs/deploy.md).`;

const CreateArgs = z.object({
  slug: RestaurantSlug,
  name: Name,
  'admin-email': CreateStaffRequest.shape.email,
  'admin-name': Name.default('Admin'),
  'admin-password': CreateStaffRequest.shape.password.optional(),
  currency: Currency.optional(),
  locale: Locale.optional(),
  timezone: TimeZone.optional(),
});

/** `backup` and `restore` work on the file, around a server that may be running: no migration, no pool. */
async function backupOrRestore(command: 'backup' | 'restore', args: string[], config: Config): Promise<number> {
  const { databaseUrl } = config;
  const { values, positionals } = parseArgs({
    args,
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1 || (command === 'backup' && values.force)) {
    console.error(USAGE);
    return 2;
  }
  if (dialectOf(databaseUrl) !== 'sqlite') {
    console.error(
      `${command} copies a SQLite database; DATABASE_URL is PostgreSQL. Use pg_dump -Fc and pg_restore (docs/deploy.md).`,
    );
    return 2;
  }
  const database = databaseUrl.replace(/^sqlite:\/\//, '').replace(/^file:/, '');
  if (command === 'backup') {
    const done = await backupSqlite(database, resolve(file));
    console.log(`Backed up ${database} to ${resolve(file)}: ${done.orders} orders, ${done.pages} pages.`);
    // Table PINs and the database's secret fingerprint are keyed by it: a restore without it refuses to start.
    console.log(
      config.secretSource === 'generated'
        ? `Keep ${join(config.dataDir, 'secret')} with it: a restored database starts only with the same secret.`
        : 'Keep PLATO_SECRET with it: a restored database starts only with the same secret.',
    );
    return 0;
  }
  if (existsSync(database) && !values.force) {
    console.error(`${database} exists. Stop the server, then run restore again with --force to replace it.`);
    return 1;
  }
  const done = await restoreSqlite(resolve(file), database);
  console.log(`Restored ${resolve(file)} to ${database}: ${done.orders} orders, ${done.pages} pages.`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig({ ...process.env, PLATO_SEED: 'none' });
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, rest, config);
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db.kysely);
    if (command === 'migrate') {
      console.log('Database is up to date.');
      return 0;
    }
    if (command === 'restaurant:create') {
      const { values } = parseArgs({
        args: rest,
        options: Object.fromEntries(Object.keys(CreateArgs.shape).map((k) => [k, { type: 'string' as const }])),
        strict: true,
      });
      const parsed = CreateArgs.safeParse(values);
      if (!parsed.success) {
        console.error(
          parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') + '\n\n' + USAGE,
        );
        return 2;
      }
      const a = parsed.data;
      const password = a['admin-password'] ?? randomBytes(12).toString('base64url');
      try {
        const { restaurant } = await createRestaurant(db.kysely, {
          slug: a.slug,
          name: a.name,
          ...(a.currency && { currency: a.currency }),
          ...(a.locale && { locale: a.locale }),
          ...(a.timezone && { timezone: a.timezone }),
          admin: { name: a['admin-name'], email: a['admin-email'], password },
        });
        console.log(`Created restaurant "${restaurant.name}" (${restaurant.slug}, id ${restaurant.id}).`);
        console.log(`Admin: ${a['admin-email']}${a['admin-password'] ? '' : `  password: ${password}  (shown once)`}`);
        return 0;
      } catch (err) {
        if (isUniqueViolation(err)) {
          console.error(`A restaurant with slug "${a.slug}" already exists.`);
          return 1;
        }
        throw err;
      }
    }
    console.error(USAGE);
    return command ? 2 : 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
