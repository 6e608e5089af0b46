import { statusOf } from '../../src/http/errors.js';
import { DomainError } from '../../src/shared/errors.js';

/**
 * The HTTP status a domain refusal maps to (through the one mapping in src/http/errors.ts), for
 * domain tests that assert which kind of refusal a call gives. Anything else is passed on.
 */
export async function refusalStatus(call: Promise<unknown>): Promise<number | 'resolved'> {
  try {
    await call;
    return 'resolved';
  } catch (e) {
    if (e instanceof DomainError) return statusOf(e);
    throw e;
  }
}
