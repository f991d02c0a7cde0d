import { describe, expect, it } from 'vitest';
import { listensBeyondLoopback, startBanner, type BannerInput } from './start-banner.ts';

const base: BannerInput = {
  env: 'development',
  host: '0.0.0.0',
  publicUrl: 'http://localhost:3000',
  database: 'SQLite (./data/plato.sqlite)',
  demo: undefined,
};
const demo = { tableToken: 'tok123' };

describe('start banner', () => {
  it('knows loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1'])
      expect(listensBeyondLoopback(host), host).toBe(false);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'plato.example.com', ''])
      expect(listensBeyondLoopback(host), host).toBe(true);
  });

  it('warns loudly when the demo restaurant is reachable beyond this machine', () => {
    const text = startBanner({ ...base, demo });
    expect(text).toMatch(/WARNING/);
    expect(text).toMatch(/demo/);
    expect(text).toMatch(/HOST=127\.0\.0\.1/);
    expect(text).toMatch(/PLATO_SEED=none/);
  });

  it('does not warn on loopback, nor without the demo', () => {
    expect(startBanner({ ...base, host: '127.0.0.1', demo })).not.toMatch(/WARNING/);
    expect(startBanner(base)).not.toMatch(/WARNING/);
  });

  it('prints the demo logins outside production only, and the guest link whenever there is a demo table', () => {
    const dev = startBanner({ ...base, host: '127.0.0.1', demo });
    expect(dev).toContain('plato-demo');
    expect(dev).toContain('http://localhost:3000/t/tok123');
    expect(startBanner({ ...base, env: 'production', demo })).not.toContain('plato-demo');
  });
});
