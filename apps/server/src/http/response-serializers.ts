import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

/**
 * Routes every guest phone calls many times a minute, and the bill and
 * payment routes a cashier's screen and every payment answer with a whole
 * bill (40 lines make zod's checked serialization the largest part of a
 * bill read's CPU): their answers are
 * written by serializers compiled once from the contracts' JSON Schema
 * (Fastify's own fast-json-stringify) instead of being validated by zod and
 * then stringified on every response. What the server builds there is typed
 * by the same contracts, and `test/response-contracts.test.ts` walks every
 * route and parses each answer with its zod schema, so the shapes cannot
 * drift unseen. Other routes keep zod's checked serialization.
 */
/** Whether a route's answers are written by a compiled serializer (the fuzz test proves each keeps its contract). */
export const isCompiledRoute = (url: string): boolean => COMPILED.test(url);
const COMPILED = /^\/api\/v1\/((guest|public)\/|sessions\/:id\/(bill|payments)$)/;

export const responseSerializerCompiler: FastifySerializerCompiler<ZodType> = (route) => {
  if (!isCompiledRoute(route.url)) return zodSerializerCompiler(route);
  const jsonSchema = z.toJSONSchema(route.schema, {
    target: 'draft-07',
    io: 'output',
    // The contracts' refinements and transforms stay with zod (the test checks them); the shape is what serializes.
    unrepresentable: 'any',
  });
  const stringify = fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
  return (data) => stringify(data);
};
