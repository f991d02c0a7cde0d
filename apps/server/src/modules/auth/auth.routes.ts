import { LoginRequest, Problem, StaffResponse } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { PUBLIC, ROLES } from '../../http/access.ts';
import { STAFF_COOKIE, clearAuthCookie, setAuthCookie } from '../../http/cookies.ts';
import { originOf, requireStaff } from '../../http/request-context.ts';
import { login } from './auth.service.ts';
import { deleteStaffSession } from '../staff/staff-sessions.repository.ts';

export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/auth/login', {
    config: { access: PUBLIC },
    schema: {
      tags: ['auth'],
      summary: 'Staff sign-in; sets the plato_staff cookie',
      body: LoginRequest,
      response: { 200: StaffResponse, 401: Problem, 429: Problem },
    },
    handler: async (request, reply) => {
      const result = await login(ctx, request.body, originOf(request));
      setAuthCookie(request, reply, STAFF_COOKIE, result.token, result.expiresAt);
      return { staff: result.staff };
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { access: ROLES.anyStaff },
    schema: { tags: ['auth'], summary: 'Revokes this staff session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const { sessionId } = requireStaff(request);
      await deleteStaffSession(ctx.db, sessionId);
      ctx.live.staffAccessChanged({ staffSessionId: sessionId });
      clearAuthCookie(reply, STAFF_COOKIE);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/auth/me', {
    config: { access: ROLES.anyStaff },
    schema: { tags: ['auth'], summary: 'The signed-in member of staff', response: { 200: StaffResponse } },
    handler: async (request) => {
      const s = requireStaff(request);
      return { staff: { id: s.id, name: s.name, role: s.role, restaurantId: s.restaurantId } };
    },
  });
}
