import type { NetworkInterfaceInfo } from 'node:os';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { lanAddress, publicUrlOf } from './public-url.ts';
import { startBanner } from './start-banner.ts';

const nic = (address: string, more: Partial<NetworkInterfaceInfo> = {}): NetworkInterfaceInfo =>
  ({
    address,
    family: 'IPv4',
    internal: false,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...more,
  }) as NetworkInterfaceInfo;

describe('the public URL when PLATO_PUBLIC_URL is not set', () => {
  it("is this machine's LAN address when it serves every interface, so a phone's scan reaches it", () => {
    const lan = () => '192.168.1.20';
    expect(publicUrlOf({ HOST: '0.0.0.0', PORT: 3000 }, lan)).toEqual({
      url: 'http://192.168.1.20:3000',
      source: 'lan',
    });
    expect(publicUrlOf({ HOST: '::', PORT: 8080 }, lan)).toEqual({ url: 'http://192.168.1.20:8080', source: 'lan' });
    // This machine only, or no network at all: localhost.
    expect(publicUrlOf({ HOST: '127.0.0.1', PORT: 3000 }, lan)).toEqual({
      url: 'http://localhost:3000',
      source: 'localhost',
    });
    expect(publicUrlOf({ HOST: '0.0.0.0', PORT: 3000 }, () => undefined).source).toBe('localhost');
    // The operator's own origin always wins.
    expect(publicUrlOf({ PLATO_PUBLIC_URL: 'https://order.example.com/', HOST: '0.0.0.0', PORT: 3000 }, lan)).toEqual({
      url: 'https://order.example.com',
      source: 'env',
    });
  });

  it('prefers a private network address, and never loopback or link-local', () => {
    expect(
      lanAddress({
        lo: [nic('127.0.0.1', { internal: true })],
        docker0: [nic('169.254.3.4')],
        eth0: [nic('203.0.113.9'), nic('fe80::1', { family: 'IPv6' })],
        wlan0: [nic('10.0.0.7')],
      }),
    ).toBe('10.0.0.7');
    expect(lanAddress({ eth0: [nic('203.0.113.9')] })).toBe('203.0.113.9');
    expect(lanAddress({ lo: [nic('127.0.0.1', { internal: true })] })).toBeUndefined();
  });

  it('prints table 1 as a QR code in the banner, and says so when links cannot reach a phone', async () => {
    const url = 'http://192.168.1.20:3000/t/tok123';
    const tableQr = await QRCode.toString(url, { type: 'terminal', small: true });
    const text = startBanner({
      env: 'development',
      host: '0.0.0.0',
      publicUrl: 'http://192.168.1.20:3000',
      publicUrlSource: 'lan',
      database: 'SQLite',
      demo: { tableToken: 'tok123' },
      tableQr,
    });
    expect(text).toContain(url);
    expect(text).toContain('Scan it with a phone');
    // Every row of the code, indented, in order.
    const rows = tableQr.trimEnd().split('\n');
    expect(rows.length).toBeGreaterThan(10);
    expect(text).toContain(rows.map((r) => `  ${r}`).join('\n'));
    const lost = startBanner({
      env: 'development',
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      publicUrlSource: 'localhost',
      database: 'SQLite',
      demo: { tableToken: 'tok123' },
    });
    expect(lost).toMatch(/Set PLATO_PUBLIC_URL/);
  });
});
