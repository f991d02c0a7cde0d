import { isIP } from 'node:net';
import { DEMO } from './modules/demo/demo.data.ts';

export interface BannerInput {
  env: 'development' | 'production' | 'test';
  host: string;
  publicUrl: string;
  /** How the database is named to the operator, e.g. `SQLite (./data/plato.sqlite)`. */
  database: string;
  demo: { tableToken: string | undefined } | undefined;
  /** Table 1's link as a QR code drawn in the terminal, for a phone to scan (when the link reaches beyond this machine). */
  tableQr?: string | undefined;
  /** Where `publicUrl` came from (lan: this machine's LAN address, so a phone on the same network can open it). */
  publicUrlSource?: 'env' | 'lan' | 'localhost';
}

/** True unless `host` is this machine only (127.0.0.0/8, ::1, localhost). */
export function listensBeyondLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^::ffff:/, '');
  if (h === 'localhost' || h === '::1') return false;
  return !(isIP(h) === 4 && h.startsWith('127.'));
}

/**
 * What `npm start` prints once listening. The demo restaurant's password is
 * public, so when it is served beyond this machine (HOST 0.0.0.0, the
 * default, or any other address) the banner says so first and loudest.
 */
export function startBanner(input: BannerInput): string {
  const base = input.publicUrl;
  const lines = [
    '',
    `  Plato is running on ${input.database}`,
    '',
    `  Web app        ${base}/`,
    `  Staff sign-in  ${base}/staff/login`,
    `  API docs       ${base}/api/docs`,
  ];
  if (input.demo) {
    if (input.demo.tableToken) lines.push(`  Guest, table 1 ${base}/t/${input.demo.tableToken}`);
    if (input.tableQr) {
      lines.push('', '  Scan it with a phone on the same network:', '');
      lines.push(
        ...input.tableQr
          .trimEnd()
          .split('\n')
          .map((row) => `  ${row}`),
      );
    }
    if (input.publicUrlSource === 'localhost' && listensBeyondLoopback(input.host))
      lines.push(
        '',
        '  (No network address found: links say localhost, which a phone cannot open. Set PLATO_PUBLIC_URL.)',
      );
    if (input.env !== 'production') {
      lines.push('', `  Demo logins (restaurant "${DEMO.slug}", password "${DEMO.password}"):`);
      for (const s of DEMO.staff) lines.push(`    ${s.role.padEnd(8)} ${s.email}`);
    }
    if (listensBeyondLoopback(input.host)) {
      const rule = '  ' + '!'.repeat(76);
      lines.unshift(
        '',
        rule,
        `  WARNING: the demo restaurant "${DEMO.slug}" is served on ${input.host || 'every interface'},`,
        '  beyond this machine, and its staff password is public (it is in the README):',
        '  anyone who can reach this server can sign in as its admin.',
        '  To try the demo, listen on this machine only (HOST=127.0.0.1).',
        '  To run for real, start on a fresh database with PLATO_SEED=none and',
        '  NODE_ENV=production.',
        rule,
      );
    }
  }
  return lines.join('\n') + '\n\n';
}
