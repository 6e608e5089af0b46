import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsForCron } from '../../src/cloudflare/crons.js';
import { openPostgres } from '../../src/db/postgres.js';
import { runJobsForSlot } from '../../src/jobs/jobs.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { queueReceiptsReady } from '../../src/notifications/scheduled/receipts.js';
import { isoWeek, queueWeeklySummaries } from '../../src/notifications/scheduled/summaries.js';
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

const outbox = (userId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['channel', 'message_key', 'payload'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
const params = (row: { payload: unknown }) =>
  (row.payload as { params: Record<string, string | number>; links: Record<string, string> })
    .params;

/** A shop (manager and member) giving to association A (manager); B (manager) does nothing. */
async function world() {
  const shop = await createOrganisation(t.db, 'shop', { name: 'Primeur Dupont' });
  const a = await createOrganisation(t.db, 'association', { name: 'Épicerie A' });
  const b = await createOrganisation(t.db, 'association', { name: 'Restos B' });
  return {
    shop,
    a,
    b,
    shopManager: await createUser(t.db, { organisationId: shop.id, role: 'manager' }),
    shopMember: await createUser(t.db, { organisationId: shop.id, role: 'member' }),
    aManager: await createUser(t.db, { organisationId: a.id, role: 'manager' }),
    bManager: await createUser(t.db, { organisationId: b.id, role: 'manager' }),
  };
}

describe('the weekly summary', () => {
  it('isoWeek', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
  });

  it('on Monday 08:00 Paris, to the managers of shops and associations with a week to tell, once', async () => {
    const w = await world();
    const given = await createDonation(t.db, {
      shopId: w.shop.id,
      quantity_kg: 6,
      created_at: '2026-11-25T08:00:00+01:00',
      pickup_from: '2026-11-25T09:00:00+01:00',
      pickup_until: '2026-11-25T12:00:00+01:00',
    });
    await markPickedUp(t.db, given.id, {
      associationId: w.a.id,
      at: '2026-11-25T10:00:00+01:00',
      receivedKg: 5,
    });
    await createDonation(t.db, {
      shopId: w.shop.id,
      created_at: '2026-11-26T08:00:00+01:00',
      pickup_from: '2026-11-26T09:00:00+01:00',
      pickup_until: '2026-11-26T12:00:00+01:00',
      status: 'missed',
      claimed_by: w.a.id,
      claimed_at: '2026-11-26T08:30:00+01:00',
    });
    await createDonation(t.db, {
      shopId: w.shop.id,
      quantity_kg: 3,
      created_at: '2026-11-29T18:00:00+01:00',
      pickup_from: '2026-12-01T09:00:00+01:00',
      pickup_until: '2026-12-01T12:00:00+01:00',
      status: 'claimed',
      claimed_by: w.a.id,
      claimed_at: '2026-11-29T19:00:00+01:00',
    });
    const hourly = jobsForCron('0 * * * *');
    const run = (iso: string) =>
      runJobsForSlot({ db: t.db, now: () => new Date(iso) }, new Date(iso), hourly, 'test');
    await run('2026-11-30T06:00:00Z'); // 07:00 Paris: not yet
    await run('2026-12-01T07:00:00Z'); // 08:00 Paris, but a Tuesday
    expect(await outbox(w.shopManager.id)).toEqual([]);
    await run('2026-11-30T07:00:00Z'); // 08:00 Paris
    const at = new Date('2026-11-30T07:10:00Z');
    const second = t.kind === 'postgres' ? openPostgres(t.url!) : null;
    const again = await Promise.all([
      queueWeeklySummaries(t.db, at),
      queueWeeklySummaries(second?.db ?? t.db, at),
    ]);
    await second?.close();
    expect(again.map((q) => q.users)).toEqual([0, 0]);

    const shopRows = await outbox(w.shopManager.id);
    expect(shopRows.map((r) => [r.channel, r.message_key])).toEqual([
      ['email', 'weekly_summary:2026-W48'],
    ]);
    expect(params(shopRows[0])).toMatchObject({
      org0: 'Primeur Dupont',
      kg0: '5',
      pickups0: 1,
      missed0: 1,
      planned0: 1,
      plannedKg0: '3',
    });
    expect(Number(params(shopRows[0]).meals0)).toBeGreaterThan(0);
    const assocRows = await outbox(w.aManager.id);
    expect(assocRows).toHaveLength(1);
    expect(params(assocRows[0])).toMatchObject({
      org0: 'Épicerie A',
      kg0: '5',
      kind0: 'association',
    });
    // a member (off by default) and the manager of an association with nothing this week: nothing
    expect(await outbox(w.shopMember.id)).toEqual([]);
    expect(await outbox(w.bManager.id)).toEqual([]);

    await drainMessages(t.db, transports, () => at);
    const mail = await smtp.waitFor(w.shopManager.email);
    expect(mail!.subject).toBe('Votre semaine sur Surplus Link (du 23 novembre au 29 novembre)');
    expect(mail!.text).toContain('Primeur Dupont : 5 kg donnés en 1 collecte');
    expect(mail!.text).toContain('1 collecte manquée');
    expect(mail!.text).toContain('À venir : 1 collecte réservée (3 kg).');
    expect(mail!.text).toContain('https://surplus.test/dashboard?from=2026-11-23&to=2026-11-29');
    expect(mail!.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
  });
});

describe('the receipt of the month', () => {
  it('on the 1st, 09:00 Paris, to the managers of shops that had pickups the month before, once', async () => {
    const w = await world();
    const other = await createOrganisation(t.db, 'shop');
    const otherManager = await createUser(t.db, { organisationId: other.id, role: 'manager' });
    await t.db
      .updateTable('users')
      .set({ lang: 'en' })
      .where('id', '=', w.shopManager.id)
      .execute();
    const nov = await createDonation(t.db, {
      shopId: w.shop.id,
      created_at: '2026-11-30T22:00:00+01:00',
      pickup_from: '2026-11-30T22:00:00+01:00',
      pickup_until: '2026-11-30T23:59:00+01:00',
    });
    await markPickedUp(t.db, nov.id, {
      associationId: w.a.id,
      at: '2026-11-30T23:30:00+01:00',
      receivedKg: 4.5,
    });
    const oct = await createDonation(t.db, {
      shopId: other.id,
      created_at: '2026-10-20T08:00:00+02:00',
      pickup_from: '2026-10-20T09:00:00+02:00',
      pickup_until: '2026-10-20T12:00:00+02:00',
    });
    await markPickedUp(t.db, oct.id, { associationId: w.a.id, at: '2026-10-20T10:00:00+02:00' });
    // December in Paris, still November in UTC: not November's
    const dec = await createDonation(t.db, {
      shopId: other.id,
      created_at: '2026-11-30T23:00:00+01:00',
      pickup_from: '2026-11-30T23:00:00+01:00',
      pickup_until: '2026-12-01T02:00:00+01:00',
    });
    await markPickedUp(t.db, dec.id, { associationId: w.a.id, at: '2026-12-01T00:30:00+01:00' });
    const hourly = jobsForCron('0 * * * *');
    const run = (iso: string) =>
      runJobsForSlot({ db: t.db, now: () => new Date(iso) }, new Date(iso), hourly, 'test');
    await run('2026-12-01T07:00:00Z'); // 08:00 Paris
    expect(await outbox(w.shopManager.id)).toEqual([]);
    await run('2026-12-01T08:00:00Z'); // 09:00 Paris
    expect((await queueReceiptsReady(t.db, new Date('2026-12-01T08:30:00Z'))).users).toBe(0);
    const rows = await outbox(w.shopManager.id);
    expect(rows.map((r) => [r.channel, r.message_key])).toEqual([
      ['email', `receipt_ready:${w.shop.id}:2026-11`],
    ]);
    expect(await outbox(w.shopMember.id)).toEqual([]);
    expect(await outbox(otherManager.id)).toEqual([]);
    expect(await outbox(w.aManager.id)).toEqual([]);
    await drainMessages(t.db, transports, () => new Date('2026-12-01T08:30:00Z'));
    const mail = await smtp.waitFor(w.shopManager.email);
    expect(mail!.subject).toBe('Your donations of November 2026: the receipt is ready');
    expect(mail!.text).toContain('Primeur Dupont gave 4.5 kg in 1 pickup to 1 association.');
    expect(mail!.text).toContain(
      `https://surplus.test/receipts?from=2026-11-01&to=2026-11-30&shop=${w.shop.id}`,
    );
  });
});
