import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumPath } from './chromium.ts';

// Another port lets two checkouts on one machine run their specs at once.
const port = Number(process.env.PLATO_E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

// Workers load this file again; the env var makes them share the runner's folder
// instead of each creating an empty one. A fresh folder means a fresh demo database.
process.env.PLATO_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), `plato-e2e-${Date.now()}-`));
const dataDir = process.env.PLATO_E2E_DATA_DIR;

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Always, not only under CI: `.ci/run` does not set CI, and a stray `.only` goes green.
  forbidOnly: true,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
  // The root `test:e2e` script builds the web app and the server before this runs.
  webServer: {
    command: 'node ../apps/server/dist/server.js',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      // QR links and the live socket's origin check use this address.
      PLATO_PUBLIC_URL: baseURL,
      PLATO_DATA_DIR: dataDir,
      PLATO_SEED: 'demo',
      NODE_ENV: 'test',
    },
  },
});
