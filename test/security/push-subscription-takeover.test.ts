import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { FakePushService } from '../notifications/push-service.js';

// Issue 11, hole 11: registering an endpoint another user had registered moved it to the new
// user, and the owner's DELETE then answered 204 and did nothing. An endpoint now moves only
// with the keys of the same browser subscription, and nobody deletes another's device.

let t: TestDatabase;
const browsers = new FakePushService(); // only its devices' keys: no endpoint is called here
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

/** A browser's PushSubscription.toJSON() on Chrome's push service. */
const subscription = () => {
  const d = browsers.device();
  return { ...d.subscription, endpoint: `https://fcm.googleapis.com/fcm/send/${d.id}` };
};

async function world() {
  const { app } = buildApp(t.db, {
    config: { pushAllowInsecureEndpoints: false, vapidSubject: 'mailto:t@example.org' },
  });
  const owner = await createOrgWithUser(t.db, 'association');
  const intruder = await createOrgWithUser(t.db, 'association');
  return {
    app,
    owner: owner.user,
    intruder: intruder.user,
    ownerApi: await apiAs(app, owner.user.email, PASSWORD),
    intruderApi: await apiAs(app, intruder.user.email, PASSWORD),
  };
}

const rowsOf = (endpoint: string) =>
  t.db
    .selectFrom('push_subscriptions')
    .select(['id', 'user_id', 'p256dh', 'auth'])
    .where('endpoint', '=', endpoint)
    .execute();

/** The page's own JSON routes, signed in by the session, as static/notifications.js calls them. */
async function page(app: ReturnType<typeof buildApp>['app'], email: string) {
  const browser = await signedIn(app, email);
  const headers = { 'content-type': 'application/json', 'x-csrf-token': await browser.csrf() };
  return {
    browser,
    subscribe: (body: unknown) =>
      browser.request('/notifications/subscriptions', {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      }),
    unsubscribe: (endpoint: string) =>
      browser.request('/notifications/subscriptions', {
        method: 'DELETE',
        headers,
        body: JSON.stringify({ endpoint }),
      }),
  };
}

describe('a push subscription cannot be taken over', () => {
  it('another user with the endpoint but other keys gets 409 endpoint_taken (API and page), and the owner keeps the device', async () => {
    const w = await world();
    const sub = subscription();
    expect((await w.ownerApi.post('/push/subscriptions', sub)).status).toBe(201);
    const [before] = await rowsOf(sub.endpoint);

    // the intruder learnt the endpoint URL, not the browser's secret: its own keys
    const forged = { endpoint: sub.endpoint, keys: subscription().keys };
    const api = await w.intruderApi.post('/push/subscriptions', forged);
    expect(api.status).toBe(409);
    expect(api.body.error.code).toBe('endpoint_taken');
    expect(api.body.error.fields).toHaveProperty('endpoint');
    // the same keys with another auth secret are no proof either
    const halfForged = { endpoint: sub.endpoint, keys: { ...sub.keys, auth: forged.keys.auth } };
    expect((await w.intruderApi.post('/push/subscriptions', halfForged)).status).toBe(409);

    const html = await (await page(w.app, w.intruder.email)).subscribe(forged);
    expect(html.status).toBe(409);
    const body = await html.json();
    expect(body.error.code).toBe('endpoint_taken');
    expect(body.error.message).toMatch(/autre compte/); // in French, the interface's language

    expect(await rowsOf(sub.endpoint)).toEqual([before]);
    expect(before.user_id).toBe(w.owner.id);

    // the owner may still update its own device's keys (the browser renewed them)
    const renewed = { endpoint: sub.endpoint, keys: subscription().keys };
    expect((await w.ownerApi.post('/push/subscriptions', renewed)).status).toBe(201);
    expect(await rowsOf(sub.endpoint)).toEqual([
      { id: before.id, user_id: w.owner.id, ...renewed.keys },
    ]);
  });

  it("nobody deletes another's device: 404 from the API, the page's route and the devices list; the owner's DELETE works", async () => {
    const w = await world();
    const sub = subscription();
    expect((await w.ownerApi.post('/push/subscriptions', sub)).status).toBe(201);
    const [row] = await rowsOf(sub.endpoint);

    const api = await w.intruderApi.delete('/push/subscriptions', { endpoint: sub.endpoint });
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const intruderPage = await page(w.app, w.intruder.email);
    expect((await intruderPage.unsubscribe(sub.endpoint)).status).toBe(404);
    expect(
      (await intruderPage.browser.post(`/notifications/devices/${row.id}/delete`)).status,
    ).toBe(404);
    expect(await rowsOf(sub.endpoint)).toEqual([row]);

    expect(
      (await w.ownerApi.delete('/push/subscriptions', { endpoint: sub.endpoint })).status,
    ).toBe(204);
    expect(await rowsOf(sub.endpoint)).toEqual([]);
    // gone: saying so again is not a 204 that did nothing
    expect(
      (await w.ownerApi.delete('/push/subscriptions', { endpoint: sub.endpoint })).status,
    ).toBe(404);
  });

  it('a second person on the same browser (same subscription, same keys) takes the device; the first one is told it is no longer theirs', async () => {
    const w = await world();
    const sub = subscription();
    expect((await w.ownerApi.post('/push/subscriptions', sub)).status).toBe(201);
    const [row] = await rowsOf(sub.endpoint);
    const samePage = await page(w.app, w.intruder.email);
    expect((await samePage.subscribe(sub)).status).toBe(201);
    expect(await rowsOf(sub.endpoint)).toEqual([{ ...row, user_id: w.intruder.id }]);

    expect(
      (await w.ownerApi.delete('/push/subscriptions', { endpoint: sub.endpoint })).status,
    ).toBe(404);
    expect(await rowsOf(sub.endpoint)).toHaveLength(1);
  });
});
