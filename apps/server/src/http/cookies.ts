import type { FastifyReply, FastifyRequest } from 'fastify';

export const STAFF_COOKIE = 'plato_staff';
export const GUEST_COOKIE = 'plato_guest';
/** The device key: long-lived, apart from the guest cookie, so a phone that lost its guest cookie keeps its identity. */
export const DEVICE_COOKIE = 'plato_device';
/** Browsers cap cookie lifetimes at about 400 days anyway. */
const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

/** Secure only when the request came over HTTPS (directly or via a trusted proxy), so plain-HTTP local runs still work. */
export function setAuthCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  token: string,
  expires: Date,
): void {
  reply.setCookie(name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires,
  });
}

export function clearAuthCookie(reply: FastifyReply, name: string): void {
  reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax' });
}

/** Only the join route reads it, so it goes to /api alone, never to pages or assets. */
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, deviceKey: string): void {
  reply.setCookie(DEVICE_COOKIE, deviceKey, {
    path: '/api',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  });
}
