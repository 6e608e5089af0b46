import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsFor } from '../../src/notifications/choices.js';
import { apiAs, ApiClient, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { subscribe } from './factories.js';
import { FakePushService } from './push-service.js';

let t: TestDatabase;
let env: ReturnType<typeof strictApp>;
const push = new FakePushService();
const NOW = new Date('2026-11-27T09:00:00+01:00');

beforeAll(async () => {
  t = await openTestDatabase();
  await push.start();
  env = strictApp(t.db);
  env.clock.set(NOW);
});
afterAll(async () => {
  await push.stop();
  await t?.close();
});
useNoServerErrors();

async function member(kind: 'shop' | 'association') {
  const o = await createOrgWithUser(t.db, kind, {}, 'member');
  return { ...o, api: await apiAs(env.app, o.user.email, PASSWORD) };
}
const put = (api: ApiClient, body: unknown) => api.call('PUT', '/me/notifications', body);

describe('GET and PUT /api/v1/me/notifications', () => {
  it("gives the caller's kinds with their channels (the defaults), quiet hours and what can be offered", async () => {
    const a = await member('association');
    const res = await a.api.get('/me/notifications');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kinds: {
        arrangement_offer: ['email'], // the dates a standing arrangement offers first
        donation_alert: ['email'],
        pickup_reminder: ['email'],
        pickups_tomorrow: ['email'],
        weekly_summary: [], // off by default for members
        territory_news: [], // the territory's news: off by default for members too
        convention_news: [], // a donation agreement's news: told to managers only
      },
      quiet: null,
      available: ['email'],
    });
    const s = await member('shop');
    expect(Object.keys((await s.api.get('/me/notifications')).body.kinds)).toEqual([
      'donation_claimed',
      'donation_released',
      'donation_picked_up',
      'donation_unclaimed',
      'receipt_ready',
      'weekly_summary',
      'territory_news',
      'convention_news',
    ]);
    expect((await new ApiClient(env.app).get('/me/notifications')).status).toBe(401);
  });

  it('saves what the page saves: the same choices read back by the page and used to send', async () => {
    const a = await member('association');
    await subscribe(t.db, a.user.id, push.device());
    await t.db
      .updateTable('users')
      .set({ phone: '+33612340001', phone_verified_at: NOW })
      .where('id', '=', a.user.id)
      .execute();
    const res = await put(a.api, {
      kinds: { donation_alert: ['sms', 'push'], weekly_summary: ['email'] },
      quiet: { from: '22:00', until: '07:00' },
    });
    expect(res.status).toBe(200);
    expect(res.body.kinds.donation_alert).toEqual(['sms', 'push']);
    expect(res.body.kinds.weekly_summary).toEqual(['email']);
    expect(res.body.kinds.pickup_reminder).toEqual(['push']); // not given: the default kept
    expect(res.body.quiet).toEqual({ from: '22:00', until: '07:00' });
    expect(res.body.available).toEqual(['push', 'email', 'sms']);
    // the sending side reads the same rows: at 23:00 Paris, quiet hours drop push and SMS
    const night = new Date('2026-11-27T23:00:00+01:00');
    expect((await channelsFor(t.db, [a.user.id], 'donation_alert', night)).get(a.user.id)).toEqual(
      [],
    );
    expect((await channelsFor(t.db, [a.user.id], 'donation_alert', NOW)).get(a.user.id)).toEqual([
      'sms',
      'push',
    ]);
    // and the page shows them
    const html = await (
      await (await signedIn(env.app, a.user.email)).get('/account/notifications')
    ).text();
    expect(html).toMatch(/name="c_donation_alert" value="sms" checked/);
    expect(html).toContain('value="22:00"');
    // null removes the quiet hours; absent keeps them
    expect((await put(a.api, { kinds: { donation_alert: [] } })).body.quiet).toEqual({
      from: '22:00',
      until: '07:00',
    });
    const off = await put(a.api, { quiet: null });
    expect(off.body.quiet).toBeNull();
    expect(off.body.kinds.donation_alert).toEqual([]);
  });

  it('refuses what the caller cannot be offered or cannot mean, field by field, and saves nothing', async () => {
    const a = await member('association');
    const cases: [unknown, number, Record<string, string>][] = [
      [
        { kinds: { donation_alert: ['sms'] } },
        422,
        { 'kinds.donation_alert': expect.stringMatching(/phone number/) },
      ],
      [
        { kinds: { donation_alert: ['push'] } },
        422,
        { 'kinds.donation_alert': expect.stringMatching(/device/) },
      ],
      [
        { kinds: { donation_alert: ['pigeon'] } },
        422,
        { 'kinds.donation_alert': expect.any(String) },
      ],
      // a shop's kind, for an association's member
      [
        { kinds: { donation_claimed: ['email'] } },
        422,
        { 'kinds.donation_claimed': expect.any(String) },
      ],
      [
        { kinds: { donation_alert: ['email', 'email', 'email', 'email'] } },
        422,
        { 'kinds.donation_alert': expect.any(String) },
      ],
      [
        { kinds: { ['x'.repeat(500)]: [] } },
        422,
        { [`kinds.${'x'.repeat(500)}`]: expect.any(String) },
      ],
      [
        { quiet: { from: '25:00', until: '07:00' } },
        422,
        { 'quiet.from': expect.stringMatching(/time/) },
      ],
      [
        { quiet: { from: '07:00', until: '07:00' } },
        422,
        { 'quiet.until': expect.stringMatching(/differ/) },
      ],
      [{ quiet: { from: '22:00' } }, 422, { 'quiet.until': expect.any(String) }],
      [{ kinds: 'email' }, 422, { kinds: expect.any(String) }],
      [{ kinds: {}, userId: 1 }, 422, {}],
    ];
    for (const [body, status, fields] of cases) {
      const res = await put(a.api, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.fields ?? {}).toMatchObject(fields);
    }
    // with a good kind beside a bad one, nothing is saved
    await put(a.api, { kinds: { donation_alert: [], pickup_reminder: ['sms'] } });
    expect((await a.api.get('/me/notifications')).body.kinds.donation_alert).toEqual(['email']);
    const bad = await a.api.call('PUT', '/me/notifications', '{not json');
    expect(bad.status).toBe(400);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, []]));
    expect((await put(a.api, { kinds: many })).status).toBe(422);
  });

  it('lifts a one-click unsubscribe when e-mail is chosen again, as the page does', async () => {
    const a = await member('association');
    await t.db
      .insertInto('mail_opt_outs')
      .values({ user_id: a.user.id, purpose: 'donation_alert', created_at: NOW })
      .execute();
    expect((await a.api.get('/me/notifications')).body.kinds.donation_alert).toEqual([]);
    await put(a.api, { kinds: { donation_alert: ['email'] } });
    expect(
      await t.db
        .selectFrom('mail_opt_outs')
        .select('purpose')
        .where('user_id', '=', a.user.id)
        .execute(),
    ).toEqual([]);
  });
});
