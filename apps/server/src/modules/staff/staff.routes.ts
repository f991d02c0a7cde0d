import {
  CreateStaffRequest,
  IdParams,
  Problem,
  StaffAccountListResponse,
  StaffAccountResponse,
  UpdateStaffRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { createStaffAccount, updateStaffAccount } from './staff.service.ts';
import { findStaff, listStaff } from './staff.repository.ts';

export async function staffRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin: staff'];

  // API.md: MANAGER reads every admin list (to know who is on shift); only ADMIN changes accounts.
  r.get('/api/v1/admin/staff', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'Staff accounts (never with password hashes)',
      response: { 200: StaffAccountListResponse },
    },
    handler: async (request) => ({ staff: await listStaff(ctx.db, requireStaff(request).restaurantId) }),
  });

  r.post('/api/v1/admin/staff', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Create a staff account',
      body: CreateStaffRequest,
      response: { 201: StaffAccountResponse, 400: Problem, 409: Problem },
    },
    handler: async (request, reply) => {
      const staff = await createStaffAccount(
        ctx,
        requireStaff(request).restaurantId,
        request.body,
        staffActor(request),
      );
      return reply.status(201).send({ staff });
    },
  });

  r.get('/api/v1/admin/staff/:id', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'One staff account',
      params: IdParams,
      response: { 200: StaffAccountResponse, 404: Problem },
    },
    handler: async (request) => {
      const staff = await findStaff(ctx.db, requireStaff(request).restaurantId, request.params.id);
      if (!staff) throw notFound('Staff account');
      return { staff };
    },
  });

  r.patch('/api/v1/admin/staff/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Rename, change role, (de)activate or reset the password',
      params: IdParams,
      body: UpdateStaffRequest,
      response: { 200: StaffAccountResponse, 400: Problem, 404: Problem, 409: Problem },
    },
    handler: async (request) => {
      const staff = await updateStaffAccount(
        ctx,
        requireStaff(request).restaurantId,
        request.params.id,
        request.body,
        staffActor(request),
      );
      return { staff };
    },
  });
}
