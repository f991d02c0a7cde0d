import { STATUS_CODES } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import {
  SECURITY_SCHEMES,
  accessDescription,
  codesOfStatus,
  operationIdOf,
  securityOf,
  withImpliedErrors,
} from './openapi-operations.ts';

/** One tag per domain; a route's tag must be here (the OpenAPI test says so), so the docs can describe it. */
export const TAGS: readonly OpenAPIV3_1.TagObject[] = [
  { name: 'auth', description: 'Staff sign-in and sign-out, and who is signed in.' },
  { name: 'admin', description: "The restaurant's settings: currency, tax, service charge, PIN length, approval." },
  { name: 'admin: staff', description: 'Staff accounts and their roles.' },
  {
    name: 'admin: menu',
    description: 'Stations, categories, items, modifier groups and options, photos, availability.',
  },
  { name: 'tables', description: 'Tables, their QR tokens and printable QR codes.' },
  {
    name: 'public',
    description: "What a table's QR code or a receipt link opens without signing in; joining a table.",
  },
  { name: 'sessions', description: 'Table sessions: open, new PIN, move, close.' },
  { name: 'guest', description: "The guest's phone: session, menu, cart, orders, calls, bill, online payment." },
  { name: 'orders', description: 'Orders by staff: placing for a table, approval, holding and firing courses.' },
  {
    name: 'kitchen',
    description: 'The kitchen display: tickets by station, line status, all-day counts, expo, ready food.',
  },
  { name: 'calls', description: 'Guests calling the waiter or asking for the bill.' },
  {
    name: 'billing',
    description: 'Bills, splits, discounts, payments, refunds, receipts and payment-provider webhooks.',
  },
  { name: 'floor', description: "Every table's state at a glance, for waiters and cashiers." },
  { name: 'reports', description: 'Reports for managers, from the same ledger as the bills.' },
  { name: 'audit', description: 'The append-only audit log of sensitive actions.' },
];

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/**
 * Serves the OpenAPI document at /api/openapi.json and the interactive docs at
 * /api/docs. Schemas come from the zod contracts that validate requests; an
 * operation's id, security, who may call it and the errors it can answer come
 * from the route's declaration (see openapi-operations.ts).
 */
export async function registerOpenApi(app: FastifyInstance, settings: { publicUrl: string }): Promise<void> {
  const operationIds = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') || route.schema?.hide) return;
    // Fastify adds a HEAD route beside each GET: it is documented by its GET.
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    if (methods.length !== 1)
      throw new Error(`Route ${route.url} must declare one method per route (for its operationId)`);
    const id = route.schema?.operationId ?? operationIdOf(methods[0]!, route.url);
    const taken = operationIds.get(id);
    if (taken)
      throw new Error(
        `Routes ${taken} and ${methods[0]} ${route.url} both make the operationId ${id}: set schema.operationId`,
      );
    operationIds.set(id, `${methods[0]} ${route.url}`);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Plato API',
        version: '1',
        description:
          'QR-code table ordering. Staff authenticate with the `plato_staff` cookie, guests with `plato_guest`; ' +
          'each operation says which, and which roles. Errors are application/problem+json with a stable `code`. ' +
          'Idempotency keys, pagination, live events and webhook signatures: docs/integrating.md in the Plato repository.',
        contact: { name: 'Plato', url: 'https://plato.dev' },
        license: { name: 'Proprietary', identifier: 'LicenseRef-Plato-Proprietary' },
      },
      servers: [{ url: settings.publicUrl, description: 'This installation (PLATO_PUBLIC_URL)' }],
      tags: [...TAGS],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: (input) => {
      const { schema, url, route } = input;
      const access = route.config?.access;
      if (!url.startsWith('/api/v1/') || !access || schema?.hide) return jsonSchemaTransform(input);
      const method = [route.method].flat().find((m) => m !== 'HEAD')!;
      const description = [schema?.description, accessDescription(access)].filter(Boolean).join('\n\n');
      return jsonSchemaTransform({
        ...input,
        schema: {
          ...schema,
          operationId: schema?.operationId ?? operationIdOf(method, url),
          security: securityOf(access),
          description,
          response: withImpliedErrors(access, schema),
        },
      });
    },
    transformObject: (input) => {
      const document = jsonSchemaTransformObject(input) as OpenAPIV3_1.Document;
      describeResponses(document);
      return pruneComponents(document);
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { withCredentials: true } });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** Every error answer as problem+json with the codes its status carries; success answers named by their status. */
function describeResponses(document: OpenAPIV3_1.Document): void {
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      const responses = (operation as OpenAPIV3_1.OperationObject).responses ?? {};
      for (const [key, response] of Object.entries(responses) as [string, OpenAPIV3_1.ResponseObject][]) {
        const status = Number(key);
        if (status < 400) {
          if (response.description === 'Default Response') response.description = STATUS_CODES[status] ?? key;
          continue;
        }
        const codes = codesOfStatus(status);
        response.description = `${STATUS_CODES[status]}: problem details with \`code\` ${codes.join(' or ')}`;
        response.content = { 'application/problem+json': { schema: PROBLEM_REF } };
        if (status === 429) {
          response.headers = {
            'Retry-After': { description: 'Seconds until a new attempt may succeed', schema: { type: 'integer' } },
          };
        }
      }
    }
  }
}

/**
 * Drops what no operation uses: the zod provider emits an input and an output
 * variant of every named schema, and an output-only one's input twin (or the
 * other way round) would be listed for nothing. `$id` and `$schema` go too:
 * the zod converter stamps them on each component, and `$id` with a fragment
 * is not valid JSON Schema 2020-12 (a validator fed the document chokes on it).
 */
function pruneComponents(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = /^#\/components\/schemas\/(.+)$/.exec(value)?.[1];
          if (name && !used.has(name) && schemas[name]) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(value);
      }
    }
  };
  visit(document.paths);
  const kept = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => used.has(name))
      .map(([name, schema]) => {
        const { $id: _id, $schema: _schema, ...rest } = schema;
        return [name, rest];
      }),
  );
  return { ...document, components: { ...document.components, schemas: kept } };
}
