import { ApiError } from './api-client';

/** The sentence to show a person for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many attempts, try again later.';
    return error.problem.detail || error.problem.title;
  }
  if (error instanceof TypeError) return 'Could not reach Plato. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
