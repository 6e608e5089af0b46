import { createHash, randomBytes } from 'node:crypto';

/** Random secrets and their digests. node:crypto runs on Node and on Workers (nodejs_compat), and
 * its synchronous hash costs far less per request than an async Web Crypto digest. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export async function sha256(text: string): Promise<string> {
  return createHash('sha256').update(text).digest('hex');
}
