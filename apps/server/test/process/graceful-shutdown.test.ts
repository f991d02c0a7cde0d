import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverEntry = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

// The whole process, as operators run it: start, serve, SIGTERM, exit 0. Runs once, on SQLite (vitest.config.ts).
describe('server process', () => {
  it('starts on an empty data folder, seeds the demo, serves, and exits cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plato-proc-'));
    const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        PLATO_DATA_DIR: dataDir,
        PLATO_LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain('Demo logins');
      expect(out).toMatch(/Guest, table 1 +http:\/\/localhost:0\/t\/[\w-]{22}/);
      expect(out).toContain('admin@demo.plato');
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
