import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { isFingerprinted, SERVICE_WORKER } from '../assets.js';

/**
 * /static/* from ./static on Node: fingerprinted files cached for a year, the rest revalidated.
 * (@hono/node-server 2.1.8 calls onFound after building the response it returns, so headers set
 * there are lost: set them on the returned response instead.)
 */
export function nodeStatic(root = './'): MiddlewareHandler {
  const serve = serveStatic({ root });
  return async function nodeStaticMiddleware(c, next) {
    const res = await serve(c, next);
    if (res instanceof Response && res.status < 400) {
      // the service worker and the manifest must stay fresh
      res.headers.set(
        'Cache-Control',
        isFingerprinted(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      // the one service worker (offline pages and push) controls the whole site
      if (c.req.path === SERVICE_WORKER) res.headers.set('Service-Worker-Allowed', '/');
    }
    return res;
  };
}
