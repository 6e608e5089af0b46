// A sender process for the crash test: drains the outbox once, then exits. The test kills it mid-batch.
import { openPostgres } from '../../src/db/postgres.js';
import { drainOutbox, fetchSender } from '../../src/notifications/sender.js';
import { vapidKeys } from '../../src/notifications/vapid.js';

const { db, close } = openPostgres(process.env.DATABASE_URL!);
const keys = await vapidKeys(db, { vapidSubject: 'mailto:crash@example.org' });
const sent = await drainOutbox(db, fetchSender(60_000), keys, () => new Date(), {
  batchSize: Number(process.env.BATCH ?? 20),
  leaseMs: Number(process.env.LEASE_MS ?? 3000),
  onClaimed: (ids) => process.stdout.write(`claimed ${ids.length}\n`),
});
process.stdout.write(`done ${sent}\n`);
await close();
