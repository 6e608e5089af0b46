import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { actorFor } from '../accounts/actor.js';
import { SESSION_DAYS } from '../accounts/domain.js';
import { randomToken, sha256 } from '../accounts/tokens.js';
import { pickLang } from '../i18n/index.js';
import type { AppDeps, AppEnv, SignedInEnv } from './env.js';
import { BadRequestError, ForbiddenError, UnauthorizedError } from '../shared/errors.js';

export const SESSION_COOKIE = 'sid';
export const CSRF_COOKIE = 'csrf';

/**
 * Whether cookies get `Secure`. PUBLIC_URL's scheme decides when it is set (behind a proxy that
 * ends TLS, the request reaching us is http but the browser's is https). Without it, the scheme of
 * the request itself: https on Workers and on a TLS server, http in local use. Never a header:
 * any client can send `X-Forwarded-Proto`, and a proxy that is not there does not strip it.
 */
export function isSecure(c: Context<AppEnv>) {
  const publicUrl = c.get('deps')?.config.publicUrl;
  if (publicUrl) return publicUrl.startsWith('https:');
  return new URL(c.req.url).protocol === 'https:';
}

export function cookieOptions(c: Context<AppEnv>, maxAge: number) {
  return { httpOnly: true, secure: isSecure(c), sameSite: 'Lax' as const, path: '/', maxAge };
}

export function provideDeps(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function provideDepsMiddleware(c, next) {
    c.set('deps', deps);
    await next();
  };
}

/** Loads the signed-in user from the session cookie (pages) or the bearer token (API). */
export function identify(): MiddlewareHandler<AppEnv> {
  return async function identifyMiddleware(c, next) {
    const { db, now } = c.get('deps');
    c.set('actor', null);
    c.set('sessionToken', null);
    const auth = c.req.header('authorization');
    if (c.req.path.startsWith('/api/')) {
      if (auth?.startsWith('Bearer ')) {
        const tokenHash = await sha256(auth.slice(7).trim());
        const cache = c.get('deps').actorCache;
        const load = () => actorFor(db, { tokenHash, now: now() });
        c.set('actor', cache ? await cache.get(tokenHash, load) : await load());
      }
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        const actor = await actorFor(db, { sessionHash: await sha256(token), now: now() });
        if (actor) {
          c.set('actor', actor);
          c.set('sessionToken', token);
        } else deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    const actor = c.get('actor');
    c.set(
      'lang',
      pickLang({
        query: c.req.query('lang'),
        cookie: getCookie(c, 'lang'),
        user: actor?.user.lang,
        acceptLanguage: c.req.header('accept-language'),
      }),
    );
    if (c.req.query('lang') === 'fr' || c.req.query('lang') === 'en')
      setCookie(c, 'lang', c.req.query('lang')!, {
        path: '/',
        maxAge: 365 * 86400,
        sameSite: 'Lax',
        secure: isSecure(c),
      });
    await next();
    // the service worker remembers it to show its offline page in the same language
    if (c.res.headers.get('content-type')?.startsWith('text/html'))
      c.res.headers.set('Content-Language', c.get('lang'));
  };
}

export class CsrfError extends ForbiddenError {
  constructor() {
    super('err.csrf', 'csrf');
  }
}

/**
 * Double-submit token: an HttpOnly cookie, echoed in each form (`_csrf`) or htmx header
 * (`x-csrf-token`). A cross-site page can neither read the cookie nor guess the value.
 * Bearer-token API calls carry no ambient credential and are exempt.
 */
/**
 * The posted form, or a 400 when it cannot be read (a multipart body with a wrong boundary or cut
 * short makes the platform's parser throw): the client's fault, never a 500. Hono keeps the
 * parsed body, so the handlers' later reads get the same.
 */
export async function readForm(c: Context) {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw new BadRequestError('bad_form', 'err.bad_form');
  }
}

export function csrf(): MiddlewareHandler<AppEnv> {
  return async function csrfMiddleware(c, next) {
    if (c.req.path.startsWith('/api/')) return next(); // bearer tokens: no cookie, no CSRF
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || token.length < 20) {
      token = randomToken(18);
      setCookie(c, CSRF_COOKIE, token, cookieOptions(c, SESSION_DAYS * 86400));
    }
    c.set('csrf', token);
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    // RFC 8058 one-click unsubscribe: posted by mail programs with no cookie; the token in the path is the proof
    const oneClick = c.req.method === 'POST' && /^\/unsubscribe\/[\w-]{1,100}$/.test(c.req.path);
    if (unsafe && !oneClick && !c.req.path.startsWith('/api/')) {
      let sent = c.req.header('x-csrf-token');
      if (!sent) {
        const type = c.req.header('content-type') ?? '';
        if (type.includes('form')) {
          const body = await readForm(c);
          sent = typeof body._csrf === 'string' ? body._csrf : undefined;
        }
      }
      if (!sent || sent !== getCookie(c, CSRF_COOKIE)) throw new CsrfError();
    }
    await next();
  };
}

export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUserMiddleware(c, next) {
    if (!c.get('actor')) {
      if (c.req.path.startsWith('/api/'))
        throw new UnauthorizedError('A valid bearer token is required.');
      return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    await next();
  };
}

/**
 * Mounts signed-in routes behind `requireUser()`, so their handlers read an actor that is never
 * null: each route is guarded for its own method and path, and each of `prefixes` (e.g.
 * '/donations/*') for every method, so that a signed-out visitor is sent to /signin from anywhere
 * under them, a path no route answers included. Call it where the sub-app is mounted, after all its
 * routes are registered: Hono copies a sub-app's routes when it is mounted. A catch-all is refused,
 * as its guard would also stand in front of every route mounted after it.
 */
export function signedIn(routes: Hono<SignedInEnv>, prefixes: string[] = []): Hono<AppEnv> {
  const guarded = new Hono<AppEnv>();
  for (const path of [...prefixes, ...routes.routes.map((r) => r.path)])
    if (path === '*' || path === '/*')
      throw new Error(`signedIn(): the catch-all path ${path} would guard the whole app`);
  for (const prefix of prefixes) guarded.use(prefix, requireUser());
  const seen = new Set<string>();
  for (const { method, path } of routes.routes) {
    const key = `${method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (method === 'ALL') guarded.use(path, requireUser());
    else guarded.on(method, path, requireUser());
  }
  return guarded.route('/', routes);
}

/**
 * The client's address, as far as it can be known: headers are believed only when configured
 * (anyone can send them). With N proxies in front, each appends the address it saw to
 * X-Forwarded-For: the N-th from the right was written by the outermost one of ours.
 */
export function clientIp(c: Context<AppEnv>): string {
  const config = c.get('deps')?.config;
  if (config?.behindCloudflare) {
    const cf = c.req.header('cf-connecting-ip')?.trim();
    if (cf) return cf;
  }
  const hops = config?.trustProxy ?? 0;
  if (hops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    // fewer addresses than proxies: the outermost one was reached directly
    if (chain.length) return chain[Math.max(0, chain.length - hops)];
  }
  return (c.env as any)?.incoming?.socket?.remoteAddress ?? 'unknown';
}
