import { Problem } from '@plato/contracts';
import { z } from 'zod';

/** Route-level schema pieces shared by the admin menu routes. */

export const TAGS = ['admin: menu'];

/** Routes that take no query parameters refuse unknown ones, like unknown body fields. */
export const NoQuery = z.strictObject({});

export const NoContent = z.null();

/** Problems every admin menu route can answer, documented in OpenAPI. */
export const PROBLEMS = { 400: Problem, 401: Problem, 403: Problem, 404: Problem } as const;
export const PROBLEMS_WITH_CONFLICT = { ...PROBLEMS, 409: Problem } as const;
