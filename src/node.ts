import { serve } from '@hono/node-server';
import { ensureAdmin } from './accounts/domain.js';
import { ValidationError } from './shared/errors.js';
import { t } from './i18n/index.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase, type OpenDatabase } from './db/open.js';
import { startRealtime } from './notifications/runtime.js';
import { nodeStatic } from './http/static-node.js';
import { FeedCache } from './donations/feed-cache.js';
import { ActorCache } from './accounts/actor-cache.js';
import { isConnectionError } from './db/unavailable.js';

const started = Date.now();
// Last resort only: the postgres.js dialect turns a lost connection into a 503 and the pool, the
// LISTEN client and the scheduler reconnect by themselves. Should a connection error still escape
// as an unhandled rejection or exception, log it and stay up instead of dropping every request
// in flight; anything else ends the process as Node would.
for (const event of ['unhandledRejection', 'uncaughtException'] as const)
  process.on(event, (e: unknown) => {
    if (isConnectionError(e)) {
      console.error(`database connection error escaped (${event}), staying up:`, e);
      return;
    }
    console.error(e);
    process.exit(1);
  });
const config = readConfig(process.env);
let database: OpenDatabase;
try {
  database = await openDatabase(config);
} catch (e: any) {
  console.error(e?.name === 'DataDirLockedError' ? e.message : e);
  process.exit(1);
}
await migrateToLatest(database.db);
try {
  if (await ensureAdmin(database.db, config.adminEmail, config.adminPassword))
    console.log(`Created the platform admin ${config.adminEmail}`);
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  // a weak ADMIN_PASSWORD is refused like any other password: say why, in the log, and stop
  console.error(`ADMIN_PASSWORD refused: ${t('en', Object.values(e.fields)[0] ?? e.message)}`);
  await database.close();
  process.exit(1);
}

const realtime = await startRealtime({ db: database.db, config, env: process.env });
// association feeds are cached between donation changes, which the bus reports on every instance
const feedCache = new FeedCache();
feedCache.listenTo(realtime.events);
const app = createApp({
  events: realtime.events,
  feedCache,
  actorCache: new ActorCache(),
  push: realtime.push,
  db: database.db,
  now: () => new Date(),
  ping: database.ping,
  config: {
    pushAllowInsecureEndpoints: config.pushAllowInsecureEndpoints,
    vapidSubject: config.vapidSubject,
    vapidPublicKey: config.vapidPublicKey,
    vapidPrivateKey: config.vapidPrivateKey,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
  },
  serveStatic: nodeStatic(),
});

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const where =
    database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(
    `Listening on http://localhost:${info.port} (${where}), ready in ${Date.now() - started} ms`,
  );
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // a stop that hangs (a query that never answers) must not keep the port: give up after 15 s
  setTimeout(() => {
    console.error('Stopping took more than 15 s: exiting anyway');
    process.exit(1);
  }, 15_000).unref();
  server.close();
  await realtime.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
