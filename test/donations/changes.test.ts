import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const H = 3_600_000;
// the test clock starts at 2026-11-27T09:00 Paris
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();

let places = 0;
async function world() {
  const { app, clock } = buildApp(t.db);
  const lng = 4.8344 + ++places * 0.5; // each test far from the others
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const otherShop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  const near = await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const other = await createOrgWithUser(t.db, 'association', { lat: 45.768, lng, radius_km: 3 });
  await t.db
    .insertInto('push_subscriptions')
    .values({
      user_id: near.user.id,
      endpoint: `https://push.example.org/${near.user.id}`,
      p256dh:
        'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
      auth: 'tBHItJI5svbpez7KI4CCXg',
      user_agent: 'test',
    })
    .execute();
  return {
    app,
    clock,
    shop,
    otherShop,
    near,
    other,
    shopApi: await apiAs(app, shop.user.email, PASSWORD),
    otherShopApi: await apiAs(app, otherShop.user.email, PASSWORD),
    nearApi: await apiAs(app, near.user.email, PASSWORD),
  };
}

const bread = (over: Record<string, unknown> = {}) => ({
  category: 'bakery',
  description: '20 baguettes',
  quantityKg: 5,
  storage: 'ambient',
  pickupFrom: at(0),
  pickupUntil: at(4),
  ...over,
});

/** The change alerts queued for a user's devices (rows with no donation id: not the offer). */
async function changeAlerts(userId: number) {
  return t.db
    .selectFrom('push_deliveries as pd')
    .innerJoin('push_subscriptions as s', 's.id', 'pd.subscription_id')
    .select(['pd.id', 'pd.payload'])
    .where('s.user_id', '=', userId)
    .where('pd.donation_id', 'is', null)
    .execute();
}

describe('PATCH /api/v1/donations/:id: the shop corrects a donation nobody has claimed', () => {
  it('changes it through the posting rules; another shop cannot; once claimed, 409', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread())).body.id as number;
    const changed = await w.shopApi.patch(
      `/donations/${id}`,
      bread({ description: '25 baguettes' }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.description).toBe('25 baguettes');

    expect((await w.otherShopApi.patch(`/donations/${id}`, bread())).status).toBe(404);
    expect((await w.nearApi.patch(`/donations/${id}`, bread())).status).toBe(404);
    // the edit form too, even sent broken: another shop learns nothing of it
    const stranger = await signedIn(w.app, w.otherShop.user.email);
    expect((await stranger.get(`/donations/${id}/edit`)).status).toBe(404);
    expect((await stranger.post(`/donations/${id}/edit`, { quantityKg: 'x' })).status).toBe(404);

    // a rule broken: the window reversed; nothing changes
    const reversed = await w.shopApi.patch(
      `/donations/${id}`,
      bread({ quantityKg: 9, pickupFrom: at(4), pickupUntil: at(1) }),
    );
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.fields).toBeTruthy();
    const kept = await t.db
      .selectFrom('donations')
      .select(['quantity_kg', 'description'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(kept.quantity_kg)).toBe(5);
    expect(kept.description).toBe('25 baguettes');

    expect((await w.nearApi.post(`/donations/${id}/claim`)).status).toBe(200);
    const late = await w.shopApi.patch(`/donations/${id}`, bread({ quantityKg: 2 }));
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('not_open');
  });

  it('a material change tells those already alerted once; a wording change tells nobody', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread())).body.id as number;
    const told = await t.db
      .selectFrom('notification_targets')
      .select('association_id')
      .where('donation_id', '=', id)
      .where('told_at', 'is not', null)
      .execute();
    expect(told.map((r) => r.association_id)).toContain(w.near.org.id);

    await w.shopApi.patch(`/donations/${id}`, bread({ description: 'Baguettes tradition' }));
    expect(await changeAlerts(w.near.user.id)).toHaveLength(0);

    await w.shopApi.patch(`/donations/${id}`, bread({ quantityKg: 8 }));
    const first = await changeAlerts(w.near.user.id);
    expect(first).toHaveLength(1);

    await w.shopApi.patch(`/donations/${id}`, bread({ quantityKg: 9, pickupUntil: at(5) }));
    expect(await changeAlerts(w.near.user.id)).toHaveLength(1); // not again
  });
});

describe('"Je suis en route": the driver says when they will be there', () => {
  it('shows the shop the time; out of the window or for another association, refused', async () => {
    const w = await world();
    const id = (await w.shopApi.post('/donations', bread())).body.id as number;
    expect((await w.nearApi.post(`/donations/${id}/claim`)).status).toBe(200);

    const driver = await signedIn(w.app, w.near.user.email);
    const late = await driver.post(`/donations/${id}/on-the-way`, { arrivalTime: '14:30' });
    expect(late.status).toBe(422);
    const lateHtml = await late.text();
    expect(lateHtml).toContain('Indiquez une heure d’arrivée dans le créneau');
    // the handover form, not sent, says nothing
    expect(lateHtml).not.toContain('Corrigez les champs signalés');
    const before = await driver.post(`/donations/${id}/on-the-way`, { arrivalTime: '07:00' });
    expect(before.status).toBe(422);
    const junk = await driver.post(`/donations/${id}/on-the-way`, { arrivalTime: '25:99' });
    expect(junk.status).toBe(422);

    const stranger = await signedIn(w.app, w.other.user.email);
    expect(
      (await stranger.post(`/donations/${id}/on-the-way`, { arrivalTime: '10:30' })).status,
    ).toBe(404);

    const ok = await driver.post(`/donations/${id}/on-the-way`, { arrivalTime: '10:30' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/donations/${id}#on-the-way`);
    // the driver sees it was said, and can change the time
    const mine = await (await driver.get(`/donations/${id}`)).text();
    expect(mine).toContain('Le commerce est prévenu : vous arrivez vers 10:30.');
    expect(mine).toContain('Changer l’heure d’arrivée');
    const shopPage = await (await signedIn(w.app, w.shop.user.email)).get(`/donations/${id}`);
    const html = await shopPage.text();
    expect(html).toContain('id="arrival"');
    expect(html).toContain('10:30');
  });
});
