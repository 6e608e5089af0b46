import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { claimDonation, releaseClaim } from '../../src/donations/claims.js';
import { expireDonations } from '../../src/donations/expiry.js';
import { confirmPickup } from '../../src/donations/pickup.js';
import { brevoSmsTransport } from '../../src/mail/brevo.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { render } from '../../src/mail/templates.js';
import { saveChoices } from '../../src/notifications/choices.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';
import { FakeBrevo, TestSmtpServer } from '../helpers/smtp-server.js';
import { associationAt, newPlace, subscribe } from '../notifications/factories.js';
import { FakePushService } from '../notifications/push-service.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
const brevo = new FakeBrevo();
const push = new FakePushService();
let transports: MessageTransports;
const AT = new Date('2026-11-20T09:30:00+01:00');
const LATER = new Date('2026-11-20T10:00:00+01:00');
const AFTER = new Date('2026-11-20T12:01:00+01:00');

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  await brevo.start();
  await push.start();
  transports = smtp.transports({
    sms: brevoSmsTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url, sender: 'SurplusLink' }),
  });
});
afterAll(async () => {
  await transports?.mail.close?.();
  await push.stop();
  await brevo.stop();
  await smtp.stop();
  await t?.close();
});

const rowsOf = (userId: number) =>
  t.db
    .selectFrom('push_deliveries as pd')
    .leftJoin('push_subscriptions as s', 's.id', 'pd.subscription_id')
    .select(['pd.channel', 'pd.message_key', 'pd.payload'])
    .where((eb) => eb.or([eb('pd.user_id', '=', userId), eb('s.user_id', '=', userId)]))
    .orderBy('pd.id')
    .execute();
const keys = async (userId: number) => (await rowsOf(userId)).map((r) => r.message_key ?? 'push');

/** A shop with a manager (e-mail), a member with a phone app (push), one who chose SMS; a driver. */
async function scene() {
  const place = newPlace();
  const shop = await createOrgWithUser(t.db, 'shop', { ...place, name: 'Boulangerie Pasteur' });
  const withPush = await createUser(t.db, { organisationId: shop.org.id, role: 'member' });
  await subscribe(t.db, withPush.id, push.device());
  const bySms = await createUser(t.db, { organisationId: shop.org.id, role: 'member' });
  await t.db
    .updateTable('users')
    .set({ phone: '+33611223344', phone_verified_at: new Date() })
    .where('id', '=', bySms.id)
    .execute();
  await saveChoices(
    t.db,
    bySms.id,
    { kinds: { donation_released: ['sms'], donation_picked_up: [], donation_claimed: [] } },
    AT,
  );
  const other = await createOrgWithUser(t.db, 'shop', { ...place, name: 'Autre commerce' });
  const assoc = await createOrgWithUser(t.db, 'association', {
    lat: place.lat + 0.01,
    lng: place.lng,
    radius_km: 10,
    name: 'Épicerie du Cœur',
  });
  await t.db
    .updateTable('users')
    .set({ name: 'Léa Martin' })
    .where('id', '=', assoc.user.id)
    .execute();
  const driver = await loadActor(
    t.db,
    await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', assoc.user.id)
      .executeTakeFirstOrThrow(),
  );
  return { place, shop, withPush, bySms, other, assoc, driver };
}

describe("the shop's staff are told of each change of their donation", () => {
  it('released (who, why) and picked up (kg, quality): once each, on their channels, only this shop', async () => {
    const s = await scene();
    const d = await createDonation(t.db, { shopId: s.shop.org.id });
    await claimDonation(t.db, s.driver, d.id, AT);
    expect(await keys(s.shop.user.id)).toEqual([`claim:${d.id}:${AT.toISOString()}`]);
    expect(await keys(s.withPush.id)).toEqual(['push']); // the claim on the phone, not by mail
    expect(await keys(s.bySms.id)).toEqual([]); // chose nothing for claims

    await releaseClaim(t.db, s.driver, d.id, AT, 'no_vehicle');
    await expect(releaseClaim(t.db, s.driver, d.id, AT, 'no_vehicle')).rejects.toThrow();
    const released = `released:${d.id}:${AT.toISOString()}`;
    expect((await keys(s.shop.user.id)).filter((k) => k.startsWith('released'))).toEqual([
      released,
    ]);
    expect(await keys(s.withPush.id)).toEqual(['push', 'push']);
    expect((await rowsOf(s.withPush.id))[1].payload).toMatchObject({
      title: 'Épicerie du Cœur ne viendra pas chercher votre don',
      url: `/donations/${d.id}`,
      donationId: null,
    });
    expect(await rowsOf(s.bySms.id)).toEqual([
      expect.objectContaining({ channel: 'sms', message_key: released }),
    ]);

    const claimed = await claimDonation(t.db, s.driver, d.id, LATER);
    const input = {
      handoverCode: claimed.handover_code!,
      receivedKg: 4.5,
      quality: 'good' as const,
    };
    await confirmPickup(t.db, s.driver, d.id, input, LATER);
    await expect(confirmPickup(t.db, s.driver, d.id, input, LATER)).rejects.toThrow();
    expect((await keys(s.shop.user.id)).filter((k) => k.startsWith('picked_up'))).toEqual([
      `picked_up:${d.id}`,
    ]);
    expect(await keys(s.other.user.id)).toEqual([]); // another shop's staff: nothing

    await drainMessages(t.db, transports, () => LATER);
    const mails = smtp.to(s.shop.user.email);
    const gone = mails.find(
      (m) => m.subject === 'Épicerie du Cœur ne viendra pas chercher votre don',
    );
    expect(gone?.text).toContain(
      'Léa Martin (Épicerie du Cœur) a rendu votre don « Pains et viennoiseries ».',
    );
    expect(gone?.text).toContain('Raison donnée : Pas de véhicule.');
    const collected = mails.find((m) => m.subject === 'Don collecté : 4,5 kg');
    expect(collected?.text).toContain(
      'a collecté votre don « Pains et viennoiseries » : 4,5 kg reçus.',
    );
    expect(collected?.text).toContain('Qualité : Bonne.');
    expect(collected?.html).toContain(`https://surplus.test/donations/${d.id}`);
    expect(brevo.sms.filter((m) => m.recipient === '33611223344')).toHaveLength(1);
    expect(brevo.sms.find((m) => m.recipient === '33611223344').content).toContain(
      'ne viendra pas chercher « Pains et viennoiseries » (Pas de véhicule)',
    );
  });

  it('nobody took it: told once at the end of the window, with the reasons of the matching', async () => {
    const s = await scene();
    // chilled food, and the only association near enough has no fridge
    const d = await createDonation(t.db, {
      shopId: s.shop.org.id,
      storage: 'chilled',
      category: 'dairy',
    });
    expect(await expireDonations(t.db, AFTER)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: d.id, status: 'expired' })]),
    );
    await expireDonations(t.db, new Date(AFTER.getTime() + 60_000));
    expect((await keys(s.shop.user.id)).filter((k) => k.startsWith('unclaimed'))).toEqual([
      `unclaimed:${d.id}`,
    ]);
    expect(await keys(s.withPush.id)).toEqual(['push']);
    expect(await keys(s.other.user.id)).toEqual([]);
    await drainMessages(t.db, transports, () => AFTER);
    const mail = smtp
      .to(s.shop.user.email)
      .find((m) => m.subject === 'Personne n’a pu prendre votre don');
    expect(mail?.text).toContain(
      'Personne n’a pu prendre votre don « Pains et viennoiseries » (5 kg)',
    );
    expect(mail?.text).toMatch(/n’a pas de réfrigérateur pour le frais|n’ont pas de réfrigérateur/);
  });

  it('nobody took it although associations were told: says how many', async () => {
    const s = await scene();
    const d = await createDonation(t.db, { shopId: s.shop.org.id });
    await t.db
      .insertInto('notification_targets')
      .values([
        {
          donation_id: d.id,
          association_id: s.assoc.org.id,
          distance_km: 1,
          rank: 0,
          wave: 1,
          due_at: AT,
          told_at: AT,
        },
      ])
      .execute();
    await expireDonations(t.db, AFTER);
    await drainMessages(t.db, transports, () => AFTER);
    const mail = smtp
      .to(s.shop.user.email)
      .find((m) => m.subject === 'Personne n’a pu prendre votre don');
    expect(mail?.text).toContain('Une association a été prévenue, aucune n’a pu le réserver.');
  });

  it('nobody took it although associations were told: says why, as far as is known', async () => {
    const s = await scene();
    const d = await createDonation(t.db, { shopId: s.shop.org.id });
    // (its 40 km radius makes 30 km a distance some association collects from: only those are
    // "too far", not every association of the country)
    const silent = await associationAt(t.db, s.place, 2, { radius_km: 40 });
    const next = await associationAt(t.db, s.place, 3);
    // fits, but collects on Mondays only (20 November 2026 is a Friday)
    await associationAt(t.db, s.place, 4, { pickup_days: JSON.stringify([1]) });
    // out of reach: 30 km away, within 10 km only
    await associationAt(t.db, s.place, 30);
    const target = (associationId: number, rank: number, toldAt: Date | null) => ({
      donation_id: d.id,
      association_id: associationId,
      distance_km: rank + 1,
      rank,
      wave: rank + 1,
      due_at: toldAt ?? AFTER,
      told_at: toldAt,
    });
    await t.db
      .insertInto('notification_targets')
      .values([
        target(s.assoc.org.id, 0, AT),
        target(silent.org.id, 1, AT), // told, but no message of theirs was sent
        target(next.org.id, 2, null), // its wave would have come after the window
      ])
      .execute();
    // the first one claimed it and gave it back
    await claimDonation(t.db, s.driver, d.id, AT);
    await releaseClaim(t.db, s.driver, d.id, LATER, 'no_vehicle');
    await expireDonations(t.db, AFTER);
    await drainMessages(t.db, transports, () => AFTER);
    const mail = smtp
      .to(s.shop.user.email)
      .find(
        (m) => m.subject === 'Personne n’a pu prendre votre don' && m.text?.includes('prévenues'),
      );
    const text = (mail?.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('2 associations ont été prévenues, aucune n’a pu le réserver.');
    expect(text).toContain('Une association l’a réservé puis rendu : pas de véhicule.');
    expect(text).toContain('Une association prévenue n’a pu être jointe à temps');
    expect(text).toContain('Une autre association aurait été prévenue ensuite');
    expect(text).toContain('Une association proche ne collecte pas à ces jours et heures.');
    expect(text).toMatch(/trop loin/);
    const row = await t.db
      .selectFrom('push_deliveries')
      .select('payload')
      .where('user_id', '=', s.shop.user.id)
      .where('message_key', '=', `unclaimed:${d.id}`)
      .executeTakeFirstOrThrow();
    const en = render(
      'donation_unclaimed',
      'en',
      (row.payload as unknown as { params: Record<string, string | number> }).params,
      {},
    );
    expect(en.text).toContain('One association claimed it, then gave it back: no vehicle.');
    expect(en.text).toContain('on those days and hours');
  });
});
