import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered ids: index-friendly and usable as a paging cursor. */
export const newId = (): string => v7();

/** A random, URL-safe token of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Bearer tokens are stored only as their SHA-256, so a database leak grants nothing. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const nowIso = (): string => new Date().toISOString();

export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);
