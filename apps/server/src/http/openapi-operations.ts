import { ERROR_STATUS, type ErrorCode, Problem } from '@plato/contracts';
import type { FastifySchema } from 'fastify';
import type { Access } from './access.ts';
import { GUEST_COOKIE, STAFF_COOKIE } from './cookies.ts';

/*
 * What the OpenAPI document says about one operation, derived from the route's
 * own declaration (method, path, `config.access`, schema) so that a new route
 * is documented the moment it is registered, and the document cannot say
 * anything about authentication that the access guard does not enforce.
 */

/** Security scheme names: the cookies themselves, as an integrator sees them in a browser. */
export const SECURITY_SCHEMES = {
  [STAFF_COOKIE]: {
    type: 'apiKey',
    in: 'cookie',
    name: STAFF_COOKIE,
    description: 'Set by `POST /api/v1/auth/login`; HttpOnly, SameSite=Lax. Revoked by logout or a role change.',
  },
  [GUEST_COOKIE]: {
    type: 'apiKey',
    in: 'cookie',
    name: GUEST_COOKIE,
    description:
      "Set by `POST /api/v1/public/tables/{qrToken}/join` with the table's PIN; HttpOnly, SameSite=Lax; " +
      'ends with the session, or after 8 hours.',
  },
} as const;

/**
 * A stable camelCase operationId from the method and path: the method, then
 * the path's literal words, then `by<Param>` when the path ends in a
 * parameter (`GET /api/v1/admin/items/:id` → `getAdminItemsById`,
 * `POST /api/v1/sessions/:id/payments` → `postSessionsPayments`). It changes
 * only when the path does; a route whose derived name collides with another's
 * sets `schema.operationId` itself (the app refuses to start otherwise).
 */
export function operationIdOf(method: string, url: string): string {
  const segments = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean);
  const words = [method.toLowerCase()];
  segments.forEach((segment, i) => {
    const param = /^[:{]([^}]+)}?$/.exec(segment);
    if (!param) words.push(...segment.split(/[^A-Za-z0-9]+/));
    else if (i === segments.length - 1) words.push('by', ...param[1]!.split(/[^A-Za-z0-9]+/));
  });
  return words
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
}

/** The operation's `security`: the one cookie its access takes, or none at all for a public route. */
export function securityOf(access: Access): { [scheme: string]: string[] }[] {
  if (access.kind === 'public') return [];
  return [{ [access.kind === 'staff' ? STAFF_COOKIE : GUEST_COOKIE]: [] }];
}

/** Who may call the operation, in words, for its description. */
export function accessDescription(access: Access): string {
  if (access.kind === 'public') return '**Who may call:** anyone; no credentials.';
  if (access.kind === 'guest')
    return '**Who may call:** a guest of the table session (the `plato_guest` cookie from joining with the PIN).';
  return `**Who may call:** staff with the role ${access.roles.join(', ')} (the \`plato_staff\` cookie from signing in).`;
}

/**
 * Error statuses every route of this shape can answer, whether or not the
 * route lists them: 400 when it validates any input, 401 when it needs
 * credentials, 403 when it needs a staff role, 404 when its path names
 * something (an unknown id, or another restaurant's).
 */
export function impliedErrorStatuses(access: Access, schema: FastifySchema | undefined): number[] {
  const statuses: number[] = [];
  if (schema?.params || schema?.querystring || schema?.body || schema?.headers) statuses.push(400);
  if (access.kind !== 'public') statuses.push(401);
  if (access.kind === 'staff') statuses.push(403);
  if (schema?.params) statuses.push(404);
  return statuses;
}

/** The route's response schemas with its implied error statuses added (as the problem body). */
export function withImpliedErrors(access: Access, schema: FastifySchema | undefined): Record<string, unknown> {
  const response = { ...((schema?.response ?? {}) as Record<string, unknown>) };
  for (const status of impliedErrorStatuses(access, schema)) response[status] ??= Problem;
  return response;
}

/** The error codes a status carries, from the one code → status table. */
export function codesOfStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);
}
