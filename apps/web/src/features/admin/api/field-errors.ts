import { ApiError } from '../../../lib/api-client';

/**
 * A 400's field problems keyed by the body field they name (`body.taxRateBps` and
 * `body.tipPresetsPercent.0` both go to their top-level field), so each shows under its own input.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const byField: Record<string, string> = {};
  for (const { path, message } of error.problem.errors) {
    const [root, field] = path.split('.');
    const key = root === 'body' ? field : root;
    if (key && !byField[key]) byField[key] = message;
  }
  return byField;
}
