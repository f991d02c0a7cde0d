import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError, guestUnauthenticated } from '../errors.ts';
import { findStaffSession } from '../modules/staff/staff-sessions.repository.ts';
import { noteGuestSeen } from '../modules/sessions/guest-presence.ts';
import { findGuestByToken } from '../modules/sessions/guest-tokens.repository.ts';
import type { Access } from './access.ts';
import { GUEST_COOKIE, STAFF_COOKIE } from './cookies.ts';

export interface AccessEntry {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api/v1 route and who may call it: the role matrix test walks it. */
    accessTable: readonly AccessEntry[];
  }
}

/**
 * Enforces each route's declared `config.access` in `onRequest`, before the
 * body is parsed or validated: no credentials → 401, a role the route does
 * not list → 403, whatever the request says.
 */
export function registerAccessGuard(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('staff', null);
  app.decorateRequest('guest', null);
  app.decorateRequest('guestToken', null);
  const table: AccessEntry[] = [];
  app.decorate('accessTable', table);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access.kind === 'public') return;
    if (access.kind === 'staff') {
      const token = request.cookies[STAFF_COOKIE];
      const session = token ? await findStaffSession(ctx.db, token) : undefined;
      if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in as staff first');
      if (!access.roles.includes(session.role)) {
        throw new AppError('FORBIDDEN', `This needs one of the roles ${access.roles.join(', ')}`);
      }
      request.staff = {
        id: session.staffId,
        name: session.name,
        role: session.role,
        restaurantId: session.restaurantId,
        stationId: session.stationId,
        sessionId: session.sessionId,
      };
      return;
    }
    const token = request.cookies[GUEST_COOKIE];
    if (token && access.checkedByRoute) {
      request.guestToken = token;
      return;
    }
    const guest = token ? await findGuestByToken(ctx.db, token) : undefined;
    if (!guest) throw guestUnauthenticated();
    // Keeps the identity "live" (nobody may claim it by name); writes at most once a minute per guest.
    await noteGuestSeen(ctx.db, guest);
    request.guest = guest;
  });
}
