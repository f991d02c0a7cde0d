import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export type MenuEncoding = 'br' | 'gzip' | 'identity';

/** One guest menu (restaurant, version, locale) as the bytes sent: JSON, and compressed once, not per request. */
export interface ReadyMenu {
  /** The strong validator of the JSON; each encoding's ETag derives from it (see `etagOf`). */
  tag: string;
  bodies: Record<MenuEncoding, Buffer>;
}

/**
 * Compressed off the event loop (zlib's thread pool) and at the best ratio:
 * this runs once per menu change, while the bytes go out to every phone.
 */
export async function readyMenu(json: string): Promise<ReadyMenu> {
  const identity = Buffer.from(json);
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzipped(identity, { level: zlib.Z_BEST_COMPRESSION }),
  ]);
  const tag = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  return { tag, bodies: { br, gzip: gz, identity } };
}

/**
 * Strong ETags differ per representation (RFC 9110 §8.8.3), so the
 * compressed bodies carry a suffix; revalidation compares the menu's tag,
 * whichever encoding the cached copy had.
 */
export function etagOf(menu: ReadyMenu, encoding: MenuEncoding): string {
  return encoding === 'identity' ? `"${menu.tag}"` : `"${menu.tag}-${encoding}"`;
}

/** Whether an If-None-Match header names this menu (any encoding of it), per RFC 9110's weak comparison. */
export function matchesMenu(ifNoneMatch: string | undefined, menu: ReadyMenu): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((raw) => {
    const opaque = raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return opaque === menu.tag || opaque === `${menu.tag}-br` || opaque === `${menu.tag}-gzip`;
  });
}
