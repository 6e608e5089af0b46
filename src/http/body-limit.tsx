import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { ErrorPage } from '../../views/errors.js';
import { pickLang } from '../i18n/index.js';

/**
 * Forms and JSON bodies of this site are small (the largest, a territory's list of towns, is a
 * few kilobytes); no route takes an upload. 64 KB leaves room without letting one request cost
 * more memory than that.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses a body over `maxSize` with 413 before anything reads or parses it: runs first, before
 * sign-in and CSRF, so an anonymous client cannot make the server hold a large body. A declared
 * Content-Length over the limit is refused unread; a chunked body is counted as it arrives and
 * refused as soon as it passes the limit (the rest is never kept).
 */
export function limitBody(maxSize = MAX_BODY_BYTES): MiddlewareHandler {
  const limiter = bodyLimit({
    maxSize,
    onError: (c) => {
      if (c.req.path.startsWith('/api/'))
        return c.json(
          {
            error: {
              code: 'payload_too_large',
              message: `The request body is larger than ${maxSize / 1024} KB.`,
            },
          },
          413,
        );
      const lang = pickLang({
        query: c.req.query('lang'),
        cookie: getCookie(c, 'lang'),
        acceptLanguage: c.req.header('accept-language'),
      });
      const ctx = { lang, actor: null, csrf: '', path: c.req.path };
      return c.html(<ErrorPage ctx={ctx} message="err.payload_too_large" />, 413);
    },
  });
  // no handler reads the body of a GET or HEAD; looking at it would make @hono/node-server build
  // a full Request for every page view
  return function limitBodyMiddleware(c, next) {
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limiter(c, next);
  };
}
