import { isUniqueViolation } from '../../db/errors.ts';
import { AppError } from '../../errors.ts';

/**
 * Runs `work`, turning the database's unique-name violation into a 409 that
 * names the duplicate: the index decides, so two admins creating "Bar" at
 * once still get one station.
 */
export async function withUniqueName<T>(kind: string, name: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', `A ${kind} named "${name ?? ''}" already exists in this restaurant`);
    }
    throw err;
  }
}
