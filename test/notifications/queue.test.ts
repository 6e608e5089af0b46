import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveChoices } from '../../src/notifications/choices.js';
import { queueNotifications, type Message } from '../../src/notifications/queue.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrganisation, createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const NOW = new Date('2026-12-03T10:00:00+01:00');
const payload = { title: 'T', body: 'B', url: '/x', donationId: null };
const devices = (userId: number, n: number) =>
  t.db
    .insertInto('push_subscriptions')
    .values(
      Array.from({ length: n }, (_, i) => ({
        user_id: userId,
        endpoint: `https://push.test/${userId}/${i}`,
        p256dh: 'k',
        auth: 'a',
      })),
    )
    .execute();
const rowsOf = (userId: number) =>
  t.db
    .selectFrom('push_deliveries as pd')
    .leftJoin('push_subscriptions as s', 's.id', 'pd.subscription_id')
    .select(['pd.channel', 'pd.user_id', 'pd.message_key', 'pd.donation_id', 'pd.address'])
    .where((eb) => eb.or([eb('pd.user_id', '=', userId), eb('s.user_id', '=', userId)]))
    .orderBy('pd.id')
    .execute();
const mail = (key: string): Message['mail'] => ({ template: 'donation_claimed', key, params: {} });

describe('queueNotifications: the one way to write the outbox', () => {
  it('follows the choice for the kind: e-mail for one, push for another, nothing in quiet hours but e-mail', async () => {
    const org = await createOrganisation(t.db, 'shop');
    const [byMail, byPush, quiet] = await Promise.all(
      [1, 2, 3].map(() => createUser(t.db, { organisationId: org.id })),
    );
    await devices(byPush.id, 2);
    await devices(quiet.id, 1);
    await saveChoices(
      t.db,
      quiet.id,
      { kinds: { donation_claimed: ['push', 'email'] }, quiet: { from: '09:00', until: '11:00' } },
      NOW,
    );
    const messages = [byMail, byPush, quiet].map((u) => ({
      userId: u.id,
      mail: mail('k:1'),
      push: { payload },
    }));
    const q = await queueNotifications(t.db, 'donation_claimed', messages, NOW);
    expect(q).toEqual({ push: 2, email: 2, sms: 0 });
    expect((await rowsOf(byMail.id)).map((r) => r.channel)).toEqual(['email']);
    expect((await rowsOf(byPush.id)).map((r) => r.channel)).toEqual(['push', 'push']);
    expect((await rowsOf(quiet.id)).map((r) => r.channel)).toEqual(['email']);
    // a channel left out of the message is not used, whatever the choice
    expect(
      await queueNotifications(
        t.db,
        'donation_claimed',
        [{ userId: byPush.id, mail: mail('k:2') }],
        NOW,
      ),
    ).toEqual({ push: 0, email: 0, sms: 0 });
  });

  it('kind null (asked for): every device, whatever the choices and quiet hours', async () => {
    const u = await createUser(t.db);
    await devices(u.id, 3);
    await saveChoices(t.db, u.id, { kinds: {}, quiet: { from: '09:00', until: '11:00' } }, NOW);
    expect(
      (await queueNotifications(t.db, null, [{ userId: u.id, push: { payload } }], NOW)).push,
    ).toBe(3);
    expect(
      (
        await queueNotifications(
          t.db,
          'donation_claimed',
          [{ userId: u.id, push: { payload } }],
          NOW,
        )
      ).push,
    ).toBe(0);
  });

  it('once per device and key, or per device and donation; without either, each call writes', async () => {
    const u = await createUser(t.db);
    await devices(u.id, 2);
    const shop = await createOrganisation(t.db, 'shop');
    const d = await createDonation(t.db, { shopId: shop.id });
    const keyed = { userId: u.id, push: { payload, key: 'summary:1' } };
    const offer = { userId: u.id, push: { payload, donationId: d.id } };
    const plain = { userId: u.id, push: { payload } };
    for (let i = 0; i < 2; i++) await queueNotifications(t.db, null, [keyed, offer, plain], NOW);
    const rows = await rowsOf(u.id);
    expect(rows.filter((r) => r.message_key === 'summary:1')).toHaveLength(2);
    expect(rows.filter((r) => r.message_key)[0]).toMatchObject({ user_id: u.id });
    expect(rows.filter((r) => r.message_key)[0].address).toMatch(/^device:\d+$/);
    // the offer's rows name no user (as before): they are the donation's, one per device
    expect(rows.filter((r) => r.donation_id === d.id)).toEqual([
      expect.objectContaining({ user_id: null, message_key: null }),
      expect.objectContaining({ user_id: null, message_key: null }),
    ]);
    expect(rows.filter((r) => !r.message_key && !r.donation_id)).toHaveLength(4);
  });

  it('writes in chunks: more rows than one statement takes', async () => {
    const u = await createUser(t.db);
    // 10,000 keyed rows of 7 values: over the 65,535 parameters one statement holds
    await devices(u.id, 10_000);
    const keyed = { userId: u.id, push: { payload, key: 'many:1' } };
    expect((await queueNotifications(t.db, null, [keyed], NOW)).push).toBe(10_000);
  });
});
