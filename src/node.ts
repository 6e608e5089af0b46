import { serve } from '@hono/node-server';
import type { Kysely } from 'kysely';
import { ensureAdmin } from './accounts/domain.js';
import { ValidationError } from './shared/errors.js';
import { t } from './i18n/index.js';
import { createApp } from './app.js';
import { mailMode, readConfig, type Config } from './config.js';
import { MessageDeliveryLoop } from './mail/delivery-loop.js';
import { drainMessages } from './mail/sender.js';
import { nodeMessageTransports } from './mail/node-transports.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase, type OpenDatabase } from './db/open.js';
import { createPostgresClient, type Sql } from './db/postgres.js';
import type { Database } from './db/schema.js';
import type { EventBus } from './realtime/bus.js';
import { startScheduler } from './jobs/scheduler.js';
import { EncryptThread } from './notifications/encrypt-thread.js';
import { PushDeliveryLoop } from './notifications/delivery-loop.js';
import { nodePushSender } from './notifications/node-sender.js';
import { vapidKeys } from './notifications/vapid.js';
import { MemoryBus } from './realtime/memory-bus.js';
import { PgBus } from './realtime/pg-bus.js';
import { nodeStatic } from './http/static-node.js';
import { loadCommuneIndex } from './places/communes-node.js';
import { Geocoder } from './places/geocoder.js';
import { FeedCache } from './donations/feed-cache.js';
import { ActorCache } from './accounts/actor-cache.js';
import { isConnectionError } from './db/unavailable.js';
import { shedLoad } from './http/overload.js';

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

/**
 * Node's real-time parts: the event bus (LISTEN/NOTIFY on PostgreSQL, in-process on the embedded
 * database), the push delivery loop and the scheduled jobs; `events` and `push` go to the app.
 */
async function startRealtime(db: Kysely<Database>, config: Config) {
  let listen: Sql | null = null;
  let pgBus: PgBus | null = null;
  let events: EventBus;
  if (config.databaseUrl) {
    listen = createPostgresClient(config.databaseUrl, { max: 1 });
    events = pgBus = await new PgBus(db, listen).start();
  } else {
    events = new MemoryBus(1000);
  }
  // push messages encrypted on a worker thread, off the loop that answers requests, and sent
  // through node:http with kept-alive connections (a quarter of fetch's CPU a request)
  const encryption = new EncryptThread((m, e) => console.error(m, e));
  const pushHttp = nodePushSender();
  const push = { send: pushHttp.send, encrypt: encryption.encrypt };
  const keys = () => vapidKeys(db, config);
  const now = () => new Date();
  // each post wakes both senders: the wakes of 25 ms share one drain (at 100 posts/s, one
  // drain for about 3 posts instead of 3), for a delay nobody sees beside a push service's own
  const gatherMs = 25;
  // what an instance queues, it sends: woken by its own events only (the others would each
  // query the outbox for nothing at every post); their polls send what a dead one left
  const ownEvents = true;
  const deliveryLoop = new PushDeliveryLoop(db, push, keys, now, {
    events,
    gatherMs,
    ownEvents,
  }).start();
  const messages = nodeMessageTransports(config);
  const messageLoop = new MessageDeliveryLoop(() => drainMessages(db, messages, now), {
    events,
    gatherMs,
    ownEvents,
    log: (m, e) => console.error(m, e),
  }).start();
  const scheduler = startScheduler({
    db,
    now,
    events,
    push: { sender: push, keys },
    waves: config.waves,
  });
  return {
    events,
    push,
    async stop() {
      await scheduler.stop();
      await deliveryLoop.stop();
      await encryption.close();
      pushHttp.close();
      await messageLoop.stop();
      await messages.mail.close?.();
      await pgBus?.stop();
      await listen?.end({ timeout: 2 });
    },
  };
}

const realtime = await startRealtime(database.db, config);
// association feeds are cached between donation changes, which the bus reports on every instance
const feedCache = new FeedCache();
feedCache.listenTo(realtime.events);
const app = createApp({
  events: realtime.events,
  feedCache,
  actorCache: new ActorCache(),
  push: realtime.push,
  geocoder: new Geocoder({ url: config.geocoderUrl }),
  communes: loadCommuneIndex,
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
    waves: config.waves,
    mapTiles: config.mapTiles,
    mail: mailMode(config),
  },
  serveStatic: nodeStatic(),
});

const server = serve(
  { fetch: shedLoad(app.fetch, config.maxInFlight), port: config.port },
  (info) => {
    const where =
      database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
    console.log(
      `Listening on http://localhost:${info.port} (${where}), ready in ${Date.now() - started} ms`,
    );
  },
);

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
