import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { dataFolder, serverDatabase, startServerProcess } from './server-child.ts';

// The decisions themselves are tested in test/startup.test.ts; this is how a refusal reaches the operator.
describe('server process refusing to start', () => {
  it('on a database holding the demo under NODE_ENV=production: a plain message and exit 1, never listening', async () => {
    const dataDir = dataFolder();
    const database = await serverDatabase(dataDir);
    const { db } = await bootstrap(
      loadConfig({ PLATO_DATA_DIR: dataDir, NODE_ENV: 'development', PLATO_SEED: 'demo', ...database.env }),
    );
    await db.close();
    const { output, exited } = startServerProcess({
      dataDir,
      port: 0,
      env: { ...database.env, NODE_ENV: 'production' },
    });
    expect(await exited).toBe(1);
    expect(output()).toContain('Plato cannot start');
    expect(output()).toContain('demo restaurant');
    expect(output()).not.toContain('Plato is running');
    expect(output()).not.toMatch(/\n\s+at /); // no stack trace
  });
});
