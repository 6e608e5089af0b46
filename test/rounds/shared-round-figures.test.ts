// A round shared with a partner association (issue #19): each association's share of the kg
// counts for it in the stats, on its receipts and in the traceability record. Sums by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatsQuery } from '../../src/shared/period.js';
import type { Scope } from '../../src/shared/scope.js';
import { loadFactors } from '../../src/stats/factors.js';
import { givenShares } from '../../src/stats/given.js';
import { computeStats } from '../../src/stats/queries.js';
import { computeStatsRaw } from '../../src/stats/raw.js';
import { queueReceiptsReady } from '../../src/notifications/scheduled/receipts.js';
import { apiAs, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { codeOf, roundWorld } from './world.js';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof roundWorld>>;
let shops: number[];
let ids: number[];
beforeAll(async () => {
  t = await openTestDatabase();
  w = await roundWorld(t.db);
  // three stops: bakery 10 EUR, fruit and vegetables 20 EUR, dry goods with no value (3.27 EUR/kg)
  const made = [await w.donationAt(1), await w.donationAt(2), await w.donationAt(3)];
  ids = made.map((d) => d.id);
  shops = made.map((d) => d.shop_id);
  const kinds = [
    { category: 'bakery', value_eur: 10 },
    { category: 'fruit_vegetables', value_eur: 20 },
    { category: 'dry_goods', value_eur: null, quantity_kg: 5 },
  ];
  for (const [i, k] of kinds.entries())
    await t.db.updateTable('donations').set(k).where('id', '=', ids[i]).execute();
  // both associations issue monthly receipts (approved by law, as CCAS are)
  await t.db
    .updateTable('organisations')
    .set({ rna: 'W691234567', approval_level: 'law', receipt_period: 'month' })
    .where('id', 'in', [w.assoc.org.id, w.other.org.id])
    .execute();
  const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
  const round = (await api.post('/rounds', { donationIds: ids })).body;
  await api.post(`/rounds/${round.id}/partner`, { associationId: w.other.org.id });
  const partner = await apiAs(w.app, w.other.user.email, PASSWORD);
  await partner.post(`/rounds/${round.id}/answer`, { accept: true });
  for (const [i, kg] of [4, 3.5, 5].entries()) {
    const res = await api.post(`/donations/${ids[i]}/pickup`, {
      handoverCode: await codeOf(t.db, ids[i]),
      receivedKg: kg,
      quality: 'good',
    });
    expect(res.status).toBe(200);
  }
  // 12.5 kg received: 5 to the partner (40 %), 7.5 stay with the round's association (60 %)
  const split = await api.post(`/rounds/${round.id}/split`, { partnerKg: 5 });
  expect(split.body.receivedKg).toBe(12.5);
});
afterAll(async () => t?.close());

const scopeOf = (over: Partial<{ shopIds: number[]; associationIds: number[] }>): Scope => ({
  all: false,
  label: '',
  shopIds: [],
  associationIds: [],
  ...over,
});

// Hand sums: A (the round's) 60 %, B (the partner) 40 % of each stop.
// A: 2.4 + 2.1 + 3 = 7.5 kg, 15 meals, 7.5 × 2.54 = 19.05 kg CO2e, 6 + 12 + 3 × 3.27 = 27.81 EUR
// B: 1.6 + 1.4 + 2 = 5 kg, 10 meals, 12.7 kg CO2e, 4 + 8 + 2 × 3.27 = 18.54 EUR
const A = { pickedUpKg: 7.5, meals: 15, co2eKg: 19.05, valueEur: 27.81 };
const B = { pickedUpKg: 5, meals: 10, co2eKg: 12.7, valueEur: 18.54 };
const TOTAL = { pickedUpKg: 12.5, meals: 25, co2eKg: 31.75, valueEur: 46.35 };

describe('a shared round in the stats', () => {
  for (const query of [
    { period: 'custom', from: '2026-11-27', to: '2026-11-27' }, // days (stats_daily)
    { period: 'month', month: '2026-11' }, // a whole month (stats_monthly)
  ])
    it(`counts each association's share, totals unchanged (${query.period})`, async () => {
      const q = parseStatsQuery(query, w.clock.now());
      const f = await loadFactors(t.db);
      for (const [scope, want] of [
        [scopeOf({ associationIds: [w.assoc.org.id] }), A],
        [scopeOf({ associationIds: [w.other.org.id] }), B],
        [scopeOf({ shopIds: shops }), TOTAL],
      ] as const) {
        for (const s of [
          await computeStats(t.db, scope, q, f),
          await computeStatsRaw(t.db, scope, q, f),
        ])
          expect(s).toMatchObject(want);
      }
      const all = await computeStats(t.db, scopeOf({ shopIds: shops }), q, f);
      // the associations' ranking: each its kg; the shops' and the categories' as received
      expect(all.associations.map((o) => [o.id, o.kg, o.pickups])).toEqual([
        [w.assoc.org.id, 7.5, 3],
        [w.other.org.id, 5, 0],
      ]);
      expect(all.shops.map((o) => o.kg).sort()).toEqual([3.5, 4, 5]);
      const partner = await computeStats(t.db, scopeOf({ associationIds: [w.other.org.id] }), q, f);
      expect(partner.byCategory.map((c) => [c.category, c.kg])).toEqual([
        ['dry_goods', 2],
        ['bakery', 1.6],
        ['fruit_vegetables', 1.4],
      ]);
    });

  it('through the API, as each association sees its own', async () => {
    for (const [user, want] of [
      [w.assoc.user, A],
      [w.other.user, B],
    ] as const) {
      const api = await apiAs(w.app, user.email, PASSWORD);
      const res = await api.get('/stats?from=2026-11-01&to=2026-11-30');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(want);
    }
  });

  it('shares the quality of what is given out the same way', async () => {
    const q = parseStatsQuery({ period: 'month', month: '2026-11' }, w.clock.now());
    const g = await givenShares(t.db, scopeOf({ associationIds: [w.other.org.id] }), q);
    expect([g.pickedUpKg, g.fruitVegetablesKg, g.shares.fruitVegetables]).toEqual([5, 1.4, 0.28]);
  });
});

describe('a shared round on the receipts', () => {
  it('each association issues the shop a receipt for its share (kg and cost value)', async () => {
    w.clock.set('2026-12-03T10:00:00+01:00');
    const manager = await createUser(t.db, { organisationId: w.assoc.org.id, role: 'manager' });
    const november = { shopId: shops[0], periodFrom: '2026-11-01', periodTo: '2026-11-30' };
    for (const [email, amount, kg] of [
      [manager.email, 6, 2.4],
      [w.other.user.email, 4, 1.6],
    ] as const) {
      const api = await apiAs(w.app, email, PASSWORD);
      const r = await api.post('/receipts', november);
      expect([r.status, r.body.amountEur]).toEqual([201, amount]);
      const row = await t.db
        .selectFrom('receipts')
        .select('kg')
        .where('id', '=', r.body.id)
        .executeTakeFirstOrThrow();
      expect(Number(row.kg)).toBe(kg);
    }
  });
});

describe('a shared round in the traceability record', () => {
  it('names both associations with their kg, and the partner keeps the record too', async () => {
    const partner = await signedIn(w.app, w.other.user.email);
    const res = await partner.get(`/donations/${ids[1]}/record`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Part reçue (tournée partagée)');
    expect(html).toContain(' : 2,1 kg');
    expect(html).toContain(' : 1,4 kg');
    expect(html.indexOf('Épicerie du plateau')).toBeLessThan(html.indexOf(w.other.org.name));
    const csv = await (await partner.get(`/donations/${ids[1]}/record.csv`)).text();
    expect(csv).toContain('Partage de la tournée (kg)');
    const records = await (await partner.get('/records?from=2026-11-27&to=2026-11-27')).text();
    for (const id of ids) expect(records).toContain(`id="record-${id}"`);
    const stranger = await createOrgWithUser(t.db, 'association');
    const other = await signedIn(w.app, stranger.user.email);
    expect((await other.get(`/donations/${ids[1]}/record`)).status).toBe(404);
  });
});

describe("a shared round in the shop's 'receipt of the month' mail", () => {
  it('counts both associations that will issue it a receipt, and its kg once', async () => {
    await queueReceiptsReady(t.db, new Date('2026-12-01T07:00:00Z'));
    const rows = await t.db
      .selectFrom('push_deliveries as pd')
      .innerJoin('memberships as m', 'm.user_id', 'pd.user_id')
      .select(['pd.payload', 'm.organisation_id'])
      .where('m.organisation_id', 'in', shops)
      .where('m.role', '=', 'manager')
      .where('pd.channel', '=', 'email')
      .execute();
    const mails = rows.filter((r) => (r.payload as any).template === 'receipt_ready');
    expect(mails).toHaveLength(3); // one shop each stop
    for (const m of mails) {
      const { params } = m.payload as any;
      expect(params.associations).toBe(2);
      expect(params.pickups).toBe(1);
    }
    const first = mails.find((m) => m.organisation_id === shops[0])!;
    expect((first.payload as any).params.kg).toBe('4'); // received at the first stop, once
  });
});

describe('a shared round once a receipt covers one of its pickups', () => {
  it('its split is frozen: a new split and the partner leaving are refused (409), the shares kept', async () => {
    // the receipts of November were issued above, by both associations, for the first stop's shop
    const { id } = await t.db
      .selectFrom('rounds')
      .select('id')
      .where('association_id', '=', w.assoc.org.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const again = await api.post(`/rounds/${id}/split`, { partnerKg: 4 });
    expect([again.status, again.body.error?.code]).toEqual([409, 'round_receipted']);
    const partner = await apiAs(w.app, w.other.user.email, PASSWORD);
    const leave = await partner.post(`/rounds/${id}/answer`, { accept: false });
    expect([leave.status, leave.body.error?.code]).toEqual([409, 'round_receipted']);
    const shares = await t.db
      .selectFrom('round_shares')
      .select('kg')
      .where('round_id', '=', id)
      .execute();
    expect(shares.map((s) => Number(s.kg)).sort((a, b) => a - b)).toEqual([5, 7.5]);
  });
});
