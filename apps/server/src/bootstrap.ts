import { createHmac } from 'node:crypto';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { type Db, type OpenOptions, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { DEMO } from './modules/demo/demo.data.ts';
import { seedDemoIfEmpty } from './modules/demo/demo.seed.ts';
import { recordInstallationValue } from './modules/installation/installation.repository.ts';
import { findRestaurantBySlug } from './modules/restaurants/restaurants.repository.ts';
import { firstTableToken } from './modules/tables/tables.repository.ts';
import { createContext } from './wiring.ts';

/** A start that must not go ahead; server.ts prints the message (no stack) and exits 1. */
export class StartupRefusal extends Error {}

export interface Started {
  ctx: AppContext;
  db: Db;
  seeded: boolean;
  /** The demo restaurant, when the database holds it (its password is public). */
  demo: { restaurantId: string; tableToken: string | undefined } | undefined;
}

/**
 * Opens and migrates the database, checks that this instance may run against
 * it (the shared secret, no public demo logins in production), and seeds the
 * demo restaurant on an empty one when configured. Refusals close the
 * database and throw a `StartupRefusal` saying what to do.
 */
export async function bootstrap(config: Config, options: OpenOptions = {}): Promise<Started> {
  if (config.secretSource === 'generated' && /^postgres(ql)?:/.test(config.databaseUrl)) {
    // Checked before connecting: a secret generated into one instance's data folder cannot be shared.
    throw new StartupRefusal(
      'PLATO_SECRET must be set when DATABASE_URL is PostgreSQL.\n' +
        'Every instance serving one database must share it (it keys the table PINs), and a secret\n' +
        "generated into one instance's data folder is not shared — nor kept when a container is\n" +
        'replaced. Set PLATO_SECRET (at least 32 characters, e.g. `openssl rand -base64 32`) on\n' +
        `every instance. If an instance already ran without it, use the one it kept in ${config.dataDir}/secret.`,
    );
  }
  const db = openDatabase(config.databaseUrl, options);
  try {
    await migrateToLatest(db.kysely, options.schema);
    const ctx: AppContext = createContext({ db: db.kysely, dialect: db.dialect, config, poolUse: db.poolUse });
    await checkSecretFingerprint(ctx);
    const seeded = config.seed === 'demo' ? await seedDemoIfEmpty(ctx) : false;
    const demo = await findDemo(ctx);
    if (demo && config.env === 'production') {
      throw new StartupRefusal(
        `This database holds the demo restaurant ("${DEMO.slug}"), whose staff password is public\n` +
          '(it is printed in the README and at every development start). NODE_ENV=production refuses\n' +
          'to serve it: start production on a fresh database (PLATO_SEED is ignored there), or run\n' +
          'without NODE_ENV=production to keep trying the demo.',
      );
    }
    return { ctx, db, seeded, demo };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/**
 * What the database keeps of the secret: an HMAC of a fixed label keyed by it,
 * which tells two secrets apart and gives nothing away about either.
 */
export const secretFingerprint = (secret: string): string =>
  createHmac('sha256', secret).update('plato:secret-fingerprint:v1').digest('hex');

/**
 * The first start records the secret's fingerprint; every later start, of any
 * instance, must match it. Without this, instances that each generated their
 * own secret would start fine and then refuse every PIN set on another one.
 */
async function checkSecretFingerprint(ctx: AppContext): Promise<void> {
  const mine = secretFingerprint(ctx.config.secret);
  const recorded = await recordInstallationValue(ctx.db, 'secret_fingerprint', mine);
  if (recorded === mine) return;
  const source =
    ctx.config.secretSource === 'env' ? 'PLATO_SECRET' : `the secret generated in ${ctx.config.dataDir}/secret`;
  throw new StartupRefusal(
    `${source} is not the secret this database was first started with.\n` +
      'Every instance serving one database must share one PLATO_SECRET: it keys the table PINs, so\n' +
      'instances with different secrets would refuse the PINs each other set. Start this instance with\n' +
      'the PLATO_SECRET the others use (or, for a single instance, the one it kept in its data folder).',
  );
}

async function findDemo(ctx: AppContext): Promise<Started['demo']> {
  const demo = await findRestaurantBySlug(ctx.db, DEMO.slug);
  return demo && { restaurantId: demo.id, tableToken: await firstTableToken(ctx.db, demo.id) };
}
