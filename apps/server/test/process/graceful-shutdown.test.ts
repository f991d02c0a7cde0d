import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from './server-child.ts';

// The whole process, as operators run it: start, serve, SIGTERM, exit 0. Runs once, on SQLite (vitest.config.ts).
describe('server process', () => {
  it('starts on an empty data folder, seeds the demo, serves, and exits cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plato-proc-'));
    const { child, output, exited } = startServerProcess({ dataDir, port: 0 });
    try {
      await expect.poll(output, { timeout: 20_000 }).toContain('Demo logins');
      const out = output();
      expect(out).toMatch(/Guest, table 1 +http:\/\/localhost:0\/t\/[\w-]{22}/);
      expect(out).toContain('admin@demo.plato');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
