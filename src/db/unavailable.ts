/**
 * The database cannot be reached: a connection refused, cut or ended, or a server that is
 * shutting down or starting. Nothing the client sent is at fault and the same request may work
 * in a moment, so the app answers 503 with Retry-After (src/app.tsx) instead of a 500.
 * Whether a write that failed this way was saved is unknown; it was never answered 2xx.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is unavailable.', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** postgres.js's own codes for a connection it lost or could not make. */
const CLIENT_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
]);
/** Node's socket errors. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend, a
 * fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down),
 * 53300 too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

export function isConnectionError(e: unknown): boolean {
  if (e instanceof DatabaseUnavailableError) return true;
  if (!e || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return (
    CLIENT_CODES.has(code) ||
    SOCKET_CODES.has(code) ||
    SQLSTATES.has(code) ||
    /^08[0-9A-Z]{3}$/.test(code)
  );
}

/** The error as the app should see it: connection errors become DatabaseUnavailableError. */
export function asUnavailable(e: unknown): unknown {
  return isConnectionError(e) && !(e instanceof DatabaseUnavailableError)
    ? new DatabaseUnavailableError(e)
    : e;
}
