import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { newId } from '../../db/ids.ts';

/** The image formats every phone browser shows, recognised by their signature, never by the client's claim. */
export type PhotoExtension = 'jpg' | 'png' | 'webp';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectPhotoType(bytes: Buffer): PhotoExtension | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return undefined;
}

/** app.ts serves this folder at /media/. */
export const mediaRoot = (dataDir: string): string => resolve(dataDir, 'media');

/**
 * Stores the bytes under a fresh unique name, `<restaurantId>/<id>.<ext>`,
 * which is what `image_path` holds. A name is never reused, so the file can
 * be cached forever.
 */
export async function writePhotoFile(
  dataDir: string,
  restaurantId: string,
  bytes: Buffer,
  ext: PhotoExtension,
): Promise<string> {
  await mkdir(join(mediaRoot(dataDir), restaurantId), { recursive: true });
  const imagePath = `${restaurantId}/${newId()}.${ext}`;
  await writeFile(join(mediaRoot(dataDir), imagePath), bytes, { flag: 'wx' });
  return imagePath;
}

/** Removes a stored photo; one already gone is not an error, and nothing outside the media folder is touched. */
export async function removePhotoFile(dataDir: string, imagePath: string): Promise<void> {
  const root = mediaRoot(dataDir);
  const file = resolve(root, imagePath);
  if (!file.startsWith(root + sep)) return;
  await unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
