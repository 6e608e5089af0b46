import { NotFoundError } from '../shared/errors.js';

/** Ids are PostgreSQL `integer` (int4) identities: 1 to 2^31 - 1. */
export const MAX_ID = 2_147_483_647;

/** Whether `n` can be an id; anything else names no row (and must not reach the database). */
export const isId = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID;

/** An id written plainly in decimal digits ("12", not "1e1", "0x0c", "12.0" or " 12"), or null. */
export function parseId(s: string | null | undefined): number | null {
  if (s == null || !/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return isId(n) ? n : null;
}

/** The id of a path (`/donations/:id`): anything that is not an id is no such thing, a 404. */
export function idParam(s: string | null | undefined, message = 'err.not_found'): number {
  const n = parseId(s);
  if (n == null) throw new NotFoundError(message);
  return n;
}
