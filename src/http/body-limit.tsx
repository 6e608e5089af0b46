import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { ErrorPage } from '../../views/errors.js';
import { pickLang } from '../i18n/index.js';
import { membershipOfKind } from '../accounts/actor.js';
import { PHOTO_MAX_BYTES } from '../donations/photo-bytes.js';
import type { AppEnv } from './env.js';
import { SESSION_COOKIE } from './middleware.js';

/**
 * Forms and JSON bodies of this site are small (the largest, a territory's list of towns, is a
 * few kilobytes). 64 KB leaves room without letting one request cost more memory than that.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The one upload: the posting form with its photo (multipart). The phone's browser shrinks the
 * photo to a few hundred KB before sending; without JavaScript the camera's file arrives as it is
 * (3-8 MB), so the form is read up to 8 MB and a photo over 2 MB gets its field message with
 * everything typed kept (src/donations/photo-bytes.ts). Only for a signed-in shop member: the
 * global limit lets that one route through unread, and `limitPhotoBody`, after the session is
 * read and before anything parses the body, gives a shop member 8 MB and anyone else 64 KB.
 */
export const PHOTO_FORM_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The API's photo upload, `PUT /api/v1/donations/:id/photo`, whose body is the image itself: at
 * most PHOTO_MAX_BYTES (the form's limit of the photo), for a shop member's token only; anyone
 * else keeps 64 KB. Over the limit: 413, the body unread.
 */
const API_PHOTO_PATH = /^\/api\/v1\/donations\/[^/]+\/photo$/;
const takesApiPhoto = (c: Context) =>
  c.req.method === 'PUT' &&
  API_PHOTO_PATH.test(c.req.path) &&
  (c.req.header('authorization') ?? '').startsWith('Bearer ');

const takesPhoto = (c: Context) =>
  c.req.method === 'POST' &&
  c.req.path === '/donations' &&
  (c.req.header('content-type') ?? '').startsWith('multipart/form-data') &&
  Boolean(getCookie(c, SESSION_COOKIE));

/** Runs after identify(), before csrf(): the photo's limits, by who is really signed in. */
export function limitPhotoBody(): MiddlewareHandler<AppEnv> {
  const small = limiterOf(MAX_BODY_BYTES, 'err.payload_too_large');
  const photo = limiterOf(PHOTO_FORM_MAX_BYTES, 'err.photo_too_large');
  const apiPhoto = limiterOf(PHOTO_MAX_BYTES, 'err.photo_too_large');
  return function limitPhotoBodyMiddleware(c, next) {
    const form = takesPhoto(c);
    if (!form && !takesApiPhoto(c)) return next();
    const actor = c.get('actor');
    if (!actor || !membershipOfKind(actor, 'shop')) return small(c, next);
    return form ? photo(c, next) : apiPhoto(c, next);
  };
}

/**
 * Refuses a body over `maxSize` with 413 before anything reads or parses it: runs first, before
 * sign-in and CSRF, so an anonymous client cannot make the server hold a large body. A declared
 * Content-Length over the limit is refused unread; a chunked body is counted as it arrives and
 * refused as soon as it passes the limit (the rest is never kept).
 */
export function limitBody(maxSize = MAX_BODY_BYTES): MiddlewareHandler {
  const limiter = limiterOf(maxSize, 'err.payload_too_large');
  // no handler reads the body of a GET or HEAD; looking at it would make @hono/node-server build
  // a full Request for every page view
  return function limitBodyMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // the photo form and upload wait for limitPhotoBody, once the session or token is known
    return takesPhoto(c) || takesApiPhoto(c) ? next() : limiter(c, next);
  };
}

function limiterOf(maxSize: number, message: string) {
  return bodyLimit({
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
      return c.html(<ErrorPage ctx={ctx} message={message} />, 413);
    },
  });
}
