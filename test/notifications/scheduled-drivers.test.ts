import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { runJobsForSlot } from '../../src/jobs/jobs.js';
import { jobsForCron } from '../../src/cloudflare/crons.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { saveChoices } from '../../src/notifications/choices.js';
import {
  queuePickupReminders,
  queuePickupsTomorrow,
} from '../../src/notifications/scheduled/reminders.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrganisation, createUser } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
let transports: MessageTransports;

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  transports = smtp.transports();
});
afterAll(async () => {
  await transports?.mail.close?.();
  await smtp.stop();
  await t?.close();
});

/** A shop, two associations with a driver each; the drivers' outbox rows. */
async function world() {
  const shop = await createOrganisation(t.db, 'shop', { name: 'Boulangerie Martin' });
  const a = await createOrganisation(t.db, 'association');
  const b = await createOrganisation(t.db, 'association');
  const driverA = await createUser(t.db, { organisationId: a.id, role: 'member' });
  const driverB = await createUser(t.db, { organisationId: b.id, role: 'member' });
  return { shop, a, b, driverA, driverB };
}

async function claimed(
  shopId: number,
  assocId: number,
  userId: number,
  from: string,
  until: string,
  claimedAt = '2026-11-20T07:00:00Z',
) {
  return createDonation(t.db, {
    shopId,
    pickup_from: from,
    pickup_until: until,
    created_at: '2026-11-20T06:00:00Z',
    status: 'claimed',
    claimed_by: assocId,
    claimed_by_user: userId,
    claimed_at: claimedAt,
    handover_code: '1234',
  });
}

const outbox = (userId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['channel', 'message_key', 'payload', 'subscription_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

async function device(userId: number) {
  return t.db
    .insertInto('push_subscriptions')
    .values({ user_id: userId, endpoint: `https://push.test/${userId}`, p256dh: 'k', auth: 'a' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('the reminder 30 minutes before the end of a claimed window', () => {
  it('reaches the driver who claimed, once, and nobody else', async () => {
    const w = await world();
    // window 09:00-12:00 Paris (UTC+1): reminder from 11:30
    const d = await claimed(
      w.shop.id,
      w.a.id,
      w.driverA.id,
      '2026-11-20T09:00:00+01:00',
      '2026-11-20T12:00:00+01:00',
    );
    // a claim recorded for B's driver on A's behalf: B's driver is no member of A, told nothing
    await claimed(
      w.shop.id,
      w.a.id,
      w.driverB.id,
      '2026-11-20T09:00:00+01:00',
      '2026-11-20T12:00:00+01:00',
    );
    expect((await queuePickupReminders(t.db, new Date('2026-11-20T11:29:00+01:00'))).users).toBe(0);
    const at = new Date('2026-11-20T11:30:00+01:00');
    // two instances at once (on PostgreSQL each with its own connection), then a rerun
    const second = t.kind === 'postgres' ? openPostgres(t.url!) : null;
    const [x, y] = await Promise.all([
      queuePickupReminders(t.db, at),
      queuePickupReminders(second?.db ?? t.db, at),
    ]);
    await second?.close();
    expect(x.email + y.email).toBe(1);
    expect((await queuePickupReminders(t.db, new Date('2026-11-20T11:45:00+01:00'))).users).toBe(0);
    const rows = await outbox(w.driverA.id);
    expect(rows.map((r) => [r.channel, r.message_key])).toEqual([
      ['email', `pickup_reminder:${d.id}`],
    ]);
    expect(await outbox(w.driverB.id)).toEqual([]);

    expect(await drainMessages(t.db, transports, () => at)).toBeGreaterThanOrEqual(1);
    const mail = await smtp.waitFor(w.driverA.email);
    expect(mail!.subject).toBe('Rappel : collecte chez Boulangerie Martin avant 12:00');
    expect(mail!.text).toContain('Le créneau se termine à 12:00');
    expect(mail!.text).toContain(`https://surplus.test/donations/${d.id}`);
    const header = (name: string) =>
      mail!.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    expect(header('list-unsubscribe')).toMatch(
      /^<https:\/\/surplus\.test\/unsubscribe\/[\w-]{30,}>$/,
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('is not sent for a claim made within the last 30 minutes, or a donation picked up', async () => {
    const w = await world();
    await claimed(
      w.shop.id,
      w.a.id,
      w.driverA.id,
      '2026-11-21T09:00:00+01:00',
      '2026-11-21T12:00:00+01:00',
      '2026-11-21T11:40:00+01:00',
    );
    const done = await claimed(
      w.shop.id,
      w.a.id,
      w.driverA.id,
      '2026-11-21T09:00:00+01:00',
      '2026-11-21T12:00:00+01:00',
    );
    await markPickedUp(t.db, done.id, {
      associationId: w.a.id,
      at: '2026-11-21T11:00:00+01:00',
    });
    expect((await queuePickupReminders(t.db, new Date('2026-11-21T11:45:00+01:00'))).users).toBe(0);
  });

  it('quiet hours: the push is dropped, the e-mail kept', async () => {
    const w = await world();
    await device(w.driverA.id);
    await saveChoices(
      t.db,
      w.driverA.id,
      { kinds: { pickup_reminder: ['push', 'email'] }, quiet: { from: '06:00', until: '07:00' } },
      new Date('2026-11-20T00:00:00Z'),
    );
    // window 05:00-07:00 Paris, reminder at 06:30: quiet
    await claimed(
      w.shop.id,
      w.a.id,
      w.driverA.id,
      '2026-11-22T05:00:00+01:00',
      '2026-11-22T07:00:00+01:00',
    );
    const q = await queuePickupReminders(t.db, new Date('2026-11-22T06:30:00+01:00'));
    expect(q).toMatchObject({ users: 1, email: 1, push: 0 });
    // the same choice outside quiet hours rings too
    await claimed(
      w.shop.id,
      w.a.id,
      w.driverA.id,
      '2026-11-22T09:00:00+01:00',
      '2026-11-22T10:00:00+01:00',
    );
    const r = await queuePickupReminders(t.db, new Date('2026-11-22T09:30:00+01:00'));
    expect(r).toMatchObject({ users: 1, email: 1, push: 1 });
    const push = (await outbox(w.driverA.id)).find((x) => x.channel === 'push')!;
    expect((push.payload as { title: string }).title).toContain('Boulangerie Martin');
  });
});

describe('the evening list of the next morning', () => {
  const hourly = jobsForCron('0 * * * *');
  const run = (iso: string) =>
    runJobsForSlot({ db: t.db, now: () => new Date(iso) }, new Date(iso), hourly, 'test');

  it.each([
    // last Saturday of October: 19:00 Paris is 17:00 UTC (summer), the Sunday morning is winter time
    ['2026-10-24', '2026-10-25', '16:00', '17:00', '18:00', '10:30', '11:30'],
    // last Saturday of March: 19:00 Paris is 18:00 UTC (winter), the Sunday morning is summer time
    ['2027-03-27', '2027-03-28', '17:00', '18:00', '19:00', '09:30', '10:15'],
  ])(
    'on %s it goes at 19:00 Paris, with the windows before noon on %s',
    async (evening, morning, early, right, late, inUtc, outUtc) => {
      const w = await world();
      const soon = await claimed(
        w.shop.id,
        w.a.id,
        w.driverA.id,
        `${morning}T${inUtc}:00Z`,
        `${morning}T${inUtc.slice(0, 3)}50:00Z`,
      );
      // starts after noon Paris: not in the list
      await claimed(
        w.shop.id,
        w.a.id,
        w.driverA.id,
        `${morning}T${outUtc}:00Z`,
        `${morning}T${outUtc.slice(0, 2)}:55:00Z`,
      );
      // B's driver has nothing claimed
      await run(`${evening}T${early}:00Z`);
      expect(await outbox(w.driverA.id)).toEqual([]);
      await run(`${evening}T${right}:00Z`);
      await run(`${evening}T${right}:00Z`); // the same slot again
      await run(`${evening}T${late}:00Z`);
      expect(await queuePickupsTomorrow(t.db, new Date(`${evening}T${right}:30Z`))).toMatchObject({
        users: 0,
      });
      const rows = await outbox(w.driverA.id);
      expect(rows.map((r) => [r.channel, r.message_key])).toEqual([
        ['email', `pickups_tomorrow:${morning}`],
      ]);
      const params = (rows[0].payload as unknown as { params: Record<string, string> }).params;
      expect(params.n).toBe(1);
      expect(params.time0).toBe('11:30–11:50');
      expect(soon.id).toBeGreaterThan(0);
      expect(await outbox(w.driverB.id)).toEqual([]);
    },
  );

  it('one message per driver listing each pickup, in English for an English driver', async () => {
    const w = await world();
    await t.db.updateTable('users').set({ lang: 'en' }).where('id', '=', w.driverB.id).execute();
    for (const h of ['08', '10'])
      await claimed(
        w.shop.id,
        w.b.id,
        w.driverB.id,
        `2026-11-25T${h}:00:00+01:00`,
        `2026-11-25T${h}:30:00+01:00`,
      );
    const evening = new Date('2026-11-24T19:00:00+01:00');
    expect(await queuePickupsTomorrow(t.db, evening)).toMatchObject({ users: 1, email: 1 });
    expect(await outbox(w.driverA.id)).toEqual([]);
    await drainMessages(t.db, transports, () => evening);
    const mail = await smtp.waitFor(w.driverB.email);
    expect(mail!.subject).toBe('Tomorrow morning: 2 pickups');
    expect(mail!.text).toContain('Wednesday 25 November');
    expect(mail!.text).toMatch(/08:00–08:30 — Boulangerie Martin[^\n]*\n\n10:00–10:30/);
    expect(mail!.html).toContain('https://surplus.test/donations');
  });
});
