import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGS } from '../src/http/openapi.ts';
import { codesOfStatus } from '../src/http/openapi-operations.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * The served OpenAPI document against the access table the guard enforces:
 * every /api/v1 route is documented with a unique camelCase operationId, the
 * security its access takes (none for a public route), the roles that may
 * call it, a tag the document describes, and problem+json for every error
 * status, including the 400/401/403/404 its shape implies. A new route that
 * lacks any of this fails here (and redocly lint fails in npm run check).
 */
let t: TestApp;
let doc: OpenAPIV3_1.Document;
beforeAll(async () => {
  t = await createTestApp({ PLATO_PUBLIC_URL: 'https://order.plato.test' });
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(() => t.close());

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const operation = (method: string, url: string) =>
  (doc.paths?.[toOpenApiPath(url)] as Record<string, OpenAPIV3_1.OperationObject> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('documents exactly the routes the access guard knows, and nothing else', () => {
    const guarded = t.app.accessTable.map((e) => `${e.method} ${toOpenApiPath(e.url)}`).sort();
    const documented = Object.entries(doc.paths ?? {})
      .flatMap(([path, item]) => Object.keys(item ?? {}).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(guarded);
  });

  it('gives every operation a unique camelCase operationId, a described tag and a summary', () => {
    const ids = new Set<string>();
    const tagNames = new Set(TAGS.map((tag) => tag.name));
    for (const { method, url } of t.app.accessTable) {
      const op = operation(method, url)!;
      expect(op.operationId, `${method} ${url}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(ids.has(op.operationId!), `${op.operationId} is not unique`).toBe(false);
      ids.add(op.operationId!);
      expect(op.summary, `${method} ${url} has no summary`).toBeTruthy();
      expect(op.tags?.length, `${method} ${url} has no tag`).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(tagNames, `${method} ${url}: tag "${tag}" is not in TAGS`).toContain(tag);
    }
    expect(doc.tags?.map((tag) => tag.name)).toEqual([...tagNames]);
  });

  it("states each operation's security and roles from the guard's own access table", () => {
    for (const { method, url, access } of t.app.accessTable) {
      const op = operation(method, url)!;
      const where = `${method} ${url}`;
      if (access.kind === 'public') {
        expect(op.security, where).toEqual([]);
        expect(op.description, where).toContain('anyone; no credentials');
      } else if (access.kind === 'guest') {
        expect(op.security, where).toEqual([{ plato_guest: [] }]);
        expect(op.description, where).toContain('a guest of the table session');
      } else {
        expect(op.security, where).toEqual([{ plato_staff: [] }]);
        expect(op.description, where).toContain(`staff with the role ${access.roles.join(', ')} `);
      }
    }
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['plato_guest', 'plato_staff']);
  });

  it('answers 401 without credentials exactly where the document names a cookie', async () => {
    for (const { method, url } of t.app.accessTable) {
      const op = operation(method, url)!;
      const res = await t.app.inject({ method: method as 'GET', url: url.replace(/:[A-Za-z0-9_]+/g, 'x1') });
      if (op.security?.length) expect(res.statusCode, `${method} ${url}`).toBe(401);
      else expect(res.statusCode, `${method} ${url} takes no credential`).not.toBe(401);
    }
  });

  it('documents every error status as problem+json with its codes, and the ones the route shape implies', () => {
    for (const { method, url, access } of t.app.accessTable) {
      const op = operation(method, url)!;
      const where = `${method} ${url}`;
      const statuses = Object.keys(op.responses ?? {}).map(Number);
      expect(
        statuses.some((s) => s >= 400 && s < 500),
        `${where} has no 4xx`,
      ).toBe(true);
      expect(
        statuses.some((s) => s >= 200 && s < 300),
        `${where} has no 2xx`,
      ).toBe(true);
      if (access.kind !== 'public') expect(statuses, where).toContain(401);
      if (access.kind === 'staff') expect(statuses, where).toContain(403);
      if (url.includes('/:')) expect(statuses, where).toContain(404);
      for (const status of statuses.filter((s) => s >= 400)) {
        const response = op.responses![status] as OpenAPIV3_1.ResponseObject;
        expect(response.content, `${where} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
        for (const code of codesOfStatus(status)) expect(response.description, `${where} ${status}`).toContain(code);
      }
    }
  });

  it('names the installation as its server, with a license and a contact', () => {
    expect(doc.servers).toEqual([{ url: 'https://order.plato.test', description: expect.any(String) }]);
    expect(doc.info.license?.name).toBeTruthy();
    expect(doc.info.contact?.url).toBeTruthy();
  });

  it('lists only the component schemas some operation uses, without stray $id', () => {
    const text = JSON.stringify(doc.paths);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      expect(schema, name).not.toHaveProperty('$id');
      const usedDirectly = text.includes(`"#/components/schemas/${name}"`);
      const usedByAnother = JSON.stringify(doc.components?.schemas).includes(`"#/components/schemas/${name}"`);
      expect(usedDirectly || usedByAnother, `${name} is unused`).toBe(true);
    }
  });
});
