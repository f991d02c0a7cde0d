import type { FastifyInstance } from 'fastify';
import { ZodType } from 'zod';

/** What `watchResponseContracts` saw: the answers it parsed by route and status, and those that broke their schema. */
export interface ContractWatch {
  checked: Map<string, Set<number>>;
  violations: string[];
}

/**
 * Parses every JSON answer the app sends with the zod schema its route
 * declares for that status — the contract the OpenAPI document publishes —
 * whatever serializer wrote it. Guest routes are written by serializers
 * compiled from JSON Schema (http/response-serializers.ts), which trust the
 * data they get, so this is what proves their answers still keep the
 * contracts.
 */
export function watchResponseContracts(app: FastifyInstance): ContractWatch {
  const watch: ContractWatch = { checked: new Map(), violations: [] };
  app.addHook('onSend', async (request, reply, payload) => {
    const schemas = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
    const schema = schemas?.[reply.statusCode];
    // Files, CSV and compressed bodies are not JSON to parse here; a 304 has no body.
    const type = String(reply.getHeader('content-type') ?? '');
    if (!(schema instanceof ZodType) || !type.includes('json') || reply.getHeader('content-encoding')) return payload;
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (text === null || text === '') return payload;
    const route = `${request.method} ${request.routeOptions.url}`;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      watch.violations.push(`${route} ${reply.statusCode}: not JSON\n  ${text.slice(0, 300)}`);
      return payload;
    }
    const result = schema.safeParse(body);
    if (result.success) {
      const statuses = watch.checked.get(route) ?? new Set<number>();
      statuses.add(reply.statusCode);
      watch.checked.set(route, statuses);
    } else {
      watch.violations.push(
        `${route} ${reply.statusCode}: ${result.error.message.slice(0, 400)}\n  ${text.slice(0, 300)}`,
      );
    }
    return payload;
  });
  return watch;
}
