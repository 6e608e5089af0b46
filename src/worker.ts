// Cloudflare Workers entry: the same app as src/node.ts, on PostgreSQL through Hyperdrive.
// Import nothing that pulls PGlite or node-only modules (src/db/open.ts would): the bundle must stay small.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExecutionContext, Fetcher, Hyperdrive, ScheduledController } from '@cloudflare/workers-types';
import { Kysely, sql } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import type { MiddlewareHandler } from 'hono';
import { createApp } from './app.js';
import { isFingerprinted } from './assets.js';
import { createPostgresClient } from './db/postgres.js';
import type { Database } from './db/schema.js';
import type { AppDeps } from './http/env.js';

export interface Env {
  HYPERDRIVE: Hyperdrive;
  ASSETS: Fetcher;
  VAPID_SUBJECT?: string;
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
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
  if (!s) throw new Error('No request scope: the database is only reachable inside fetch/scheduled.');
  return s;
}

/** /static/x is the file x of the assets directory; fingerprinted names are cached for a year. */
const serveStatic: MiddlewareHandler = async (c) => {
  const url = new URL(c.req.url);
  url.pathname = url.pathname.replace(/^\/static\//, '/');
  const res = await current().env.ASSETS.fetch(url.toString(), { method: c.req.method, headers: c.req.raw.headers as any });
  const out = new Response(res.body as any, res as any);
  if (res.ok) {
    out.headers.set('Cache-Control', isFingerprinted(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
  }
  return out;
};

const deps: AppDeps = {
  get db() {
    return current().db;
  },
  now: () => new Date(),
  ping: async () => {
    await sql`select 1`.execute(current().db);
  },
  config: { pushAllowInsecureEndpoints: false, vapidSubject: 'mailto:admin@example.org' },
  serveStatic,
};
const app = createApp(deps);

/** Opens the request's client; postgres.js on workerd hangs on Kysely's first reserve() unless a plain query ran. */
async function withDatabase<T>(env: Env, ctx: ExecutionContext, fn: () => Promise<T>): Promise<T> {
  const client = createPostgresClient(env.HYPERDRIVE.connectionString, { max: 5, fetch_types: false });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client as any }) });
  try {
    await client`select 1`;
    return await scope.run({ db, env }, fn);
  } finally {
    ctx.waitUntil(client.end({ timeout: 5 }));
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    // Workers compress responses themselves (a Content-Encoding set by the app's compress() would be
    // encoded a second time): let the app see no Accept-Encoding.
    if (request.headers.has('accept-encoding')) {
      const headers = new Headers(request.headers);
      headers.delete('accept-encoding');
      request = new Request(request, { headers });
    }
    if (env.VAPID_SUBJECT) deps.config.vapidSubject = env.VAPID_SUBJECT;
    const path = new URL(request.url).pathname;
    // static files need no database
    if (path.startsWith('/static/')) return scope.run({ db: null as any, env }, () => app.fetch(request, env, ctx as any));
    try {
      return await withDatabase(env, ctx, async () => await app.fetch(request, env, ctx as any));
    } catch (e) {
      console.error('worker: database unreachable', e);
      if (path === '/healthz') return Response.json({ status: 'unavailable' }, { status: 503 });
      return new Response('Service unavailable', { status: 503 });
    }
  },

  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    // The jobs (expiry, reminders, digests) come with their issues; they will call the same
    // functions as node-cron inside withDatabase().
    console.log(`scheduled: cron "${controller.cron}" at ${new Date(controller.scheduledTime).toISOString()}: nothing to run yet`);
    void env;
    void ctx;
  },
};
