import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { createPostgresClient, type Sql } from '../db/postgres.js';
import type { Database } from '../db/schema.js';
import type { EventBus } from '../http/env.js';
import { startScheduler } from '../jobs/scheduler.js';
import { MemoryBus } from '../realtime/memory-bus.js';
import { PgBus } from '../realtime/pg-bus.js';
import { configureWaves } from './planning.js';
import { fetchSender } from './sender.js';
import { vapidKeys } from './vapid.js';
import { PushDeliveryLoop } from './delivery-loop.js';

/**
 * Node's real-time parts: the event bus (LISTEN/NOTIFY on PostgreSQL, in-process on the embedded
 * database), the push sender loop and the scheduled jobs. `src/node.ts` starts them and passes
 * `events` and `push` to the app.
 */
export async function startRealtime(opts: {
  db: Kysely<Database>;
  config: Config;
  env?: Record<string, string | undefined>;
  log?: (msg: string, err?: unknown) => void;
  jobs?: boolean;
}) {
  const { db, config, log } = opts;
  const env = opts.env ?? {};
  if (Number(env.PUSH_WAVE_SIZE) > 0) configureWaves({ waveSize: Number(env.PUSH_WAVE_SIZE) });
  if (Number(env.PUSH_WAVE_MINUTES) > 0)
    configureWaves({ waveDelayMs: Number(env.PUSH_WAVE_MINUTES) * 60_000 });
  let listen: Sql | null = null;
  let pgBus: PgBus | null = null;
  let events: EventBus;
  if (config.databaseUrl) {
    listen = createPostgresClient(config.databaseUrl, { max: 1 });
    events = pgBus = await new PgBus(db, listen, log).start();
  } else {
    events = new MemoryBus(1000, log);
  }
  const push = fetchSender();
  const keys = () => vapidKeys(db, config);
  const now = () => new Date();
  const worker = new PushDeliveryLoop(db, push, keys, now, { events, log }).start();
  const scheduler =
    opts.jobs === false
      ? null
      : startScheduler({ db, now, events, push: { sender: push, keys }, log });
  return {
    events,
    push,
    async stop() {
      await scheduler?.stop();
      await worker.stop();
      await pgBus?.stop();
      await listen?.end({ timeout: 2 });
    },
  };
}
