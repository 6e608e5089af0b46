import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { BadQueryPage, ErrorPage } from '../views/errors.js';
import { tokenApi } from './accounts/api.js';
import { accountAreaRoutes } from './accounts/account-routes.js';
import { choiceRoutes } from './notifications/choice-routes.js';
import { invitationRoutes } from './accounts/invitation-routes.js';
import { accountRoutes, homeRoutes } from './accounts/routes.js';
import { tokenListApi } from './accounts/token-list-api.js';
import { passwordResetApi, passwordResetRoutes } from './accounts/password-reset-routes.js';
import { emailConfirmationRoutes } from './accounts/email-confirmation-routes.js';
import { meApi } from './accounts/me-api.js';
import { unsubscribeRoutes } from './mail/routes.js';
import { calendarAccountRoutes, calendarFeedRoutes } from './calendar/routes.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { errorBody, type ErrorStatus, statusOf } from './http/errors.js';
import {
  BadRequestError,
  DomainError,
  ForbiddenError,
  TooManyAttemptsError,
  ValidationError,
} from './shared/errors.js';
import { DatabaseUnavailableError } from './db/unavailable.js';
import { photoRoutes } from './donations/photo-routes.js';
import { donationPhotoApi } from './donations/photo-api.js';
import { limitBody, limitPhotoBody } from './http/body-limit.js';
import { securityHeaders } from './http/security-headers.js';
import { csrf, identify, provideDeps, requireUser, signedIn } from './http/middleware.js';
import { viewCtx } from './http/render.js';
import { t, translateFields } from './i18n/index.js';
import { openApiDocument } from './openapi.js';
import { placesApi } from './places/api.js';
import { LookupThrottle } from './places/lookup-throttle.js';
import { placeRoutes } from './places/routes.js';
import { organisationApi } from './organisations/api.js';
import { donationApi } from './donations/api.js';
import { donationRoutes } from './donations/routes.js';
import { donationHomeSection } from './donations/home-routes.js';
import { territoryHomeSection } from './stats/home-routes.js';
import { producerHomeSection } from './withdrawals/home-routes.js';
import { adminHomeSection } from './organisations/home-routes.js';
import { seriesApi } from './series/api.js';
import { arrangementApi } from './series/arrangement-api.js';
import { arrangementRoutes } from './series/arrangement-routes.js';
import { seriesRoutes } from './series/routes.js';
import { organisationRoutes } from './organisations/routes.js';
import { withdrawalApi } from './withdrawals/api.js';
import { withdrawalRoutes } from './withdrawals/routes.js'; // issue 6
import { statsApi } from './stats/api.js';
import { statsRoutes } from './stats/routes.js';
import { qualityRoutes } from './quality/routes.js';
import { recordRoutes } from './quality/record-routes.js';
import { receiptRoutes } from './receipts/routes.js'; // issue 5
import { receiptApi } from './receipts/api.js';
import { pushApi } from './notifications/api.js';
import { choicesApi } from './notifications/choices-api.js';
import { notificationRoutes } from './notifications/routes.js';
import { realtimeRoutes } from './realtime/routes.js'; // issue 4
import { pwaRoutes } from './pwa/routes.js';
import { conventionApi } from './conventions/api.js';
import { conventionHomeSection } from './conventions/home-routes.js';
import { territoryNewsHomeSection, territoryRoutes } from './territories/routes.js';
import { territoryApi } from './territories/api.js';
import { conventionRoutes } from './conventions/routes.js';
import { formGetRoutes } from './pwa/form-get-routes.js';
import { hubApi } from './hubs/api.js';
import { hubRoutes } from './hubs/routes.js';
import { directoryEntryApi, directoryPublicApi } from './directory/api.js';
import { directoryPublicRoutes } from './directory/public-routes.js';
import { directoryRoutes } from './directory/routes.js';
import { roundApi } from './rounds/api.js';
import { roundRoutes } from './rounds/routes.js';

function apiError(e: DomainError) {
  const body = errorBody(e);
  body.error.message = t('en', body.error.message, e.vars);
  if (body.error.fields) body.error.fields = translateFields('en', body.error.fields, e.vars);
  return body;
}

/** Seconds a client should wait before trying again while the database is away. */
const RETRY_AFTER_S = 5;

/** 503 while the database is away: the client may try again; nothing is logged as a fault. */
function databaseUnavailable(c: Context<AppEnv>, isApi: boolean) {
  c.header('Retry-After', String(RETRY_AFTER_S));
  c.header('Cache-Control', 'no-store');
  if (isApi)
    return c.json(
      {
        error: {
          code: 'database_unavailable',
          message: t('en', 'err.database_unavailable'),
        },
      },
      503,
    );
  // the error may come before the language and the CSRF token were set (loading the session)
  const ctx = {
    ...viewCtx(c),
    lang: c.get('lang') ?? 'fr',
    actor: null,
    csrf: c.get('csrf') ?? '',
  };
  return c.html(<ErrorPage ctx={ctx} message="err.database_unavailable" />, 503);
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const log = deps.log ?? ((msg: string, err?: unknown) => console.error(msg, err));

  // Hono's compress() adds Vary to every response, which turns the node server's lightweight
  // responses into full web Responses: only run it for clients that take gzip or deflate (browsers
  // do); an uncompressed answer needs no Vary, as no cache may serve it in place of a compressed one.
  const compressor = compress();
  app.use((c, next) =>
    /\b(gzip|deflate)\b/i.test(c.req.header('accept-encoding') ?? '')
      ? compressor(c, next)
      : next(),
  );
  app.use(securityHeaders(() => deps.config.mapTiles));
  // before anything reads a body (sign-in, CSRF's form parsing, handlers): see limitBody
  app.use(limitBody());
  if (deps.serveStatic) app.use('/static/*', deps.serveStatic);
  // manifest, offline pages, favicon: no session, no database
  app.route(
    '/',
    pwaRoutes(
      deps.serveStatic
        ? (path, req) => app.fetch(new Request(new URL(path, req.url), { headers: req.headers }))
        : undefined,
    ),
  );

  app.get('/healthz', async (c) => {
    try {
      await deps.ping();
      return c.json({ status: 'ok' });
    } catch (e) {
      log('healthz: database unreachable', e);
      c.header('Retry-After', String(RETRY_AFTER_S));
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  app.get('/hello', (c) => c.text('hello')); // baseline for benchmarks

  app.use(provideDeps(deps), identify(), limitPhotoBody(), csrf());

  const api = new Hono<AppEnv>();
  api.get('/openapi.json', (c) => c.json(openApiDocument));
  api.route('/', tokenApi);
  // no sign-in: someone signing up looks up their address; one count for the API and the forms
  const lookups = new LookupThrottle();
  api.route('/', placesApi(lookups));
  api.route('/', passwordResetApi); // no sign-in: the password is forgotten
  // no sign-in: a territory's public directory; one count for its pages and its JSON, in the
  // database (shared by every instance)
  api.route('/', directoryPublicApi());
  api.use('*', requireUser());
  api.route('/', tokenListApi);
  api.route('/', meApi);
  api.route('/', choicesApi);
  api.route('/', organisationApi);
  api.route('/', directoryEntryApi);
  api.route('/', withdrawalApi); // issue 6
  api.route('/', statsApi);
  api.route('/', donationApi);
  api.route('/', donationPhotoApi);
  api.route('/', seriesApi);
  api.route('/', arrangementApi);
  api.route('/', pushApi);
  api.route('/', receiptApi);
  api.route('/', conventionApi);
  api.route('/', hubApi);
  api.route('/', territoryApi); // issue 19
  api.route('/', roundApi);
  app.route('/api/v1', api);

  // signedIn(): each route of these sub-apps, and everything under the prefixes they always
  // guarded, sends the signed-out to /signin first
  app.route(
    '/',
    signedIn(
      homeRoutes([
        conventionHomeSection,
        adminHomeSection,
        donationHomeSection,
        territoryNewsHomeSection,
        territoryHomeSection,
        producerHomeSection,
      ]),
    ),
  );
  app.route('/', accountRoutes);
  app.route('/', placeRoutes(lookups));
  app.route('/', invitationRoutes);
  app.route('/', passwordResetRoutes);
  app.route('/', emailConfirmationRoutes);
  app.route('/', unsubscribeRoutes);
  app.route('/', signedIn(accountAreaRoutes, ['/account', '/account/*']));
  app.route('/', signedIn(calendarAccountRoutes));
  app.route('/', calendarFeedRoutes); // no session: the URL's secret is the credential
  app.route('/', photoRoutes); // no session either: the photo's token is its permission
  app.route('/', signedIn(choiceRoutes));
  app.route('/', signedIn(organisationRoutes, ['/organisations/*', '/admin/*']));
  app.route('/', signedIn(directoryRoutes));
  app.route('/', directoryPublicRoutes()); // no session needed: what each chose to show
  app.route(
    '/',
    signedIn(withdrawalRoutes, [
      '/withdrawals',
      '/withdrawals/*',
      '/withdrawals.csv',
      '/admin/withdrawal-rates',
      '/admin/withdrawal-rates/*',
    ]),
  ); // issue 6
  app.route(
    '/',
    signedIn(statsRoutes, [
      '/dashboard',
      '/dashboard/*',
      '/dashboard.csv',
      '/admin/factors',
      '/admin/territories',
      '/admin/territories/*',
    ]),
  );
  app.route('/', signedIn(qualityRoutes, ['/quality', '/quality/*', '/quality.csv']));
  app.route('/', signedIn(recordRoutes));
  app.route('/', signedIn(receiptRoutes, ['/receipts', '/receipts/*', '/receipts.csv'])); // issue 5
  app.route('/', signedIn(conventionRoutes, ['/conventions', '/conventions/*']));
  app.route('/', signedIn(territoryRoutes, ['/territory/*'])); // issue 19
  app.route('/', signedIn(donationRoutes, ['/donations/*', '/donations', '/feed']));
  app.route('/', signedIn(seriesRoutes, ['/series', '/series/*']));
  app.route('/', signedIn(roundRoutes, ['/rounds', '/rounds/*']));
  app.route('/', signedIn(arrangementRoutes, ['/arrangements', '/arrangements/*']));
  app.route('/', signedIn(hubRoutes, ['/hubs', '/hubs/*']));
  app.route('/', signedIn(notificationRoutes, ['/notifications', '/notifications/*']));
  app.route('/', signedIn(realtimeRoutes)); // issue 4
  app.route('/', formGetRoutes); // last: a GET of a form's action URL shows the form

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/'))
      return c.json({ error: { code: 'not_found', message: 'No such resource.' } }, 404);
    if (!c.get('lang')) return c.text('Not found', 404);
    return c.html(<ErrorPage ctx={viewCtx(c)} message="err.not_found" />, 404);
  });

  app.onError((err, c) => {
    const isApi = c.req.path.startsWith('/api/');
    if (err instanceof DatabaseUnavailableError) return databaseUnavailable(c, isApi);
    let e: DomainError;
    /** Hono's own refusals keep their status; they read as a bad request otherwise. */
    let hono: HTTPException | null = null;
    if (err instanceof DomainError) e = err;
    else if (err instanceof HTTPException && err.status < 500) {
      hono = err;
      e = new BadRequestError('bad_request', err.message || 'Bad request.');
    } else {
      log(`unexpected error on ${c.req.method} ${c.req.path}`, err);
      if (isApi)
        return c.json(
          { error: { code: 'server_error', message: 'Something went wrong on our side.' } },
          500,
        );
      if (!c.get('csrf')) return c.text('Server error', 500);
      return c.html(<ErrorPage ctx={viewCtx(c)} message="err.server" />, 500);
    }
    if (e instanceof TooManyAttemptsError && e.retryAfterSeconds)
      c.header('Retry-After', String(e.retryAfterSeconds));
    const status = hono ? (hono.status as ErrorStatus) : statusOf(e);
    if (isApi) return c.json(apiError(e), status);
    if (!c.get('lang')) return c.text(e.message, status);
    // a page asked with values it cannot read (?year=abc): the words in the page's language
    if (e instanceof ValidationError && (c.req.method === 'GET' || c.req.method === 'HEAD'))
      return c.html(<BadQueryPage ctx={viewCtx(c)} fields={e.fields} path={c.req.path} />, 422);
    const message =
      status === 404
        ? 'err.not_found'
        : e instanceof ForbiddenError && e.code === 'forbidden'
          ? 'err.forbidden'
          : e.message;
    return c.html(<ErrorPage ctx={viewCtx(c)} message={message} />, status);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
