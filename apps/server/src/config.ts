import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { type PublicUrl, publicUrlOf } from './public-url.ts';

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PLATO_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  PLATO_SECRET: z.string().min(32, 'PLATO_SECRET must be at least 32 characters').optional(),
  PLATO_SEED: z.enum(['demo', 'none']).default('demo'),
  PLATO_PUBLIC_URL: z.url().optional(),
  /** Fastify's trustProxy: `true`, a hop count, or a comma-separated list of addresses/CIDRs. */
  PLATO_TRUST_PROXY: z.string().optional(),
  PLATO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The development payment provider ("dev pay"): on by default except in production, where it would let guests pay with nothing. */
  PLATO_DEV_PAY: z.enum(['on', 'off']).optional(),
  /** Its webhook secrets, comma-separated (several while one is rotated); unset: derived from PLATO_SECRET. */
  PLATO_DEV_PAY_WEBHOOK_SECRET: z.string().optional(),
  /** `GET /metrics` (Prometheus): off unless `1`, or unless a token is set, which scrapers must then send. */
  PLATO_METRICS: z.enum(['0', '1']).optional(),
  /** Empty counts as unset, as a compose file's `${PLATO_METRICS_TOKEN:-}` passes it. */
  PLATO_METRICS_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16, 'PLATO_METRICS_TOKEN must be at least 16 characters').optional(),
  ),
});

/** As Fastify takes it; a hop count becomes a function trusting that many proxies. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  secret: string;
  /** `env` when PLATO_SECRET was given; `generated` when it was made once and kept in the data folder. */
  secretSource: 'env' | 'generated';
  seed: 'demo' | 'none';
  publicUrl: string;
  /** Where `publicUrl` came from: PLATO_PUBLIC_URL, this machine's LAN address, or localhost. */
  publicUrlSource: PublicUrl['source'];
  trustProxy: TrustProxy;
  logLevel: string;
  devPay: {
    enabled: boolean;
    /** The first signs what the dev provider sends; any of them verifies (secret rotation). */
    webhookSecrets: string[];
  };
  /** `GET /metrics`: served when enabled; with a token, only to `Authorization: Bearer <token>`. */
  metrics: { enabled: boolean; token: string | undefined };
}

function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The secret keys PIN hashes and must survive restarts, so an unset one is generated once and kept. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Given secrets, or one derived from the installation's secret (never the secret itself: it keys PIN hashes). */
function devPaySecrets(given: string | undefined, secret: string): string[] {
  const list = (given ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : [createHmac('sha256', secret).update('plato dev-pay webhook').digest('base64url')];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.PLATO_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const secret = e.PLATO_SECRET ?? loadOrCreateSecret(dataDir);
  const publicUrl = publicUrlOf(e);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite://${join(dataDir, 'plato.sqlite')}`,
    redisUrl: e.REDIS_URL,
    secret,
    secretSource: e.PLATO_SECRET === undefined ? 'generated' : 'env',
    seed: e.PLATO_SEED,
    publicUrl: publicUrl.url,
    publicUrlSource: publicUrl.source,
    trustProxy: parseTrustProxy(e.PLATO_TRUST_PROXY),
    logLevel: e.PLATO_LOG_LEVEL,
    devPay: {
      enabled: (e.PLATO_DEV_PAY ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
      webhookSecrets: devPaySecrets(e.PLATO_DEV_PAY_WEBHOOK_SECRET, secret),
    },
    metrics: {
      enabled: e.PLATO_METRICS === '1' || (e.PLATO_METRICS === undefined && e.PLATO_METRICS_TOKEN !== undefined),
      token: e.PLATO_METRICS_TOKEN,
    },
  };
}
