import { IdParams, LIMITS, MenuItemResponse, Problem } from '@plato/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { NoContent, NoQuery, PROBLEMS, TAGS as tags } from './menu.schemas.ts';
import { removeItemPhoto, setItemPhoto } from './photos.service.ts';

const PHOTO_FIELD = 'photo';
const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', `The photo must not exceed ${LIMITS.photoMaxBytes / (1024 * 1024)} MiB`);

/**
 * Reads the one file field `photo` of a multipart/form-data body into memory
 * (bounded by the multipart fileSize limit set in app.ts). A body that is not
 * multipart answers 415 (via the error handler); a missing field 400.
 */
async function readPhoto(request: FastifyRequest): Promise<Buffer> {
  const part = await request.file();
  if (!part || part.fieldname !== PHOTO_FIELD) {
    if (part) await part.toBuffer().catch(() => undefined);
    const message = `a file field named "${PHOTO_FIELD}" is required`;
    throw new AppError('VALIDATION_FAILED', `Send the image as multipart/form-data with ${message}`, {
      errors: [{ path: `body.${PHOTO_FIELD}`, message }],
    });
  }
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw err;
  }
  if (part.file.truncated) throw tooLarge();
  return bytes;
}

export async function photosRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put('/api/v1/admin/items/:id/photo', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Set an item’s photo: multipart/form-data with one file field `photo` (JPEG, PNG or WebP)',
      consumes: ['multipart/form-data'],
      params: IdParams,
      querystring: NoQuery,
      response: { 200: MenuItemResponse, ...PROBLEMS, 413: Problem, 415: Problem },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      const bytes = await readPhoto(request);
      return { item: await setItemPhoto(ctx, restaurantId, request.params.id, bytes, staffActor(request)) };
    },
  });

  r.delete('/api/v1/admin/items/:id/photo', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Remove an item’s photo',
      params: IdParams,
      querystring: NoQuery,
      response: { 204: NoContent, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      await removeItemPhoto(ctx, requireStaff(request).restaurantId, request.params.id, staffActor(request));
      return reply.status(204).send(null);
    },
  });
}
