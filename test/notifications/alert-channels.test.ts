import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brevoSmsTransport } from '../../src/mail/brevo.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { saveChoices } from '../../src/notifications/choices.js';
import { queueChangeAlert } from '../../src/notifications/change-alert.js';
import { escalateWaves } from '../../src/notifications/outbox.js';
import { buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeBrevo, TestSmtpServer } from '../helpers/smtp-server.js';
import {
  associationAt,
  deliveries,
  newPlace,
  postDonationAt,
  shopAt,
  subscribe,
} from './factories.js';
import { FakePushService } from './push-service.js';

let t: TestDatabase;
const push = new FakePushService();
const smtp = new TestSmtpServer();
const brevo = new FakeBrevo();
let transports: MessageTransports;
const FRIDAY_9 = new Date('2026-11-27T09:00:00+01:00');
const FRIDAY_23 = new Date('2026-11-27T23:00:00+01:00');
const MIN = 60_000;

beforeAll(async () => {
  t = await openTestDatabase();
  await push.start();
  await smtp.start();
  await brevo.start();
  transports = smtp.transports({
    sms: brevoSmsTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url, sender: 'SurplusLink' }),
  });
});
afterAll(async () => {
  await transports?.mail.close?.();
  await brevo.stop();
  await smtp.stop();
  await push.stop();
  await t?.close();
});

const setUser = (id: number, values: Record<string, unknown>) =>
  t.db.updateTable('users').set(values).where('id', '=', id).execute();

const rowsOf = (userId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['channel', 'message_key', 'status', 'donation_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

/** One association 1.2 km away with four members: a phone with push, none, SMS chosen, English. */
async function scene() {
  const place = newPlace();
  const shop = await shopAt(t.db, place);
  await t.db
    .updateTable('organisations')
    .set({ name: 'Boulangerie Pasteur' })
    .where('id', '=', shop.id)
    .execute();
  const a = await associationAt(t.db, place, 1.2, {}, 4);
  const [withPush, noDevice, bySms, english] = a.users;
  await subscribe(t.db, withPush.id, push.device());
  await setUser(bySms.id, { phone: '+33612345601', phone_verified_at: FRIDAY_9 });
  await saveChoices(t.db, bySms.id, { kinds: { donation_alert: ['sms'] } }, FRIDAY_9);
  await setUser(english.id, { lang: 'en' });
  return { place, shop, a, withPush, noDevice, bySms, english };
}

describe('the alert of a new donation, by the channels each member chose', () => {
  it('push where a device is, e-mail for a member without one, SMS for one who chose it', async () => {
    const s = await scene();
    const d = await postDonationAt(t.db, s.shop.id, FRIDAY_9);
    // the push rows as before: one per device, only the member with a device
    expect((await deliveries(t.db, d.id)).map((r) => r.user_id)).toEqual([s.withPush.id]);
    expect(await rowsOf(s.withPush.id)).toEqual([]); // no e-mail for the one who has push
    expect(await rowsOf(s.noDevice.id)).toEqual([
      { channel: 'email', message_key: `alert:${d.id}`, status: 'pending', donation_id: d.id },
    ]);
    expect((await rowsOf(s.bySms.id)).map((r) => r.channel)).toEqual(['sms']);

    await drainMessages(t.db, transports, () => FRIDAY_9);
    const mail = await smtp.waitFor(s.noDevice.email);
    expect(mail?.subject).toBe('Don à 1,2 km : Boulangerie, 12,5 kg');
    expect(mail!.text).toContain(
      'Boulangerie Pasteur propose un don qui convient à votre association, à 1,2 km : « Pains et viennoiseries », 12,5 kg',
    );
    expect(mail!.text).toContain(`https://surplus.test/donations/${d.id}`);
    expect(mail!.html).toContain(`href="https://surplus.test/donations/${d.id}"`);
    expect(mail!.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(true);
    const en = await smtp.waitFor(s.english.email);
    expect(en?.subject).toBe('Donation 1.2 km away: Bakery, 12.5 kg');
    const sms = brevo.sms.filter((m) => m.recipient === '33612345601');
    expect(sms).toHaveLength(1);
    expect(sms[0].content).toContain('Surplus Link : don à 1,2 km, Boulangerie 12,5 kg');
    expect(sms[0].content).toContain(`https://surplus.test/donations/${d.id}`);
    expect(smtp.to(s.bySms.email)).toHaveLength(0);
  });

  it('quiet hours hold back push and SMS; a chosen e-mail still goes', async () => {
    const s = await scene();
    const quiet = { from: '22:00', until: '07:00' };
    for (const u of [s.withPush, s.bySms])
      await saveChoices(t.db, u.id, { kinds: {}, quiet }, FRIDAY_9);
    await saveChoices(
      t.db,
      s.noDevice.id,
      { kinds: { donation_alert: ['email', 'sms'] }, quiet },
      FRIDAY_9,
    );
    await setUser(s.noDevice.id, { phone: '+33612345602', phone_verified_at: FRIDAY_9 });
    const d = await postDonationAt(t.db, s.shop.id, FRIDAY_23, {
      pickup_until: new Date(FRIDAY_23.getTime() + 10 * 3600_000),
    });
    expect(await deliveries(t.db, d.id)).toEqual([]);
    expect(await rowsOf(s.withPush.id)).toEqual([]);
    expect(await rowsOf(s.bySms.id)).toEqual([]);
    expect((await rowsOf(s.noDevice.id)).map((r) => r.channel)).toEqual(['email']);
  });

  it('a member who unsubscribed from the alert mails gets no more of them; other mail goes on', async () => {
    const s = await scene();
    const env = buildApp(t.db);
    env.clock.set(FRIDAY_9);
    const first = await postDonationAt(t.db, s.shop.id, FRIDAY_9);
    await drainMessages(t.db, transports, () => FRIDAY_9);
    const mail = await smtp.waitFor(s.noDevice.email);
    const link = /<(https:\/\/surplus\.test\/unsubscribe\/[\w-]+)>/.exec(
      mail!.headerLines.find((h) => h.key === 'list-unsubscribe')!.line,
    )![1];
    const ask = await env.app.request(link.replace('https://surplus.test', 'http://localhost'));
    expect(await ask.text()).toContain('les alertes de nouveaux dons');
    const res = await env.app.request(link.replace('https://surplus.test', 'http://localhost'), {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    const later = new Date(FRIDAY_9.getTime() + 5 * MIN);
    const second = await postDonationAt(t.db, s.shop.id, later);
    expect((await rowsOf(s.noDevice.id)).map((r) => r.message_key)).toEqual([`alert:${first.id}`]);
    // the others are still told of the second one
    expect((await rowsOf(s.english.id)).map((r) => r.message_key)).toContain(`alert:${second.id}`);
  });

  it('later waves tell their members the same way, and nobody twice; a claimed offer is not mailed', async () => {
    const place = newPlace();
    const shop = await shopAt(t.db, place);
    const near = [];
    for (let i = 0; i < 5; i++) near.push(await associationAt(t.db, place, 0.5 + i * 0.3));
    const far = await associationAt(t.db, place, 3, {}, 1);
    // a member of a wave-1 association and of the wave-2 one
    await t.db
      .insertInto('memberships')
      .values({ user_id: near[0].users[0].id, organisation_id: far.org.id, role: 'member' })
      .execute();
    const d = await postDonationAt(t.db, shop.id, FRIDAY_9);
    expect((await rowsOf(far.users[0].id)).length).toBe(0);
    await escalateWaves(t.db, new Date(FRIDAY_9.getTime() + 10 * MIN));
    expect((await rowsOf(far.users[0].id)).map((r) => r.message_key)).toEqual([`alert:${d.id}`]);
    expect(await rowsOf(near[0].users[0].id)).toHaveLength(1);
    // claimed before the sender ran: the alert mails are skipped, not sent
    await t.db
      .updateTable('donations')
      .set({ status: 'claimed', claimed_by: near[1].org.id })
      .where('id', '=', d.id)
      .execute();
    await drainMessages(t.db, transports, () => new Date(FRIDAY_9.getTime() + 11 * MIN));
    expect(smtp.to(far.users[0].email)).toHaveLength(0);
    expect((await rowsOf(far.users[0].id))[0].status).toBe('skipped');
  });

  it('the one change alert reaches members without a device by e-mail too', async () => {
    const s = await scene();
    const d = await postDonationAt(t.db, s.shop.id, FRIDAY_9);
    await t.db
      .transaction()
      .execute((trx) =>
        queueChangeAlert(trx, { ...d, quantity_kg: 20 }, new Date(FRIDAY_9.getTime() + MIN)),
      );
    expect((await rowsOf(s.noDevice.id)).map((r) => r.message_key)).toEqual([
      `alert:${d.id}`,
      `change:${d.id}`,
    ]);
    expect(await deliveries(t.db)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: s.withPush.id, donation_id: null }),
      ]),
    );
    await drainMessages(t.db, transports, () => new Date(FRIDAY_9.getTime() + 2 * MIN));
    const changed = smtp.to(s.noDevice.email).find((m) => m.subject?.startsWith('Don modifié'));
    expect(changed?.subject).toBe('Don modifié : Boulangerie, 20 kg');
  });
});
