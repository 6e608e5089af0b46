// Messages benchmark (issue 14): a donation that fits 2,000 association members, half with a
// push device (a local push endpoint), half by e-mail to a local SMTP server.
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sl_messages_bench npm run bench:messages
// (without BENCH_DATABASE_URL: the embedded database, in memory)
// The push service and the SMTP server run in child processes of their own (push-child.ts,
// smtp-child.ts), as they do in production: what they spend is charged neither to our senders
// nor to the bare loop.
// Prints the time from the post to the last message delivered (push or e-mail), our e-mail
// throughput against a bare nodemailer loop sending the same messages to the same server in the
// same run (same pool of 5 connections), and posting's p50/p95 with and without the outbox rows.
import { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { MessageDeliveryLoop } from '../../src/mail/delivery-loop.js';
import { smtpTransport } from '../../src/mail/node-transports.js';
import { queueMessages, type NewMessage } from '../../src/mail/outbox.js';
import { drainMessages } from '../../src/mail/sender.js';
import { hasTemplate, render } from '../../src/mail/templates.js';
import { planNotifications } from '../../src/notifications/outbox.js';
import { DEFAULT_WAVES } from '../../src/notifications/planning.js';
import { vapidKeys } from '../../src/notifications/vapid.js';
import { PushDeliveryLoop } from '../../src/notifications/delivery-loop.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { createOrganisation } from '../helpers/factories.js';
import { RemotePushService } from './push-child.js';
import { RemoteSmtpServer } from './smtp-child.js';
import { benchPushSender, percentile } from './lib.js';

const MEMBERS = Number(process.env.MEMBERS ?? 2000);
const ASSOCIATIONS = 5; // wave 1 tells all 5
const PUSH_BATCH = 100;
// the e-mail sender's batch (its default, 20, unless told: a knob to see what the batch costs)
const MAIL_OPTS = {
  ...(process.env.MAIL_BATCH ? { batchSize: Number(process.env.MAIL_BATCH) } : {}),
  ...(process.env.MAIL_CONCURRENCY ? { concurrency: Number(process.env.MAIL_CONCURRENCY) } : {}),
};
const POSTS = Number(process.env.POSTS ?? 40); // per posting case
const FROM = 'Surplus Link <noreply@bench.test>';
const PUBLIC_URL = 'https://surplus.bench';
// the e-mail alert's template if the tree has one, else the claim mail's (the same size)
const TEMPLATE = hasTemplate('donation_alert') ? 'donation_alert' : 'donation_claimed';

async function openDb(): Promise<{ db: Kysely<Database>; kind: string; close(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const u = new URL(url);
    const admin = postgres({
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password) || undefined,
      database: 'postgres',
      max: 1,
      onnotice: () => {},
    });
    await admin.unsafe(`drop database if exists "${u.pathname.slice(1)}" with (force)`);
    await admin.unsafe(`create database "${u.pathname.slice(1)}"`);
    await admin.end();
    const { openPostgres } = await import('../../src/db/postgres.js');
    const h = openPostgres(url);
    return { db: h.db, kind: 'PostgreSQL', close: () => h.close() };
  }
  const { openPGlite } = await import('../../src/db/pglite.js');
  const h = await openPGlite(null);
  return { db: h.db, kind: 'PGlite (in memory)', close: () => h.close() };
}

/** 5 associations of 400 members; even ones have a push device, odd ones only an e-mail. */
async function seed(db: Kysely<Database>, push: RemotePushService) {
  const shop = await createOrganisation(db, 'shop', { name: 'Bench shop' });
  const far = await createOrganisation(db, 'shop', { name: 'Far shop', lat: 48.85, lng: 2.35 });
  const byMail: { id: number; lang: string }[] = [];
  const per = Math.ceil(MEMBERS / ASSOCIATIONS);
  for (let a = 0, n = 0; a < ASSOCIATIONS; a++) {
    const org = await createOrganisation(db, 'association', {
      name: `Bench association ${a}`,
      lat: 45.7676 + (a + 1) * 0.004,
      radius_km: 10,
    });
    const count = Math.min(per, MEMBERS - n);
    const users = await db
      .insertInto('users')
      .values(
        Array.from({ length: count }, (_, i) => ({
          email: `member-${a}-${i}@example.org`,
          name: `Member ${a}-${i}`,
          password_hash: null,
          lang: i % 3 ? 'fr' : 'en',
        })),
      )
      .returning(['id', 'lang'])
      .execute();
    await db
      .insertInto('memberships')
      .values(
        users.map((u) => ({ user_id: u.id, organisation_id: org.id, role: 'member' as const })),
      )
      .execute();
    const withPush = users.filter((_, i) => i % 2 === 0);
    const devices = await push.devices(withPush.length);
    const subs = withPush.map((u, i) => ({
      user_id: u.id,
      endpoint: devices[i]!.endpoint,
      p256dh: devices[i]!.keys.p256dh,
      auth: devices[i]!.keys.auth,
      user_agent: 'bench',
    }));
    for (let i = 0; i < subs.length; i += 500)
      await db
        .insertInto('push_subscriptions')
        .values(subs.slice(i, i + 500))
        .execute();
    byMail.push(...users.filter((_, i) => i % 2 === 1));
    n += count;
  }
  return { shopId: shop.id, farShopId: far.id, byMail };
}

const params = (id: number) => ({
  driver: 'Nouveau don',
  association: 'Bench shop',
  description: 'Pains et viennoiseries',
  kg: '12,5',
  claimedAt: 'ven. 27 nov., 09:00',
  from: 'ven. 27 nov., 09:00',
  until: 'ven. 27 nov., 12:00',
  id,
});

const alertMails = (users: { id: number }[], donationId: number): NewMessage[] =>
  users.map((u) => ({
    userId: u.id,
    template: TEMPLATE,
    key: `alert:${donationId}`,
    donationId,
    purpose: 'donation_alerts',
    params: params(donationId),
    links: { donation: `/donations/${donationId}` },
  }));

let alertExists: boolean | null = null;
/**
 * A post as the app makes it, in one transaction: the donation, its planned waves (push rows and,
 * where the tree has it, the e-mail alert's rows); `email` and no alert in the tree: the bench
 * writes the 1,000 e-mails itself with queueMessages, in the same transaction.
 */
async function post(
  db: Kysely<Database>,
  shopId: number,
  byMail: { id: number }[],
  email: boolean,
) {
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const shop = await trx
      .selectFrom('organisations')
      .select(['lat', 'lng'])
      .where('id', '=', shopId)
      .executeTakeFirstOrThrow();
    const d = await trx
      .insertInto('donations')
      .values({
        shop_id: shopId,
        category: 'bakery',
        description: 'Pains et viennoiseries',
        quantity_kg: 12.5,
        storage: 'ambient',
        pickup_from: now,
        pickup_until: new Date(now.getTime() + 3 * 3600_000),
        created_at: now,
        lat: shop.lat,
        lng: shop.lng,
      } as any)
      .returningAll()
      .executeTakeFirstOrThrow();
    await planNotifications(trx, d, now, { ...DEFAULT_WAVES, waveSize: ASSOCIATIONS });
    if (alertExists === null) {
      const rows = await trx
        .selectFrom('push_deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('donation_id', '=', d.id)
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      alertExists = Number(rows.n) > 0;
    }
    if (email && !alertExists) await queueMessages(trx, 'email', alertMails(byMail, d.id), now);
    return d;
  });
}

/** The same messages, rendered as the sender renders them, sent by nodemailer alone. */
async function bareLoop(
  port: number,
  users: { id: number; lang: string }[],
  smtp: RemoteSmtpServer,
) {
  const transport = nodemailer.createTransport({
    url: `smtp://127.0.0.1:${port}`,
    pool: true,
    maxConnections: 5,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const start = await smtp.stats();
  const before = start.count;
  const t0 = performance.now();
  await Promise.all(
    users.map((u, i) => {
      const unsubscribe = `${PUBLIC_URL}/unsubscribe/${'x'.repeat(43)}`;
      const m = render(
        TEMPLATE,
        u.lang === 'en' ? 'en' : 'fr',
        params(1),
        { donation: `${PUBLIC_URL}/donations/1`, unsubscribe },
        unsubscribe,
      );
      return transport.sendMail({
        from: FROM,
        to: `bare-${i}@example.org`,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  const end = await smtp.stats();
  const got = end.count - before;
  if (got !== users.length) throw new Error(`bare loop: ${got} of ${users.length} arrived`);
  return { seconds, perSecond: users.length / seconds, smtpCpuMs: end.cpuMs - start.cpuMs };
}

const { db, kind, close } = await openDb();
await migrateToLatest(db);
const push = await new RemotePushService().start();
const smtp = await new RemoteSmtpServer().start();
const { shopId, farShopId, byMail } = await seed(db, push);
const keys = await vapidKeys(db, { vapidSubject: 'mailto:bench@example.org' });
const pushCount = MEMBERS - byMail.length;

// warm-up (JIT, sockets) outside the timings
await bareLoop(smtp.port, byMail.slice(0, 100), smtp);

const bus = new MemoryBus();
const mail = smtpTransport(`smtp://127.0.0.1:${smtp.port}`);
const transports = { mail, from: FROM, publicUrl: PUBLIC_URL };
const pushSender = benchPushSender();
const pushLoop = new PushDeliveryLoop(
  db,
  pushSender.sender,
  async () => keys,
  () => new Date(),
  {
    events: bus,
    batchSize: PUSH_BATCH,
    pollMs: 60_000,
  },
).start();
const mailLoop = new MessageDeliveryLoop(
  () => drainMessages(db, transports, () => new Date(), MAIL_OPTS),
  {
    events: bus,
    pollMs: 60_000,
  },
).start();
await new Promise((r) => setTimeout(r, 300));

const pushStart = await push.stats();
const push0 = pushStart.count;
const smtpStart = await smtp.stats();
const mail0 = smtpStart.count;
await push.verifyFirst(push0 + 50); // the first 50 pushes decrypted and their VAPID checked; then counted
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const donation = await post(db, shopId, byMail, true);
const posted = performance.now();
await bus.publish({ type: 'donation.posted', data: { id: donation.id, shopId } });
await bus.publish({ type: 'mail.queued', data: {} });
// asked once each, answered when all has arrived (no polling while the senders are measured)
const [pushed, mailed] = await Promise.all([
  push.statsAt(push0 + pushCount),
  smtp.statsAt(mail0 + byMail.length),
]);
const lastPush = (pushed.lastAt - performance.timeOrigin - t0) / 1000;
const lastMail = (mailed.lastAt - performance.timeOrigin - t0) / 1000;
const endToEnd = Math.max(lastPush, lastMail);
await pushLoop.stop();
await pushSender.close();
await mailLoop.stop();
mail.close?.();
const ours = byMail.length / lastMail;
// the same from the commit: the sender cannot start before the rows exist (posting is measured
// on its own below)
const oursFromCommit = byMail.length / (lastMail - (posted - t0) / 1000);
// e-mails arrived in each half second after the post (where the sender waits, and for what)
lag.disable();
const cpuBoth = process.cpuUsage(cpu0);
const mailTimes = (await smtp.times(mail0)).map((t) => (t - performance.timeOrigin - t0) / 1000);
const timeline = Array.from(
  { length: Math.ceil(lastMail * 2) },
  (_, i) => mailTimes.filter((t) => t >= i / 2 && t < (i + 1) / 2).length,
).join(' ');
const twice = await smtp.twice('member-');

// the e-mail sender alone (no push beside it): the same 1,000 e-mails queued again, one drain loop
const again = alertMails(byMail, donation.id).map((m) => ({ ...m, key: `again:${donation.id}` }));
await queueMessages(db, 'email', again, new Date());
const mailOnly = smtpTransport(`smtp://127.0.0.1:${smtp.port}`);
const aloneStart = await smtp.stats();
const mail1 = aloneStart.count;
const a0 = performance.now();
const aloneLoop = new MessageDeliveryLoop(
  () => drainMessages(db, { ...transports, mail: mailOnly }, () => new Date(), MAIL_OPTS),
  { pollMs: 60_000 },
).start();
const alone1 = await smtp.statsAt(mail1 + byMail.length);
const alone = byMail.length / ((alone1.lastAt - performance.timeOrigin - a0) / 1000);
await aloneLoop.stop();
mailOnly.close?.();

const bare = await bareLoop(smtp.port, byMail, smtp);

// posting, senders stopped: no rows fitted (a shop far away), push rows only, push + e-mail rows
const timings: Record<string, number[]> = { none: [], push: [], both: [] };
for (let i = 0; i < POSTS; i++)
  for (const [name, shop, email] of [
    ['none', farShopId, false],
    ['push', shopId, false],
    ['both', shopId, true],
  ] as const) {
    const s = performance.now();
    await post(db, shop, byMail, email);
    timings[name].push(performance.now() - s);
  }
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms`;
};

console.log(
  `Messages benchmark on ${kind}: a donation fitting ${MEMBERS} members of ${ASSOCIATIONS} associations, ${pushCount} by push, ${byMail.length} by e-mail (SMTP, pool of 5); the push service and the SMTP server in processes of their own; push encrypted ${pushSender.label}`,
);
if (!alertExists)
  console.log(
    `  NOTE: this tree has no e-mail alert for members without push yet: the bench queued the ${byMail.length} e-mails itself with queueMessages, in the post's transaction (template ${TEMPLATE})`,
  );
console.log(
  `  posting (donation + waves + outbox rows, one transaction): ${(posted - t0).toFixed(0)} ms`,
);
console.log(
  `  post -> last message delivered: ${endToEnd.toFixed(2)} s (last push ${lastPush.toFixed(2)} s, last e-mail ${lastMail.toFixed(2)} s; target < 10 s)  ${endToEnd < 10 ? 'OK' : 'MISSED'}`,
);
console.log(
  `  our e-mail throughput (post to last e-mail, push sending beside it): ${ours.toFixed(0)} mails/s; addresses that got the alert twice: ${twice}`,
);
console.log(
  `  pushes decrypted and VAPID-checked by the push service: ${pushed.verified}, problems: ${pushed.problems.length ? pushed.problems.join('; ') : 'none'}`,
);
console.log(
  `  this process while both sent: CPU ${(((cpuBoth.user + cpuBoth.system) / 1000 / (endToEnd * 1000)) * 100).toFixed(0)} % of one core (all threads), event loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
);
console.log(
  `  the other processes (not ours, on the same two cores): the push service ${(pushed.cpuMs - pushStart.cpuMs).toFixed(0)} ms of CPU up to the last push (${lastPush.toFixed(2)} s, the first 50 decrypted), the SMTP server ${(mailed.cpuMs - smtpStart.cpuMs).toFixed(0)} ms up to the last e-mail (${(alone1.cpuMs - aloneStart.cpuMs).toFixed(0)} ms for our sender alone, ${bare.smtpCpuMs.toFixed(0)} ms for the bare loop)`,
);
console.log(
  `  e-mails arrived per half second after the post: ${timeline} (first at ${mailTimes[0]?.toFixed(2)} s)`,
);
console.log(
  `  our e-mail sender alone (the same 1,000 queued again, no push beside it): ${alone.toFixed(0)} mails/s`,
);
console.log(
  `  bare nodemailer loop, same messages, same server, pool of 5: ${bare.perSecond.toFixed(0)} mails/s (${bare.seconds.toFixed(2)} s)`,
);
console.log(
  `  ratio, with push beside it: ${((ours / bare.perSecond) * 100).toFixed(0)} % (target >= 50 %)  ${ours / bare.perSecond >= 0.5 ? 'OK' : 'MISSED'}`,
);
console.log(
  `  ratio, with push beside it, counted from the commit (${((posted - t0) / 1000).toFixed(2)} s after the post began): ${((oursFromCommit / bare.perSecond) * 100).toFixed(0)} %`,
);
console.log(
  `  ratio, the sender alone: ${((alone / bare.perSecond) * 100).toFixed(0)} % (target >= 50 %)  ${alone / bare.perSecond >= 0.5 ? 'OK' : 'MISSED'}`,
);
console.log(`  posting, ${POSTS} each, senders stopped:`);
console.log(`    no outbox rows (nobody fits):            ${stat(timings.none)}`);
console.log(`    ${pushCount} push rows:                       ${stat(timings.push)}`);
console.log(
  `    ${pushCount} push + ${byMail.length} e-mail rows:            ${stat(timings.both)}`,
);
smtp.stop();
await push.stop();
await close();
