import { z } from 'zod';

/**
 * Stable, machine-readable error codes (API.md). Clients branch on `code`,
 * never on `title` or `detail`, so a code is never renamed once shipped.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  PIN_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NO_OPEN_SESSION: 404,
  SESSION_CLOSED: 409,
  TABLE_OCCUPIED: 409,
  ITEM_UNAVAILABLE: 409,
  CART_EMPTY: 409,
  IDEMPOTENCY_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  OVERPAYMENT: 409,
  BALANCE_DUE: 409,
  CONFLICT: 409,
  /** A join named a guest whose device is still at the table: choose another name. */
  NAME_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PIN_BLOCKED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const FieldProblem = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldProblem = z.infer<typeof FieldProblem>;

/** RFC 9457 problem details; extra members (e.g. `attemptsLeft`) sit at the top level. */
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: ErrorCodeSchema,
    errors: z.array(FieldProblem).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
