import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';

const pointer = (...tokens: string[]) =>
  tokens.map((t) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/**
 * Checks an answer against what the OpenAPI document says that operation
 * answers: the status is listed, the media type is listed for it, and the
 * body validates against its schema (components resolved in the document).
 * Returns what is wrong, or undefined.
 */
export function documentedResponseChecker(doc: OpenAPIV3_1.Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  ajv.addSchema(doc as object, 'openapi');
  return (method: string, path: string, status: number, contentType: string | null, body: unknown) => {
    const op = (doc.paths?.[path] as Record<string, OpenAPIV3_1.OperationObject> | undefined)?.[method.toLowerCase()];
    if (!op) return `${method} ${path} is not documented`;
    const response = op.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
    if (!response) return `status ${status} is not documented (only ${Object.keys(op.responses ?? {}).join(', ')})`;
    if (!response.content) return body === undefined ? undefined : `status ${status} is documented without a body`;
    const media = (contentType ?? '').split(';')[0]!.trim();
    if (!response.content[media])
      return `${media || 'no content type'} is not documented for ${status} (only ${Object.keys(response.content).join(', ')})`;
    if (!media.endsWith('json')) return undefined;
    const validate = ajv.getSchema(
      `openapi#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', media, 'schema')}`,
    );
    if (!validate) return 'no schema to validate against';
    return validate(body) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'body' });
  };
}
