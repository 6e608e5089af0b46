import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { FakePushService } from './push-service.js';

let t: TestDatabase;
const push = new FakePushService();

beforeAll(async () => {
  t = await openTestDatabase();
  await push.start();
});
afterAll(async () => {
  await push.stop();
  await t?.close();
});

const fcm = () => {
  const d = push.device();
  return { ...d.subscription, endpoint: `https://fcm.googleapis.com/fcm/send/${d.id}` };
};

describe('API /push', () => {
  it('gives one VAPID public key, generated once and kept, or the configured one', async () => {
    const { user } = await createOrgWithUser(t.db, 'association');
    const { app } = buildApp(t.db);
    const api = await apiAs(app, user.email, PASSWORD);
    const a = await api.get('/push/public-key');
    expect(a.status).toBe(200);
    expect(Buffer.from(a.body.publicKey, 'base64url')).toHaveLength(65);
    const again = buildApp(t.db); // another instance reads the same row
    expect(
      (await (await apiAs(again.app, user.email, PASSWORD)).get('/push/public-key')).body.publicKey,
    ).toBe(a.body.publicKey);
    const configured = buildApp(t.db, {
      config: {
        pushAllowInsecureEndpoints: false,
        vapidSubject: 'mailto:x@example.org',
        vapidPublicKey: 'BConfigured',
        vapidPrivateKey: 'secret',
      },
    });
    expect(
      (await (await apiAs(configured.app, user.email, PASSWORD)).get('/push/public-key')).body,
    ).toEqual({ publicKey: 'BConfigured' });
    expect(
      (await new (await import('../helpers/app.js')).ApiClient(app).get('/push/public-key')).status,
    ).toBe(401);
  });

  it('keeps a subscription (201), forgets it (204), and moves a browser (same keys) to whoever subscribes it last', async () => {
    const { user } = await createOrgWithUser(t.db, 'association');
    const { user: other } = await createOrgWithUser(t.db, 'association');
    const { app } = buildApp(t.db, {
      config: { pushAllowInsecureEndpoints: false, vapidSubject: 'mailto:t@example.org' },
    });
    const api = await apiAs(app, user.email, PASSWORD);
    const sub = fcm();
    const res = await api.post('/push/subscriptions', sub);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ endpoint: sub.endpoint });
    expect((await api.post('/push/subscriptions', sub)).status).toBe(201); // again: same row
    const otherApi = await apiAs(app, other.email, PASSWORD);
    expect((await otherApi.post('/push/subscriptions', sub)).status).toBe(201);
    const rows = await t.db
      .selectFrom('push_subscriptions')
      .select(['user_id'])
      .where('endpoint', '=', sub.endpoint)
      .execute();
    expect(rows).toEqual([{ user_id: other.id }]);
    expect((await api.delete('/push/subscriptions', { endpoint: sub.endpoint })).status).toBe(404); // not theirs: left alone
    expect(
      await t.db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('endpoint', '=', sub.endpoint)
        .execute(),
    ).toHaveLength(1);
    expect((await otherApi.delete('/push/subscriptions', { endpoint: sub.endpoint })).status).toBe(
      204,
    );
    expect(
      await t.db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('endpoint', '=', sub.endpoint)
        .execute(),
    ).toHaveLength(0);
  });

  const good = () => fcm();
  const cases: [string, (s: any) => any, string, RegExp][] = [
    ['no keys', (s) => ({ endpoint: s.endpoint }), 'keys', /key/i],
    ['no auth', (s) => ({ ...s, keys: { p256dh: s.keys.p256dh } }), 'keys.auth', /key/i],
    [
      'p256dh not base64url',
      (s) => ({ ...s, keys: { ...s.keys, p256dh: 'not base64!' } }),
      'keys.p256dh',
      /base64url/,
    ],
    [
      'p256dh too short',
      (s) => ({ ...s, keys: { ...s.keys, p256dh: randomBytes(33).toString('base64url') } }),
      'keys.p256dh',
      /65 bytes/,
    ],
    [
      'auth of 12 bytes',
      (s) => ({ ...s, keys: { ...s.keys, auth: randomBytes(12).toString('base64url') } }),
      'keys.auth',
      /16 bytes/,
    ],
    ['no endpoint', (s) => ({ keys: s.keys }), 'endpoint', /endpoint/],
    ['not a URL', (s) => ({ ...s, endpoint: 'push me' }), 'endpoint', /https/],
    [
      'http',
      (s) => ({ ...s, endpoint: s.endpoint.replace('https:', 'http:') }),
      'endpoint',
      /https/,
    ],
    [
      'a foreign host',
      (s) => ({ ...s, endpoint: 'https://evil.example.org/push/1' }),
      'endpoint',
      /push service/,
    ],
    [
      'a look-alike host',
      (s) => ({ ...s, endpoint: 'https://fcm.googleapis.com.evil.example.org/x' }),
      'endpoint',
      /push service/,
    ],
    [
      'loopback',
      (s) => ({ ...s, endpoint: 'https://127.0.0.1/push/1' }),
      'endpoint',
      /private or local/,
    ],
    [
      'private network',
      (s) => ({ ...s, endpoint: 'https://192.168.1.20/push/1' }),
      'endpoint',
      /private or local/,
    ],
    [
      'IPv6 loopback',
      (s) => ({ ...s, endpoint: 'https://[::1]/push/1' }),
      'endpoint',
      /private or local/,
    ],
    [
      'localhost',
      (s) => ({ ...s, endpoint: 'https://localhost/push/1' }),
      'endpoint',
      /private or local/,
    ],
    [
      'credentials in the URL',
      (s) => ({ ...s, endpoint: 'https://u:p@fcm.googleapis.com/fcm/send/x' }),
      'endpoint',
      /https/,
    ],
  ];
  it.each(cases)(
    'refuses %s with 422 and a field message',
    async (_name, mangle, field, message) => {
      const { user } = await createOrgWithUser(t.db, 'association');
      const { app } = buildApp(t.db, {
        config: { pushAllowInsecureEndpoints: false, vapidSubject: 'mailto:t@example.org' },
      });
      const api = await apiAs(app, user.email, PASSWORD);
      const res = await api.post('/push/subscriptions', mangle(good()));
      expect(res.status).toBe(422);
      expect(res.body.error.fields[field]).toMatch(message);
      expect(
        await t.db
          .selectFrom('push_subscriptions')
          .select('id')
          .where('user_id', '=', user.id)
          .execute(),
      ).toHaveLength(0);
    },
  );

  it('answers 400 to unreadable JSON, and lets http loopback endpoints through only when PUSH_ALLOW_INSECURE_ENDPOINTS=1', async () => {
    const { user } = await createOrgWithUser(t.db, 'association');
    const strict = buildApp(t.db, {
      config: { pushAllowInsecureEndpoints: false, vapidSubject: 'mailto:t@example.org' },
    });
    const loose = buildApp(t.db, {
      config: { pushAllowInsecureEndpoints: true, vapidSubject: 'mailto:t@example.org' },
    });
    const local = push.device().subscription;
    expect(
      (
        await (
          await apiAs(strict.app, user.email, PASSWORD)
        ).post('/push/subscriptions', '{"endpoint":')
      ).status,
    ).toBe(400);
    expect(
      (await (await apiAs(strict.app, user.email, PASSWORD)).post('/push/subscriptions', local))
        .status,
    ).toBe(422);
    expect(
      (await (await apiAs(loose.app, user.email, PASSWORD)).post('/push/subscriptions', local))
        .status,
    ).toBe(201);
  });
});

describe('the /notifications page', () => {
  it('renders without JavaScript: the devices, removing one, a test message', async () => {
    const { user } = await createOrgWithUser(t.db, 'association');
    const { app, deps } = buildApp(t.db);
    const browser = new Client(app);
    await browser.signIn(user.email, PASSWORD);
    const page = await browser.get('/notifications');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Aucun appareil');
    expect(html).toMatch(/data-public-key="[A-Za-z0-9_-]{80,}"/);
    expect(html).toContain('/static/notifications.js');

    // the page's script posts JSON with the CSRF header; without it: refused
    const sub = push.device().subscription;
    const noCsrf = await browser.request('/notifications/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sub),
    });
    expect(noCsrf.status).toBe(403);
    const ok = await browser.request('/notifications/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': await browser.csrf() },
      body: JSON.stringify(sub),
    });
    expect(ok.status).toBe(201);
    const bad = await browser.request('/notifications/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': await browser.csrf() },
      body: JSON.stringify({ endpoint: sub.endpoint }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.keys).toMatch(/Clé absente/);

    expect(await (await browser.get('/notifications')).text()).not.toContain('Aucun appareil');
    const test = await browser.post('/notifications/test');
    expect(test.status).toBe(303);
    expect(test.headers.get('location')).toBe('/notifications?test=1');
    const queued = await t.db
      .selectFrom('push_deliveries')
      .select(['payload', 'donation_id'])
      .innerJoin('push_subscriptions as s', 's.id', 'subscription_id')
      .where('s.user_id', '=', user.id)
      .execute();
    expect(queued).toEqual([
      {
        donation_id: null,
        payload: {
          title: 'Notifications activées',
          body: 'Ce téléphone recevra les dons proches.',
          url: '/notifications',
          donationId: null,
        },
      },
    ]);
    expect(await (await browser.get('/notifications?test=1')).text()).toContain(
      'Notification de test envoyée à 1 appareil',
    );

    const [row] = await t.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    const { user: stranger } = await createOrgWithUser(t.db, 'association');
    const other = new Client(app);
    await other.signIn(stranger.email, PASSWORD);
    expect((await other.post(`/notifications/devices/${row.id}/delete`)).status).toBe(404);
    const removed = await browser.post(`/notifications/devices/${row.id}/delete`);
    expect(removed.headers.get('location')).toBe('/notifications?removed=1');
    expect(
      await t.db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('user_id', '=', user.id)
        .execute(),
    ).toHaveLength(0);
    void deps;
  });

  it('sends visitors who are not signed in to sign in', async () => {
    const { app } = buildApp(t.db);
    const res = await new Client(app).get('/notifications');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/signin/);
  });
});
