import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CreateStaffRequest, Currency, Locale, Name, RestaurantSlug, TimeZone } from '@plato/contracts';
import { z } from 'zod';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { isUniqueViolation } from './db/errors.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createRestaurant } from './modules/restaurants/restaurants.service.ts';

const USAGE = `Usage:
  npm run plato -- migrate
  npm run plato -- restaurant:create --slug <slug> --name <name> --admin-email <email>
                  [--admin-name <name>] [--admin-password <password>] [--currency EUR] [--locale en] [--timezone Europe/Paris]
    Without --admin-password a strong one is generated and printed once.`;

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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig({ ...process.env, PLATO_SEED: 'none' });
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
