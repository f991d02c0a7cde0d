import { ERROR_STATUS, type ErrorCode, type FieldProblem } from '@plato/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Sign-in required',
  PIN_INVALID: 'Wrong PIN',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  NO_OPEN_SESSION: 'No open session at this table',
  SESSION_CLOSED: 'The table session is closed',
  TABLE_OCCUPIED: 'The table already has an open session',
  ITEM_UNAVAILABLE: 'An item is no longer available',
  CART_EMPTY: 'The cart is empty',
  IDEMPOTENCY_CONFLICT: 'The idempotency key was used for another request',
  INVALID_TRANSITION: 'That status change is not allowed',
  OVERPAYMENT: 'The payment exceeds the balance',
  BALANCE_DUE: 'The bill still has a balance',
  CONFLICT: 'Conflict',
  NAME_IN_USE: 'That name belongs to another phone at the table',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  PIN_BLOCKED: 'PIN entry is blocked for a while',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Something went wrong on our side',
  UNAVAILABLE: 'Service unavailable',
};

/** The one error type of the server: a stable code, a human detail, optional extra members. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extras: Record<string, unknown>;
  readonly errors: FieldProblem[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { extras?: Record<string, unknown>; errors?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.extras = options.extras ?? {};
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);

/** A guest cookie that is missing, unknown, expired or of a closed session. */
export const guestUnauthenticated = (): AppError =>
  new AppError('UNAUTHENTICATED', 'Join the table with its PIN first');

function problem(code: ErrorCode, detail: string, extras: Record<string, unknown> = {}, errors?: FieldProblem[]) {
  return {
    type: `https://plato.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    ...(errors ? { errors } : {}),
    ...extras,
  };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_PARTS_LIMIT: 'VALIDATION_FAILED',
  FST_FILES_LIMIT: 'VALIDATION_FAILED',
  FST_FIELDS_LIMIT: 'VALIDATION_FAILED',
};

/** Renders every error as problem+json; 5xx details never leave the server. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let body;
    let headers: Record<string, string> = {};
    if (err instanceof AppError) {
      body = problem(err.code, err.message, err.extras, err.errors);
      headers = err.headers;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.flatMap((v) => {
        const base = [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)];
        // Name each unknown field at its own path, so a client can point at it.
        const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (unknown?.length)
          return unknown.map((k) => ({ path: [...base, k].join('.'), message: 'is not a known field' }));
        return [{ path: base.join('.'), message: v.message ?? 'is not valid' }];
      });
      body = problem('VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {}, errors);
    } else if (err.code && FASTIFY_CODES[err.code]) {
      const code = FASTIFY_CODES[err.code]!;
      body = problem(
        code,
        code === 'PAYLOAD_TOO_LARGE' ? 'The request body is too large' : err.message,
        {},
        code === 'VALIDATION_FAILED' ? [{ path: 'body', message: err.message }] : undefined,
      );
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Any other client error Fastify or a plugin raises (e.g. a malformed cookie or URL).
      body = { ...problem('VALIDATION_FAILED', err.message), status: err.statusCode };
    } else {
      if (isResponseSerializationError(err)) request.log.error({ err }, 'response does not match its schema');
      else request.log.error({ err }, 'unhandled error');
      body = problem('INTERNAL', `Reference ${request.id}`);
    }
    return reply.status(body.status).headers(headers).type('application/problem+json').send(body);
  });
}
