// Issue 19, relay hubs: food the hub refuses on arrival stays on the shop's receipt (the gift was
// made at the shop) but is not received by the partner: out of its kg, value, meals and CO2e,
// into the waste not avoided, with the hub's reason on /quality. Sums by hand, both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatsQuery } from '../../src/shared/period.js';
import type { Scope } from '../../src/shared/scope.js';
import { loadFactors } from '../../src/stats/factors.js';
import { givenShares } from '../../src/stats/given.js';
import { computeStats } from '../../src/stats/queries.js';
import { computeStatsRaw } from '../../src/stats/raw.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  t = await openTestDatabase();
  w = await world();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();

/** A shop, a hub with a fridge, a partner without: 5 kg refused at the hub, 3 kg kept there. */
async function world() {
  const built = buildApp(t.db);
  const { app } = built;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 4.8344 });
  const hub = await createOrgWithUser(t.db, 'association', {
    lat: 45.77,
    lng: 4.84,
    radius_km: 5,
    storage_chilled: true,
  });
  const partner = await createOrgWithUser(t.db, 'association', {
    lat: 45.768,
    lng: 4.835,
    radius_km: 5,
    storage_chilled: false,
    storage_frozen: false,
    rna: 'W691234567',
    approval_level: 'law',
    receipt_period: 'month',
  });
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const hubApi = await apiAs(app, hub.user.email, PASSWORD);
  const partnerApi = await apiAs(app, partner.user.email, PASSWORD);
  await hubApi.call('PUT', '/hubs', {
    capacityChilledKg: 50,
    capacityFrozenKg: 0,
    openingHours: 'du lundi au vendredi, 9 h - 18 h',
    partnerIds: [partner.org.id],
  });
  await partnerApi.post(`/hubs/${hub.org.id}/answer`, { decision: 'accept' });
  const through = async (kg: number, valueEur: number, description: string) => {
    const posted = await shopApi.post('/donations', {
      category: 'dairy',
      description,
      quantityKg: kg,
      storage: 'chilled',
      dateKind: 'use_by',
      date: '2026-12-05',
      pickupFrom: at(0),
      pickupUntil: at(4),
      valueEur,
    });
    expect(posted.status).toBe(201);
    const id = posted.body.id as number;
    const claim = { donationId: id, collector: 'hub' };
    expect((await partnerApi.post(`/hubs/${hub.org.id}/claims`, claim)).status).toBe(200);
    const handoverCode = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
    const hand = { handoverCode, receivedKg: kg, temperatureC: 3, quality: 'good' };
    expect((await hubApi.post(`/donations/${id}/pickup`, hand)).status).toBe(200);
    return id;
  };
  const refused = await through(5, 12, 'Yaourts nature');
  const kept = await through(3, 6, 'Fromages blancs');
  expect(
    (await hubApi.post(`/hubs/deposits/${refused}`, { refusalReason: 'packaging' })).status,
  ).toBe(201);
  expect(
    (await hubApi.post(`/hubs/deposits/${kept}`, { receivedKg: 3, temperatureC: 3 })).status,
  ).toBe(201);
  return { ...built, shop, hub, partner, partnerApi, refused, kept };
}

const scopeOf = (over: Partial<{ shopIds: number[]; associationIds: number[] }>): Scope => ({
  all: false,
  label: '',
  shopIds: [],
  associationIds: [],
  ...over,
});

// Hand sums: only the 3 kg kept reached the partner: 6 meals, 3 × 2.54 = 7.62 kg CO2e, 6 EUR;
// the 5 kg refused at the hub are refused kg, waste not avoided.
const RECEIVED = {
  pickups: 1,
  pickedUpKg: 3,
  meals: 6,
  co2eKg: 7.62,
  valueEur: 6,
  refusedKg: 5,
  wasteKg: 5,
  defects: 1,
};

describe('food refused on arrival at a relay hub', () => {
  for (const query of [
    { period: 'custom', from: '2026-11-27', to: '2026-11-27' },
    { period: 'month', month: '2026-11' },
  ])
    it(`is not the partner's, and is waste not avoided (${query.period})`, async () => {
      const q = parseStatsQuery(query, w.clock.now());
      const f = await loadFactors(t.db);
      for (const scope of [
        scopeOf({ associationIds: [w.partner.org.id] }),
        scopeOf({ shopIds: [w.shop.org.id] }),
      ])
        for (const s of [
          await computeStats(t.db, scope, q, f),
          await computeStatsRaw(t.db, scope, q, f),
        ]) {
          expect(s).toMatchObject(RECEIVED);
          // both shop handovers were marked good: the one refused at the hub counts as a refusal
          expect(s.quality).toMatchObject({ good: 1, acceptable: 0, poor: 0, refused: 1 });
          expect(s.associations.map((o) => [o.id, o.kg, o.pickups])).toEqual([
            [w.partner.org.id, 3, 1],
          ]);
        }
      const g = await givenShares(t.db, scopeOf({ associationIds: [w.partner.org.id] }), q);
      expect(g.pickedUpKg).toBe(3);
    });

  it('in the API figures of the partner', async () => {
    const res = await w.partnerApi.get('/stats?from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pickedUpKg: 3, meals: 6, co2eKg: 7.62, wasteKg: 5 });
  });

  it('on /quality with the hub’s reason and its kg wasted', async () => {
    const page = await signedIn(w.app, w.partner.user.email);
    const html = await (await page.get('/quality?from=2026-11-01&to=2026-11-30')).text();
    expect(html).toContain(
      'refusé à l’arrivée au relais : Emballage · 5 kg gaspillés, non évités (ni reçus ni comptés pour le partenaire)',
    );
    expect(html).toMatch(/id="reason-counts">[^<]*Emballage 1/);
  });

  it("stays on the shop's receipt: the gift was made at the shop", async () => {
    w.clock.set('2026-12-03T10:00:00+01:00');
    const r = await w.partnerApi.post('/receipts', {
      shopId: w.shop.org.id,
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
    });
    expect([r.status, r.body.amountEur]).toEqual([201, 18]);
    const row = await t.db
      .selectFrom('receipts')
      .select('kg')
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.kg)).toBe(8);
  });
});
