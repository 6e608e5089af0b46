import type { AppDeps } from './env.js';

/**
 * An absolute link to `path` of this site, for messages and pages that show a link to copy
 * (invitations, password resets). From PUBLIC_URL when it is set; otherwise, for local use, from
 * the address the request came to (`requestUrl`), whose Host header the client chose.
 */
export function publicUrl(deps: Pick<AppDeps, 'config'>, path: string, requestUrl?: string) {
  const base = deps.config.publicUrl ?? requestUrl;
  return base ? new URL(path, base).toString() : path;
}
