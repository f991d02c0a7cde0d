import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';

/*
 * The origin printed on QR codes and in links when PLATO_PUBLIC_URL is not
 * set. A QR code that says `localhost` opens the phone's own localhost: on
 * a laptop serving every interface (the default), a real phone on the same
 * Wi-Fi must be sent to the laptop's LAN address instead.
 */

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

/** Private-network IPv4 first (what a phone on the same Wi-Fi reaches), then any other external IPv4. */
export function lanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | undefined {
  const v4 = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.'));
  const isPrivate = (a: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  return (v4.find((i) => isPrivate(i.address)) ?? v4[0])?.address;
}

export interface PublicUrl {
  url: string;
  /** env: PLATO_PUBLIC_URL; lan: this machine's LAN address; localhost: this machine only. */
  source: 'env' | 'lan' | 'localhost';
}

export function publicUrlOf(
  e: { PLATO_PUBLIC_URL?: string | undefined; HOST: string; PORT: number },
  lan: () => string | undefined = lanAddress,
): PublicUrl {
  if (e.PLATO_PUBLIC_URL) return { url: e.PLATO_PUBLIC_URL.replace(/\/$/, ''), source: 'env' };
  const address = ALL_INTERFACES.has(e.HOST) ? lan() : undefined;
  return address
    ? { url: `http://${address}:${e.PORT}`, source: 'lan' }
    : { url: `http://localhost:${e.PORT}`, source: 'localhost' };
}
