import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createSession } from '../../src/accounts/domain.js';
import { SESSION_COOKIE } from '../../src/http/middleware.js';
import { apiAs, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg } from '../helpers/withdrawal-factories.js';

/**
 * The values an outside test found answered with a 500 (1e-300 kg, 30 February, ids past int4, a
 * NUL in a text): now field errors and 404s. The route fuzz (no-5xx-fuzz.test.ts) sends them all.
 */

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

describe('the values the outside test found', () => {
  const BIG = '2147483648';
  const window = {
    category: 'bakery',
    description: 'Pains',
    quantityKg: 5,
    storage: 'ambient',
    pickupFrom: '2026-11-27T10:00:00+01:00',
    pickupUntil: '2026-11-27T12:00:00+01:00',
  };

  it('refuses 1e-300 kg and 30 February as field errors, in the API and the form', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, shop.user.email, PASSWORD);
    const tiny = await api.post('/donations', { ...window, quantityKg: 1e-300 });
    expect(tiny.status).toBe(422);
    expect(tiny.body.error.fields).toHaveProperty('quantityKg');
    const feb30 = await api.post('/donations', {
      ...window,
      dateKind: 'best_before',
      date: '2026-02-30',
    });
    expect(feb30.status).toBe(422);
    expect(feb30.body.error.fields).toHaveProperty('date');
    const form = await (
      await signedInAs(shop.user.id)
    ).post('/donations', {
      category: 'bakery',
      description: 'Pains',
      quantityKg: '1e-300',
      storage: 'ambient',
      pickupDate: '2026-11-27',
      pickupFromTime: '10:00',
      pickupUntilTime: '12:00',
    });
    expect(form.status).toBe(422);
    expect(await form.text()).toContain('Doit être supérieur à zéro.');
    const po = await createProducerOrg(t.db);
    const assoc = await createOrgWithUser(t.db, 'association');
    const poApi = await apiAs(app, po.user.email, PASSWORD);
    for (const [field, value] of [
      ['quantityKg', 1e-300],
      ['date', '2026-02-30'],
      ['date', '0000-01-01'],
    ] as const) {
      const res = await poApi.post('/withdrawals', {
        product: 'carrots',
        quantityKg: 10,
        date: '2026-11-20',
        associationId: assoc.org.id,
        notifiedAt: '2026-11-18T09:00:00+01:00',
        [field]: value,
      });
      expect(res.status, `${field} ${value}`).toBe(422);
      expect(res.body.error.fields).toHaveProperty(field);
    }
  });

  it('answers 404 for ids past int4 on every donation route', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const assoc = await createOrgWithUser(t.db, 'association');
    const shopApi = await apiAs(app, shop.user.email, PASSWORD);
    const assocApi = await apiAs(app, assoc.user.email, PASSWORD);
    const page = await signedInAs(assoc.user.id);
    const answers = [
      (await shopApi.get(`/donations/${BIG}`)).status,
      (await assocApi.post(`/donations/${BIG}/claim`)).status,
      (await assocApi.delete(`/donations/${BIG}/claim`)).status,
      (
        await assocApi.post(`/donations/${BIG}/pickup`, {
          handoverCode: '1',
          receivedKg: 1,
          quality: 'good',
        })
      ).status,
      (await shopApi.post(`/donations/${BIG}/cancel`)).status,
      (await page.get(`/donations/${BIG}`)).status,
      (await page.get(`/donations/${BIG}/record`)).status,
      (await page.post(`/donations/${BIG}/claim`)).status,
      (await page.post(`/donations/${BIG}/release`)).status,
      (await page.post(`/donations/${BIG}/pickup`, { handoverCode: '1' })).status,
      (await page.post(`/donations/1e3/claim`)).status,
    ];
    expect(answers).toEqual(answers.map(() => 404));
  });

  it('refuses a NUL in the territory area search next to the field', async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const territory = await createOrgWithUser(t.db, 'territory');
    const res = await (
      await signedInAs(admin.id)
    ).post(`/admin/territories/${territory.org.id}/area`, {
      q: 'Villeurbanne\u0000',
      action: 'search',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('caractère non autorisé');
  });
});

async function signedInAs(userId: number) {
  const c = new Client(app);
  c.cookies.set(SESSION_COOKIE, await createSession(t.db, userId, new Date()));
  return c;
}
