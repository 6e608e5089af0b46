// Cloudflare Workers entry: the same app as src/node.ts, on PostgreSQL through Hyperdrive.
// Import nothing that pulls PGlite or node-only modules (src/db/open.ts would): the bundle must stay small.
//
// What Workers cannot do, and what this file does instead:
// - no LISTEN/NOTIFY and no long-lived process: no event bus, live pages poll (deps.live = 'poll');
// - no advisory locks through Hyperdrive: Cron Triggers run the node-cron jobs with row claims (job_runs);
// - no background push loop: the outbox is drained by the every-minute cron (generateRequestDetails + fetch);
// - no migrations: they run from Node against DATABASE_URL (`npm run migrate`) before a deploy.
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  ExecutionContext,
  Fetcher,
  Hyperdrive,
  ScheduledController,
} from '@cloudflare/workers-types';
import { Kysely, sql } from 'kysely';
import type { MiddlewareHandler } from 'hono';
import { createApp } from './app.js';
import { isFingerprinted, SERVICE_WORKER } from './assets.js';
import { readConfig } from './config.js';
import { Geocoder } from './places/geocoder.js';
import { createPostgresClient } from './db/postgres.js';
import { PostgresJsDialect } from './db/postgres-dialect.js';
import type { Database } from './db/schema.js';
import type { AppDeps } from './http/env.js';
import { runJobsForSlot, type JobDeps } from './jobs/jobs.js';
import { fetchSender } from './notifications/sender.js';
import { vapidKeys } from './notifications/vapid.js';
import { t } from './i18n/index.js';
import { jobsForCron } from './cloudflare/crons.js';
import { workerdSocket } from './cloudflare/pg-socket.js';
import { brevoMailTransport, brevoSmsTransport } from './mail/brevo.js';
import type { MessageTransports } from './mail/sender.js';

export interface Env {
  HYPERDRIVE: Hyperdrive;
  ASSETS: Fetcher;
  /** Secrets (`wrangler secret put`); without the key pair, one is generated once and kept in the database. */
  VAPID_SUBJECT?: string;
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  /** '1' lets tests subscribe http:// push endpoints; never in production. */
  PUSH_ALLOW_INSECURE_ENDPOINTS?: string;
  /** The site's address (https://...), for links in messages; requests to a Worker are https anyway. */
  PUBLIC_URL?: string;
  /** The address service; absent = the Géoplateforme's. */
  GEOCODER_URL?: string;
  /** The maps' tile server and its attribution; absent = OpenStreetMap's. */
  MAP_TILES_URL?: string;
  MAP_TILES_ATTRIBUTION?: string;
  /** E-mail (and SMS) through Brevo's HTTP API, sent by the minute cron; absent = no mail from Workers. */
  BREVO_API_KEY?: string;
  MAIL_FROM?: string;
  BREVO_SMS_SENDER?: string;
  /** Where Brevo's API answers; absent = Brevo's own (tests point it at a local server). */
  BREVO_API_URL?: string;
}

interface RequestScope {
  db: Kysely<Database>;
  env: Env;
}

// One client per request (Hyperdrive pools the real connections); the app is built once per isolate
// and reads the request's database from this store.
const scope = new AsyncLocalStorage<RequestScope>();
function current(): RequestScope {
  const s = scope.getStore();
  if (!s)
    throw new Error('No request scope: the database is only reachable inside fetch/scheduled.');
  return s;
}

/** The installable app's files (src/pwa/routes.tsx) need no database either. */
const NO_DATABASE = /^\/(manifest\.webmanifest|favicon\.ico|offline\/(fr|en))$/;

/** /static/x is the file x of the assets directory; fingerprinted names are cached for a year. */
const serveStatic: MiddlewareHandler = async (c) => {
  const url = new URL(c.req.url);
  url.pathname = url.pathname.replace(/^\/static\//, '/');
  const res = await current().env.ASSETS.fetch(url.toString(), {
    method: c.req.method,
    headers: c.req.raw.headers as any,
  });
  const out = new Response(res.body as any, res as any);
  if (res.ok) {
    out.headers.set(
      'Cache-Control',
      isFingerprinted(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (c.req.path === SERVICE_WORKER) out.headers.set('Service-Worker-Allowed', '/');
  }
  return out;
};

const log = (msg: string, err?: unknown) => console.error(msg, err ?? '');

const deps: AppDeps = {
  get db() {
    return current().db;
  },
  now: () => new Date(),
  ping: async () => {
    await sql`select 1`.execute(current().db);
  },
  // cf-connecting-ip is written by Cloudflare's edge, never passed on from the client
  config: {
    pushAllowInsecureEndpoints: false,
    vapidSubject: 'mailto:admin@example.org',
    behindCloudflare: true,
  },
  serveStatic,
  // no `events`: nothing can fan out between isolates here; pages poll instead of listening
  live: 'poll',
  log,
};
const app = createApp(deps);

let configured = false;
/** Vars and secrets are fixed for a deployment: read them into the app's config once per isolate. */
function configure(env: Env) {
  if (configured) return;
  const c = readConfig(env as unknown as Record<string, string | undefined>);
  Object.assign(deps.config, {
    pushAllowInsecureEndpoints: c.pushAllowInsecureEndpoints,
    vapidSubject: c.vapidSubject,
    vapidPublicKey: c.vapidPublicKey,
    vapidPrivateKey: c.vapidPrivateKey,
    publicUrl: c.publicUrl,
    waves: c.waves,
    mapTiles: c.mapTiles,
    mail: c.brevoApiKey ? 'brevo' : 'files',
  });
  // one per isolate: its cache and its request limit are the isolate's
  deps.geocoder = new Geocoder({ url: c.geocoderUrl });
  configured = true;
}

/** Brevo's e-mail and SMS APIs (fetch) when BREVO_API_KEY is set; without it the rows wait. */
function workerMessages(env: Env): MessageTransports | undefined {
  const c = readConfig(env as unknown as Record<string, string | undefined>);
  if (!c.brevoApiKey || !c.publicUrl) return undefined;
  return {
    mail: brevoMailTransport({ apiKey: c.brevoApiKey, baseUrl: c.brevoApiUrl ?? undefined }),
    sms: brevoSmsTransport({
      apiKey: c.brevoApiKey,
      sender: c.brevoSmsSender,
      baseUrl: c.brevoApiUrl ?? undefined,
    }),
    from: c.mailFrom,
    publicUrl: c.publicUrl,
  };
}

/** Opens the request's client; postgres.js on workerd hangs on Kysely's first reserve() unless a plain query ran. */
async function withDatabase<T>(
  env: Env,
  ctx: ExecutionContext,
  fn: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const url = env.HYPERDRIVE.connectionString;
  const tls = /[?&]sslmode=(require|verify-ca|verify-full|prefer)\b/.test(url);
  const client = createPostgresClient(url, {
    max: 5,
    fetch_types: false,
    ...(tls ? {} : { socket: workerdSocket as any }),
  });
  // one short-lived client per request: prepared statements would not outlive it
  const db = new Kysely<Database>({
    dialect: new PostgresJsDialect(client as any, { prepare: false }),
  });
  try {
    await client`select 1`;
    return await scope.run({ db, env }, () => fn(db));
  } finally {
    ctx.waitUntil(client.end({ timeout: 5 }));
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    configure(env);
    // Workers compress responses themselves (a Content-Encoding set by the app's compress() would be
    // encoded a second time): let the app see no Accept-Encoding.
    if (request.headers.has('accept-encoding')) {
      const headers = new Headers(request.headers);
      headers.delete('accept-encoding');
      request = new Request(request, { headers });
    }
    const path = new URL(request.url).pathname;
    // static files need no database
    if (path.startsWith('/static/') || NO_DATABASE.test(path))
      return scope.run({ db: null as any, env }, () => app.fetch(request, env, ctx as any));
    let opened = false;
    try {
      return await withDatabase(env, ctx, async () => {
        opened = true;
        return await app.fetch(request, env, ctx as any);
      });
    } catch (e) {
      if (opened) throw e;
      log('worker: database unreachable', e);
      return databaseUnavailableResponse(request, path);
    }
  },

  /**
   * Cron Triggers: the same job functions as node-cron (src/jobs/jobs.ts), each slot claimed once
   * in job_runs so that a retried or doubled trigger does not run a job twice.
   */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    configure(env);
    const jobs = jobsForCron(controller.cron);
    if (!jobs.length) {
      log(`scheduled: no job for cron "${controller.cron}" (see src/cloudflare/crons.ts)`);
      return;
    }
    await withDatabase(env, ctx, async (db) => {
      const jobDeps: JobDeps = {
        db,
        now: () => new Date(),
        push: { sender: fetchSender(), keys: () => vapidKeys(db, deps.config) },
        messages: workerMessages(env),
        log,
        waves: deps.config.waves,
      };
      await runJobsForSlot(jobDeps, new Date(controller.scheduledTime), jobs, 'worker');
    });
  },
};

/**
 * The database could not even be reached to serve this request (Hyperdrive or PostgreSQL away):
 * the same answers as the app's own 503 (src/app.tsx), without the app.
 */
function databaseUnavailableResponse(request: Request, path: string) {
  const headers = { 'Retry-After': '5', 'Cache-Control': 'no-store' };
  if (path === '/healthz')
    return Response.json({ status: 'unavailable' }, { status: 503, headers });
  if (path.startsWith('/api/'))
    return Response.json(
      { error: { code: 'database_unavailable', message: t('en', 'err.database_unavailable') } },
      { status: 503, headers },
    );
  const lang = /^\s*en\b/i.test(request.headers.get('accept-language') ?? '') ? 'en' : 'fr';
  const text = t(lang, 'err.database_unavailable');
  const html = `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>503</title><p>${text}</p></html>`;
  return new Response(html, {
    status: 503,
    headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
  });
}
