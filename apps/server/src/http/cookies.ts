import type { FastifyReply, FastifyRequest } from 'fastify';

export const STAFF_COOKIE = 'plato_staff';
export const GUEST_COOKIE = 'plato_guest';

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
