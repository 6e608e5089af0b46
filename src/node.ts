import { serve } from '@hono/node-server';
import { ensureAdmin } from './accounts/domain.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase, type OpenDatabase } from './db/open.js';
import { startRealtime } from './notifications/runtime.js';
import { nodeStatic } from './http/static-node.js';
import { FeedCache } from './donations/feed-cache.js';
import { ActorCache } from './accounts/actor-cache.js';

const started = Date.now();
const config = readConfig(process.env);
let database: OpenDatabase;
try {
  database = await openDatabase(config);
} catch (e: any) {
  console.error(e?.name === 'DataDirLockedError' ? e.message : e);
  process.exit(1);
}
await migrateToLatest(database.db);
if (await ensureAdmin(database.db, config.adminEmail, config.adminPassword))
  console.log(`Created the platform admin ${config.adminEmail}`);

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
