import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorCache } from '../../src/accounts/actor-cache.js';
import { ApiClient, apiAs, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { expectApiError, strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const DAY = 86_400_000;

describe('API tokens expire, are listed and are revoked', () => {
  it('GET /tokens lists the caller’s own, with their dates; DELETE revokes one at once (even cached)', async () => {
    const { app, clock } = strictApp(t.db, { actorCache: new ActorCache(60_000) });
    const { user } = await createOrgWithUser(t.db, 'shop');
    const { user: other } = await createOrgWithUser(t.db, 'shop');
    const till = await apiAs(app, user.email, PASSWORD);
    clock.advance(60_000);
    const laptop = await apiAs(app, user.email, PASSWORD);
    const theirs = await apiAs(app, other.email, PASSWORD);

    const list = await laptop.get('/tokens');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2); // not the other user's
    for (const item of list.body.items) {
      expect(Object.keys(item).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt']);
      expect(Date.parse(item.expiresAt) - Date.parse(item.createdAt)).toBe(90 * DAY);
    }
    const [newest, oldest] = list.body.items;
    expect(Date.parse(newest.createdAt)).toBeGreaterThan(Date.parse(oldest.createdAt));
    expect(newest.lastUsedAt).toBe(clock.now().toISOString()); // used for this very call

    expect((await till.get('/donations')).status).toBe(200); // the till's token is now cached
    expect((await laptop.delete(`/tokens/${oldest.id}`)).status).toBe(204);
    const revoked = await till.get('/donations');
    expect(revoked.status).toBe(401);
    expectApiError(revoked.body, 'unauthorized');
    expect((await laptop.get('/tokens')).body.items.map((i: any) => i.id)).toEqual([newest.id]);
    // gone is gone
    expect((await laptop.delete(`/tokens/${oldest.id}`)).status).toBe(404);
  });

  it('someone else’s token id is not found, and their token keeps working', async () => {
    const { app } = strictApp(t.db);
    const { user } = await createOrgWithUser(t.db, 'shop');
    const { user: other } = await createOrgWithUser(t.db, 'association');
    const mine = await apiAs(app, user.email, PASSWORD);
    const theirs = await apiAs(app, other.email, PASSWORD);
    const [their] = (await theirs.get('/tokens')).body.items;
    const res = await mine.delete(`/tokens/${their.id}`);
    expect(res.status).toBe(404);
    expectApiError(res.body, 'not_found');
    expect((await theirs.get('/tokens')).status).toBe(200);
    for (const bad of ['abc', '0', '-1', '2147483648', '1e3'])
      expect((await mine.delete(`/tokens/${bad}`)).status, bad).toBe(404);
    const doc = (await mine.get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/tokens'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/tokens/{id}'].delete.responses['204']).toBeDefined();
    // and without a token: 401
    expect((await new ApiClient(app).get('/tokens')).status).toBe(401);
  });

  it('a token works for 90 days, then answers 401 and leaves the list', async () => {
    const { app, clock } = strictApp(t.db);
    const { user } = await createOrgWithUser(t.db, 'shop');
    const old = await apiAs(app, user.email, PASSWORD);
    clock.advance(89 * DAY);
    expect((await old.get('/tokens')).status).toBe(200);
    clock.advance(DAY + 1000);
    const expired = await old.get('/tokens');
    expect(expired.status).toBe(401);
    expectApiError(expired.body, 'unauthorized');
    const renewed = await apiAs(app, user.email, PASSWORD);
    expect((await renewed.get('/tokens')).body.items).toHaveLength(1);
  });

  it('the /account/tokens page lists them and revokes with a form (CSRF checked, own tokens only)', async () => {
    const { app } = strictApp(t.db);
    const { user } = await createOrgWithUser(t.db, 'shop');
    const { user: other } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const theirs = await apiAs(app, other.email, PASSWORD);
    const [mine] = (await api.get('/tokens')).body.items;
    const [their] = (await theirs.get('/tokens')).body.items;

    const c = await signedIn(app, user.email);
    expect(await (await c.get('/account')).text()).toContain('href="/account/tokens"');
    const page = await (await c.get('/account/tokens')).text();
    expect(page).toContain(`id="token-${mine.id}"`);
    expect(page).not.toContain(`id="token-${their.id}"`);
    expect(page).toContain(`action="/account/tokens/${mine.id}/revocation"`);

    expect(
      (await c.post(`/account/tokens/${mine.id}/revocation`, { _csrf: 'forged-token-value-123' }))
        .status,
    ).toBe(403);
    expect((await api.get('/tokens')).status).toBe(200);
    expect((await c.post(`/account/tokens/${their.id}/revocation`)).status).toBe(404);
    expect((await theirs.get('/tokens')).status).toBe(200);

    const done = await c.post(`/account/tokens/${mine.id}/revocation`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/account/tokens?revoked=1');
    expect((await api.get('/tokens')).status).toBe(401);
    expect(await (await c.get('/account/tokens')).text()).not.toContain(`id="token-${mine.id}"`);

    // a token made on the page is shown once and works
    const made = await (await c.post('/account/tokens')).text();
    const token = made.match(/value="(sl_[A-Za-z0-9_-]+)"/)![1];
    expect((await new ApiClient(app, token).get('/tokens')).status).toBe(200);
    expect(await (await c.get('/account/tokens')).text()).not.toContain(token);
    // signed out, the page asks to sign in
    expect((await new Client(app).get('/account/tokens')).status).toBe(303);
  });
});
