import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelsFor,
  defaultChannels,
  inQuietHours,
  readChoices,
  saveChoices,
} from '../../src/notifications/choices.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation, createUser } from '../helpers/factories.js';

let t: TestDatabase;
const NOON = new Date('2026-11-27T12:00:00+01:00');
const NIGHT = new Date('2026-11-27T23:30:00+01:00');

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function device(userId: number) {
  await t.db
    .insertInto('push_subscriptions')
    .values({
      user_id: userId,
      endpoint: `https://push.test/${userId}-${Math.random()}`,
      p256dh: 'k',
      auth: 'a',
    })
    .execute();
}

describe('quiet hours', () => {
  it.each([
    ['22:00', '07:00', '23:30', true],
    ['22:00', '07:00', '06:59', true],
    ['22:00', '07:00', '07:00', false],
    ['22:00', '07:00', '12:00', false],
    ['12:00', '14:00', '13:00', true],
    ['12:00', '14:00', '14:00', false],
    ['12:00', '12:00', '12:00', false],
  ])('from %s until %s, at %s: %s', (from, until, at, quiet) => {
    expect(inQuietHours(at, from, until)).toBe(quiet);
  });
  it('none set: never quiet', () => {
    expect(inQuietHours('03:00', null, null)).toBe(false);
  });
});

describe('channels of a kind', () => {
  it('by default: push where the user has a device, else e-mail; summaries only to managers', async () => {
    const org = await createOrganisation(t.db, 'association');
    const withPush = await createUser(t.db, { organisationId: org.id, role: 'member' });
    const without = await createUser(t.db, { organisationId: org.id, role: 'member' });
    const manager = await createUser(t.db, { organisationId: org.id, role: 'manager' });
    await device(withPush.id);
    const ids = [withPush.id, without.id, manager.id];
    const alert = await channelsFor(t.db, ids, 'donation_alert', NOON);
    expect(alert.get(withPush.id)).toEqual(['push']);
    expect(alert.get(without.id)).toEqual(['email']);
    const weekly = await channelsFor(t.db, ids, 'weekly_summary', NOON);
    expect(weekly.get(withPush.id)).toEqual([]);
    expect(weekly.get(manager.id)).toEqual(['email']);
    expect(defaultChannels('receipt_ready', { hasPush: true, isManager: false })).toEqual([
      'email',
    ]);
  });

  it('a choice replaces the default for that kind only, and an empty choice means none', async () => {
    const u = await createUser(t.db);
    await device(u.id);
    await saveChoices(
      t.db,
      u.id,
      { kinds: { donation_alert: ['sms', 'email', 'sms'], pickup_reminder: [] } },
      NOON,
    );
    expect((await channelsFor(t.db, [u.id], 'donation_alert', NOON)).get(u.id)).toEqual([
      'sms',
      'email',
    ]);
    expect((await channelsFor(t.db, [u.id], 'pickup_reminder', NOON)).get(u.id)).toEqual([]);
    expect((await channelsFor(t.db, [u.id], 'donation_claimed', NOON)).get(u.id)).toEqual(['push']);
    // saved again: replaced, not added to
    await saveChoices(t.db, u.id, { kinds: { donation_alert: ['push'] } }, NOON);
    const read = await readChoices(t.db, u.id);
    expect(read.kinds.donation_alert).toEqual(['push']);
    expect(read.kinds.pickup_reminder).toEqual([]);
    expect(read.chosen.has('donation_claimed')).toBe(false);
  });

  it('during quiet hours nothing rings: push and SMS are dropped, e-mail stays', async () => {
    const u = await createUser(t.db);
    await saveChoices(
      t.db,
      u.id,
      {
        kinds: { donation_alert: ['push', 'sms', 'email'] },
        quiet: { from: '22:00', until: '07:00' },
      },
      NOON,
    );
    expect((await channelsFor(t.db, [u.id], 'donation_alert', NIGHT)).get(u.id)).toEqual(['email']);
    expect((await channelsFor(t.db, [u.id], 'donation_alert', NOON)).get(u.id)).toEqual([
      'push',
      'sms',
      'email',
    ]);
    expect((await readChoices(t.db, u.id)).quietFrom).toBe('22:00');
    await saveChoices(t.db, u.id, { kinds: {}, quiet: null }, NOON);
    expect((await channelsFor(t.db, [u.id], 'donation_alert', NIGHT)).get(u.id)).toHaveLength(3);
  });

  it('the database refuses a channel it does not know and half-set quiet hours', async () => {
    const u = await createUser(t.db);
    await expect(
      t.db
        .insertInto('notification_choices')
        .values({ user_id: u.id, kind: 'donation_alert', channels: '["pigeon"]' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db.updateTable('users').set({ quiet_from: '22:00' }).where('id', '=', u.id).execute(),
    ).rejects.toThrow();
  });

  it('three queries whatever the number of users; unknown ids are left out', async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => createUser(t.db)));
    const map = await channelsFor(
      t.db,
      [...users.map((u) => u.id), 999_999],
      'donation_alert',
      NOON,
    );
    expect(map.size).toBe(30);
    expect(map.has(999_999)).toBe(false);
  });
});
