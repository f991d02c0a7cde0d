import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { createContext } from '../src/wiring.ts';

/*
 * Writes the OpenAPI document exactly as the server serves it at
 * /api/openapi.json, for `npm run lint:openapi` (redocly lints the file).
 * The app is built on a throwaway SQLite database and never listens.
 * Usage: tsx apps/server/scripts/write-openapi.ts <out.json>
 */
const out = process.argv[2];
if (!out) throw new Error('usage: write-openapi.ts <out.json>');

const dataDir = mkdtempSync(join(tmpdir(), 'plato-openapi-'));
try {
  const config = loadConfig({
    NODE_ENV: 'test',
    PLATO_DATA_DIR: dataDir,
    PLATO_SEED: 'none',
    PLATO_LOG_LEVEL: 'silent',
    PLATO_SECRET: 'openapi-document-only-openapi-document-only',
    // An installation's public origin (lint flags localhost, the default, as no place to send integrators).
    PLATO_PUBLIC_URL: process.env.PLATO_PUBLIC_URL ?? 'https://plato.test',
  });
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db.kysely);
  const app = await buildApp(createContext({ db: db.kysely, dialect: db.dialect, config }), { logger: false });
  await app.ready();
  const res = await app.inject({ url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}: ${res.body}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(res.json(), null, 2)}\n`);
  await app.close();
  await db.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
