import { createHash, randomBytes } from 'node:crypto';

/** Random secrets and their digests. node:crypto runs on Node and on Workers (nodejs_compat), and
 * its synchronous hash costs far less per request than an async Web Crypto digest. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export async function sha256(text: string): Promise<string> {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The hash a link's token is stored by, or null when the text cannot be one (what randomToken()
 * makes is base64url, 43 characters): a forged shape never reaches the database.
 */
export function tokenHashOf(token: unknown): Promise<string> | null {
  const t = String(token ?? '');
  if (!/^[\w-]{20,100}$/.test(t)) return null;
  return sha256(t);
}
