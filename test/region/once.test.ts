import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/accounts/domain.js';
import { donationBody } from '../chaos/lib.js';
import { createUser } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';
import { associationAt, newPlace, shopAt, subscribe } from '../notifications/factories.js';
import { FakePushService } from '../notifications/push-service.js';
import {
  eventually,
  lbCall,
  pause,
  region,
  regionDatabase,
  skipReason,
  type TestRegion,
} from './lib.js';

// Issue 18: three instances, each with its push sender, its e-mail sender and its scheduler, all
// woken by the same events. A real local push service (it decrypts each message) and a real SMTP
// server: each alert arrives once, not three times, and so does what the minute's escalation job
// (run by one instance for its slot) sends.

/** How long to keep listening for a second copy once the first has arrived. */
const SETTLE_MS = 3_000;

describe.skipIf(!!skipReason)('a region: each push, e-mail and job once', () => {
  let pg: Awaited<ReturnType<typeof regionDatabase>>;
  let r: TestRegion;
  let push: FakePushService;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    pg = await regionDatabase('once');
    push = await new FakePushService().start();
    smtp = await new TestSmtpServer().start();
    r = await region(pg.url, {
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'http://localhost:3000',
        MAIL_FROM: 'Surplus Link <noreply@test>',
        // one association per wave, the second wave 3 s after posting: the escalation job of the
        // next minute tells it
        PUSH_WAVE_SIZE: '1',
        PUSH_WAVE_MINUTES: '0.05',
      },
    });
  });
  afterAll(async () => {
    await r?.stop();
    await push?.stop();
    await smtp?.stop();
    await pg?.drop();
  });

  it(
    'a post tells wave 1 once by push and once by e-mail; the escalation job tells wave 2 once',
    { timeout: 150_000 },
    async () => {
      const place = newPlace();
      const shop = await shopAt(pg.db, place);
      const shopUser = await createUser(pg.db, { organisationId: shop.id });
      const token = await createApiToken(pg.db, shopUser.id, new Date());
      // wave 1: a member with a phone (push) and one without (e-mail); wave 2: a member with a phone
      const near = await associationAt(pg.db, place, 1, {}, 2);
      const far = await associationAt(pg.db, place, 2, {}, 1);
      const nearPhone = push.device();
      const farPhone = push.device();
      await subscribe(pg.db, near.users[0].id, nearPhone);
      await subscribe(pg.db, far.users[0].id, farPhone);
      const mailed = near.users[1].email;

      const post = await lbCall(
        r.port,
        'POST',
        '/api/v1/donations',
        { authorization: `Bearer ${token}` },
        donationBody('Invendus du marché'),
      );
      expect(post.status).toBe(201);
      const id = JSON.parse(post.body).id;

      expect(await eventually(() => push.for(nearPhone.id).length > 0, 20_000)).toBe(true);
      expect(await eventually(() => smtp.to(mailed).length > 0, 20_000)).toBe(true);
      await pause(SETTLE_MS);
      expect(push.for(nearPhone.id)).toHaveLength(1);
      expect(push.for(nearPhone.id)[0].payload).toMatchObject({ donationId: id });
      expect(smtp.to(mailed)).toHaveLength(1);
      expect(push.problems).toEqual([]);

      // wave 2 is the escalation job's, at the next minute on one of the three instances
      expect(await eventually(() => push.for(farPhone.id).length > 0, 75_000)).toBe(true);
      await pause(SETTLE_MS);
      expect(push.for(farPhone.id)).toHaveLength(1);
      expect(push.for(nearPhone.id)).toHaveLength(1);
      expect(smtp.to(mailed)).toHaveLength(1);
      const rows = await pg.db
        .selectFrom('push_deliveries')
        .select(['status'])
        .where('donation_id', '=', id)
        .where('channel', '=', 'push')
        .execute();
      expect(rows.map((x) => x.status)).toEqual(['sent', 'sent']);

      // the slot that told wave 2 was claimed by one instance of the region, and recorded done
      const told = await pg.db
        .selectFrom('notification_targets')
        .select('told_at')
        .where('donation_id', '=', id)
        .where('association_id', '=', far.org.id)
        .executeTakeFirstOrThrow();
      const runs = await pg.db
        .selectFrom('job_runs')
        .select(['key', 'instance', 'finished_at'])
        .where(sql<boolean>`key like 'escalate-waves:%'`)
        .execute();
      // the last slot that began before wave 2 was told (one row per slot: the key is unique)
      const slotOf = (key: string) => new Date(key.slice('escalate-waves:'.length)).getTime();
      const before = runs.filter((x) => slotOf(x.key) <= new Date(told.told_at!).getTime());
      const last = Math.max(...before.map((x) => slotOf(x.key)));
      const run = before.filter((x) => slotOf(x.key) === last);
      expect(run).toHaveLength(1);
      expect(run[0].finished_at).not.toBeNull();
      const pids = r.instances.map((i) => String(i.pid));
      expect(pids).toContain(run[0].instance!.split('-')[0]);
    },
  );
});
