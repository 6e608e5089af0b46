import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsFor } from '../../src/notifications/choices.js';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser } from '../helpers/factories.js';
import { subscribe } from './factories.js';
import { FakePushService } from './push-service.js';

let t: TestDatabase;
let env: ReturnType<typeof buildApp>;
const push = new FakePushService();
const NOW = new Date('2026-11-27T09:00:00+01:00');

beforeAll(async () => {
  t = await openTestDatabase();
  await push.start();
  env = buildApp(t.db);
  env.clock.set(NOW);
});
afterAll(async () => {
  await push.stop();
  await t?.close();
});

describe('/account/notifications', () => {
  it("shows the kinds of the user's organisation, offers SMS only with a phone and push only with a device", async () => {
    const a = await createOrgWithUser(t.db, 'association', {}, 'member');
    const client = await signedIn(env.app, a.user.email);
    let html = await (await client.get('/account/notifications')).text();
    expect(html).toContain('Un nouveau don convient à votre association');
    expect(html).not.toContain('Une association a réservé votre don'); // a shop's kind
    expect(html).not.toContain('value="sms"');
    expect(html).not.toContain('value="push"');
    expect(html).toContain('href="/notifications"');
    // the default: e-mail for one without a device
    expect(html).toMatch(/name="c_donation_alert" value="email" checked/);
    await t.db
      .updateTable('users')
      .set({ phone: '+33612340000', phone_verified_at: NOW })
      .where('id', '=', a.user.id)
      .execute();
    await subscribe(t.db, a.user.id, push.device());
    html = await (await client.get('/account/notifications')).text();
    expect(html).toContain('value="sms"');
    expect(html).toMatch(/name="c_donation_alert" value="push" checked/);
    const shop = await createOrgWithUser(t.db, 'shop');
    const shopHtml = await (
      await (await signedIn(env.app, shop.user.email)).get('/account/notifications')
    ).text();
    expect(shopHtml).toContain('Personne n’a pu prendre votre don');
    expect(shopHtml).not.toContain('Un nouveau don convient à votre association');
    // both hear from their territory (issue #19): a manager by e-mail unless they choose otherwise
    expect(shopHtml).toContain('Les nouvelles de votre territoire');
    expect(shopHtml).toMatch(/name="c_territory_news" value="email" checked/);
    expect(html).toContain('Les nouvelles de votre territoire');
    expect(html).not.toMatch(/name="c_territory_news" value="[a-z]+" checked/); // a member: off
  });

  it('saves the channels and quiet hours without JavaScript; they are what channelsFor uses', async () => {
    const a = await createOrgWithUser(t.db, 'association', {}, 'member');
    await t.db
      .updateTable('users')
      .set({ phone: '+33612340001', phone_verified_at: NOW })
      .where('id', '=', a.user.id)
      .execute();
    await t.db
      .insertInto('mail_opt_outs')
      .values({ user_id: a.user.id, purpose: 'donation_alert', created_at: NOW })
      .execute();
    const client = await signedIn(env.app, a.user.email);
    const page = await (await client.get('/account/notifications')).text();
    // unsubscribed by the mail's link: e-mail shows as off
    expect(page).not.toMatch(/name="c_donation_alert" value="email" checked/);
    const res = await client.post('/account/notifications', {
      c_donation_alert: ['email', 'sms'],
      c_pickup_reminder: 'sms',
      quiet: 'on',
      quietFrom: '22:00',
      quietUntil: '07:00',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/notifications?saved=1');
    const day = await channelsFor(t.db, [a.user.id], 'donation_alert', NOW);
    expect(day.get(a.user.id)).toEqual(['email', 'sms']);
    const night = await channelsFor(
      t.db,
      [a.user.id],
      'donation_alert',
      new Date('2026-11-27T23:30:00+01:00'),
    );
    expect(night.get(a.user.id)).toEqual(['email']);
    expect((await channelsFor(t.db, [a.user.id], 'pickups_tomorrow', NOW)).get(a.user.id)).toEqual(
      [],
    );
    // ticking e-mail again lifts the unsubscribe
    expect(
      await t.db
        .selectFrom('mail_opt_outs')
        .select('purpose')
        .where('user_id', '=', a.user.id)
        .execute(),
    ).toEqual([]);
    const saved = await (await client.get('/account/notifications?saved=1')).text();
    expect(saved).toContain('Vos choix sont enregistrés.');
    expect(saved).toContain('value="22:00"');
    // no quiet hours any more
    await client.post('/account/notifications', { c_donation_alert: 'email' });
    const u = await t.db
      .selectFrom('users')
      .select(['quiet_from'])
      .where('id', '=', a.user.id)
      .executeTakeFirstOrThrow();
    expect(u.quiet_from).toBeNull();
  });

  it('answers bad input with messages next to the fields (422), in English too, never a 500', async () => {
    const a = await createOrgWithUser(t.db, 'association', {}, 'member');
    const client = await signedIn(env.app, a.user.email);
    const res = await client.post('/account/notifications', {
      c_donation_alert: ['sms', 'pigeon'],
      c_pickup_reminder: 'sms',
      quiet: 'on',
      quietFrom: '25:00',
      quietUntil: 'x'.repeat(5000),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-c_donation_alert-err"');
    expect(html).toContain('Ajoutez d’abord un numéro de téléphone');
    expect(html).toContain('id="f-quietFrom-err"');
    expect(html).toContain('Indiquez une heure');
    const same = await client.post('/account/notifications?lang=en', {
      quiet: 'on',
      quietFrom: '07:00',
      quietUntil: '07:00',
    });
    expect(same.status).toBe(422);
    expect(await same.text()).toContain('The two times must differ.');
    const signedOut = await env.app.request('/account/notifications');
    expect(signedOut.status).toBe(303);
  });
});
