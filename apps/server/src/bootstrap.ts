import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { type Db, type OpenOptions, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { seedDemoIfEmpty } from './modules/demo/demo.seed.ts';
import { createContext } from './wiring.ts';

/** Opens and migrates the database, seeding the demo restaurant on an empty one when configured. */
export async function bootstrap(
  config: Config,
  options: OpenOptions = {},
): Promise<{ ctx: AppContext; db: Db; seeded: boolean }> {
  const db = openDatabase(config.databaseUrl, options);
  await migrateToLatest(db.kysely);
  const ctx: AppContext = createContext({ db: db.kysely, dialect: db.dialect, config });
  const seeded = config.seed === 'demo' ? await seedDemoIfEmpty(ctx) : false;
  return { ctx, db, seeded };
}
