import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const H = 3_600_000;
// 2026-11-27T09:00 Paris is the test clock's start
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();

async function world() {
  const { app, clock } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
  const near = await createOrgWithUser(
    t.db,
    'association',
    { lat: 45.77, lng: 4.84, radius_km: 3, storage_chilled: true },
    'member',
  );
  const far = await createOrgWithUser(t.db, 'association', { lat: 45.9, lng: 4.9, radius_km: 3 });
  return {
    app,
    clock,
    shop,
    near,
    far,
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    nearApi: await apiAs(app, near.user.email, PASSWORD),
    farApi: await apiAs(app, far.user.email, PASSWORD),
  };
}

const bread = (over: Record<string, unknown> = {}) => ({
  category: 'bakery',
  description: '12 baguettes',
  quantityKg: 3,
  storage: 'ambient',
  pickupFrom: at(1),
  pickupUntil: at(3),
  ...over,
});

describe('donation lifecycle through the API', () => {
  it('posts, shows in the feed of an association in range only, claims, hands over', async () => {
    const w = await world();
    const posted = await w.shopApi.post('/donations', bread());
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ status: 'open', quantityKg: 3, category: 'bakery' });
    const id = posted.body.id;

    const feed = await w.nearApi.get('/donations');
    const item = feed.body.items.find((i: any) => i.id === id);
    expect(item.distanceKm).toBeGreaterThan(0);
    expect(item.distanceKm).toBeLessThan(1);
    expect(
      (await w.farApi.get('/donations')).body.items.find((i: any) => i.id === id),
    ).toBeUndefined();
    expect((await w.farApi.get(`/donations/${id}`)).status).toBe(404);

    const claim = await w.nearApi.post(`/donations/${id}/claim`);
    expect(claim.status).toBe(200);
    expect(claim.body).toEqual({
      id,
      status: 'claimed',
      claimedBy: { organisationId: w.near.org.id },
    });

    const seen = await w.shopApi.get(`/donations/${id}`);
    expect(seen.body.handoverCode).toMatch(/^\d{6}$/);
    expect((await w.nearApi.get(`/donations/${id}`)).body.handoverCode).toBeUndefined();

    const wrong = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: seen.body.handoverCode === '000000' ? '111111' : '000000',
      receivedKg: 3,
      quality: 'good',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('wrong_handover_code');

    const done = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: seen.body.handoverCode,
      receivedKg: 2.8,
      quality: 'good',
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('picked_up');
    const events = await t.db
      .selectFrom('donation_events')
      .select(['from_status', 'to_status'])
      .where('donation_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => `${e.from_status}>${e.to_status}`)).toEqual([
      'null>open',
      'open>claimed',
      'claimed>picked_up',
    ]);
  });

  it('slows down repeated wrong codes with 429', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread())).body.id;
    await w.nearApi.post(`/donations/${id}/claim`);
    const code = (await w.shopApi.get(`/donations/${id}`)).body.handoverCode;
    const bad = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++)
      expect(
        (
          await w.nearApi.post(`/donations/${id}/pickup`, {
            handoverCode: bad,
            receivedKg: 3,
            quality: 'good',
          })
        ).status,
      ).toBe(422);
    const blocked = await w.nearApi.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: 3,
      quality: 'good',
    });
    expect(blocked.status).toBe(429);
    w.clock.advance(16 * 60_000);
    expect(
      (
        await w.nearApi.post(`/donations/${id}/pickup`, {
          handoverCode: code,
          receivedKg: 3,
          quality: 'good',
        })
      ).status,
    ).toBe(200);
  });

  it('release opens the donation again; cancel closes an open one; claims on cancelled are refused', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread())).body.id;
    await w.nearApi.post(`/donations/${id}/claim`);
    expect((await w.shopApi.post(`/donations/${id}/cancel`)).status).toBe(409);
    const released = await w.nearApi.delete(`/donations/${id}/claim`);
    expect(released.body).toEqual({ id, status: 'open' });
    expect((await w.shopApi.post(`/donations/${id}/cancel`)).body.status).toBe('cancelled');
    const again = await w.nearApi.post(`/donations/${id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_available');
  });

  it('refuses claims by a shop, on one’s own donation, and by an unapproved association', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread())).body.id;
    expect((await w.shopApi.post(`/donations/${id}/claim`)).status).toBe(403);
    const both = await createUser(t.db, { organisationId: w.shop.org.id });
    await t.db
      .insertInto('memberships')
      .values({ user_id: both.id, organisation_id: w.near.org.id, role: 'member' })
      .execute();
    const bothApi = await apiAs(w.app, both.email, PASSWORD);
    const own = await bothApi.post(`/donations/${id}/claim`);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('own_donation');
    const pending = await createOrgWithUser(t.db, 'association', { approved: false });
    const pendingApi = await apiAs(w.app, pending.user.email, PASSWORD);
    expect((await pendingApi.post(`/donations/${id}/claim`)).status).toBe(403);
    expect((await pendingApi.get('/donations')).body.items).toEqual([]);
  });

  it('expires open donations and marks claimed ones missed when the window ends', async () => {
    const w = await world();
    const { expireDonations } = await import('../../src/donations/expiry.js');
    const { missedPickups } = await import('../../src/donations/queries.js');
    const a = (await w.shopApi.post('/donations', bread())).body.id;
    const b = (await w.shopApi.post('/donations', bread())).body.id;
    await w.nearApi.post(`/donations/${b}/claim`);
    expect(
      (await expireDonations(t.db, new Date(at(2)))).filter((d) => [a, b].includes(d.id)),
    ).toEqual([]);
    const done = await expireDonations(t.db, new Date(at(3)));
    expect(
      done
        .filter((d) => [a, b].includes(d.id))
        .map((d) => [d.id, d.status])
        .sort(),
    ).toEqual(
      [
        [a, 'expired'],
        [b, 'missed'],
      ].sort(),
    );
    expect(await missedPickups(t.db, w.near.org.id)).toBe(1);
    w.clock.set(at(3.5));
    expect((await w.nearApi.post(`/donations/${a}/claim`)).status).toBe(409);
  });
});
