import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn, type ApiClient } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue #19: the shop marks what it gives (fresh, a label, local) at posting, by the form or the API.
let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  t = await openTestDatabase();
  const built = buildApp(t.db);
  built.clock.set('2026-11-27T09:00:00+01:00');
  app = built.app;
});
afterAll(async () => t?.close());

const base = {
  category: 'fruit_vegetables',
  description: 'Pommes',
  quantityKg: 6,
  storage: 'ambient',
  pickupFrom: '2026-11-27T10:00:00+01:00',
  pickupUntil: '2026-11-27T12:00:00+01:00',
};
const stored = (id: number) =>
  t.db
    .selectFrom('donations')
    .select(['fresh_produce', 'quality_label', 'local_origin'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('the quality marks through the API', () => {
  let api: ApiClient;
  beforeAll(async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    api = await apiAs(app, shop.user.email, PASSWORD);
  });

  it('stores and answers them, and leaves them off when not given', async () => {
    const res = await api.post('/donations', {
      ...base,
      freshProduce: true,
      qualityLabel: 'organic',
      localOrigin: 'within_100km',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      freshProduce: true,
      qualityLabel: 'organic',
      localOrigin: 'within_100km',
    });
    expect(await stored(res.body.id)).toEqual({
      fresh_produce: true,
      quality_label: 'organic',
      local_origin: 'within_100km',
    });
    const plain = await api.post('/donations', base);
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({
      freshProduce: false,
      qualityLabel: null,
      localOrigin: null,
    });
  });

  it.each([
    ['qualityLabel', 'bio'],
    ['qualityLabel', 7],
    ['localOrigin', 'near'],
    ['localOrigin', true],
    ['freshProduce', 'yes'],
    ['freshProduce', 1],
  ])('refuses %s = %j with the field named, and stores nothing', async (field, value) => {
    const before = await t.db
      .selectFrom('donations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await api.post('/donations', { ...base, [field]: value });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
    const after = await t.db
      .selectFrom('donations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps them through a PATCH that leaves them out, and changes them when given', async () => {
    const posted = await api.post('/donations', {
      ...base,
      freshProduce: true,
      qualityLabel: 'aop_igp',
      localOrigin: 'own_production',
    });
    const kept = await api.patch(`/donations/${posted.body.id}`, { ...base, quantityKg: 5 });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({
      quantityKg: 5,
      freshProduce: true,
      qualityLabel: 'aop_igp',
      localOrigin: 'own_production',
    });
    const changed = await api.patch(`/donations/${posted.body.id}`, {
      ...base,
      freshProduce: false,
      qualityLabel: null,
      localOrigin: 'within_100km',
    });
    expect(changed.body).toMatchObject({
      freshProduce: false,
      qualityLabel: null,
      localOrigin: 'within_100km',
    });
    expect(
      (await api.patch(`/donations/${posted.body.id}`, { ...base, qualityLabel: 'x' })).status,
    ).toBe(422);
  });

  it('describes them in the OpenAPI document', async () => {
    const doc = await (await app.request('http://localhost/api/v1/openapi.json')).json();
    const props = doc.components.schemas.Donation.properties;
    expect(props.qualityLabel.enum).toEqual(['organic', 'label_rouge', 'aop_igp', null]);
    expect(props.localOrigin.enum).toEqual(['own_production', 'within_100km', null]);
    expect(props.freshProduce.type).toBe('boolean');
  });
});

describe('the quality marks on the posting form', () => {
  const form = {
    category: 'bakery',
    description: 'Pain au levain',
    quantityKg: '3',
    storage: 'ambient',
    pickupDate: '2026-11-27',
    pickupFromTime: '10:00',
    pickupUntilTime: '12:00',
    packaged: 'yes',
  };

  it('takes one tap each, remembers them for the next post, and shows them to change', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const c = await signedIn(app, shop.user.email);
    const empty = await (await c.get('/donations/new')).text();
    expect(empty).toContain('name="freshProduce"');
    expect(empty).toMatch(/<details id="quality-marks">/); // folded until used
    const res = await c.post('/donations', {
      ...form,
      freshProduce: 'on',
      qualityLabel: 'label_rouge',
      localOrigin: 'own_production',
    });
    expect(res.status).toBe(303);
    const last = await t.db
      .selectFrom('donations')
      .select(['id', 'fresh_produce', 'quality_label', 'local_origin'])
      .where('shop_id', '=', shop.org.id)
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      fresh_produce: true,
      quality_label: 'label_rouge',
      local_origin: 'own_production',
    });
    const next = await (await c.get('/donations/new')).text();
    expect(next).toMatch(/<details open="" id="quality-marks">/);
    expect(next).toMatch(/name="freshProduce" checked=""/);
    expect(next).toMatch(/name="qualityLabel" value="label_rouge" checked=""/);
    expect(next).toMatch(/name="localOrigin" value="own_production" checked=""/);
    expect(await (await c.get(`/donations/${last.id}`)).text()).toContain(
      'Produits frais · Label Rouge · Notre production',
    );
    const edit = await (await c.get(`/donations/${last.id}/edit`)).text();
    expect(edit).toMatch(/name="qualityLabel" value="label_rouge" checked=""/);
    // unticked on the edit form: the marks go (a form sends every field)
    expect((await c.post(`/donations/${last.id}/edit`, form)).status).toBe(303);
    expect(await stored(last.id)).toEqual({
      fresh_produce: false,
      quality_label: null,
      local_origin: null,
    });
  });

  it('says a bad value next to its field, keeps what was typed, and saves nothing', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const c = await signedIn(app, shop.user.email);
    const res = await c.post('/donations', { ...form, qualityLabel: 'bio', localOrigin: 'far' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="f-qualityLabel">.*?<p class="error">Choisissez une des options/s);
    expect(html).toMatch(/id="f-localOrigin">.*?<p class="error">Choisissez une des options/s);
    expect(html).toContain('value="Pain au levain"');
    const n = await t.db
      .selectFrom('donations')
      .select('id')
      .where('shop_id', '=', shop.org.id)
      .execute();
    expect(n).toEqual([]);
  });
});

describe('the quality marks on the association’s feed', () => {
  it('shows them compactly on the card, and nothing for a donation without', async () => {
    const shop = await createOrgWithUser(t.db, 'shop', { name: 'Primeur du coin' });
    const assoc = await createOrgWithUser(t.db, 'association');
    const api = await apiAs(app, shop.user.email, PASSWORD);
    const marked = await api.post('/donations', {
      ...base,
      description: 'Poires marquées',
      freshProduce: true,
      qualityLabel: 'organic',
      localOrigin: 'within_100km',
    });
    expect(marked.status).toBe(201);
    await api.post('/donations', { ...base, description: 'Navets sans marque' });
    const html = await (await (await signedIn(app, assoc.user.email)).get('/feed')).text();
    expect(html).toMatch(
      /Poires marquées.*?Produits frais · Bio \(AB\) · Produit à moins de 100 km/s,
    );
    expect(html).toMatch(/Navets sans marque<\/a>/);
  });
});
