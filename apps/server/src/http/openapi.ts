import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** The OpenAPI document is generated from the same zod schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Plato API',
        version: '1',
        description:
          'QR-code table ordering. Staff authenticate with the `plato_staff` cookie, guests with `plato_guest`. ' +
          'Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          staffCookie: { type: 'apiKey', in: 'cookie', name: 'plato_staff' },
          guestCookie: { type: 'apiKey', in: 'cookie', name: 'plato_guest' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { withCredentials: true } });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
