import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { loadFactors } from '../../src/stats/factors.js';
import { givenShares, givenTrend } from '../../src/stats/given.js';
import { computeStats } from '../../src/stats/queries.js';
import { parseStatsQuery } from '../../src/shared/period.js';
import { resolveScope } from '../../src/shared/scope.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';
import { seedDataSet } from './data-set.js';

/**
 * The quality of what is given (issue #19) on the data set of data-set.ts, marked by hand, plus
 * a fruit donation and a withdrawal. Picked up in November 2026 (kg received):
 *  #1 A→X  9 kg  fresh, organic, own production
 *  #2 A→X  4 kg  fresh, AOP/IGP
 *  #5 B→Y  8 kg  within 100 km
 *  #7 B→X  2 kg  nothing marked
 *  #10 A→X 5 kg  fruit_vegetables, fresh, within 100 km
 *  withdrawal PO→X 12 kg (fresh fruit and vegetables, nothing else)
 * Everything: 40 kg; fresh 30; fruit and vegetables 17; labelled 13; local 22.
 * Territory T (Lyon: A and X): 32 kg; fresh 30; F&V 17; labelled 13; local 14.
 * Shop B: 10 kg; local 8.
 */
let t: TestDatabase;
let s: Awaited<ReturnType<typeof seedDataSet>>;
let app: ReturnType<typeof buildApp>['app'];
const NOW = new Date('2026-12-05T12:00:00+01:00');
const NOV = { period: 'month', month: '2026-11' };

beforeAll(async () => {
  t = await openTestDatabase();
  s = await seedDataSet(t.db);
  const [d1, d2, , , d5] = s.d;
  const mark = (id: number, v: Record<string, unknown>) =>
    t.db.updateTable('donations').set(v).where('id', '=', id).execute();
  await mark(d1.id, {
    fresh_produce: true,
    quality_label: 'organic',
    local_origin: 'own_production',
  });
  await mark(d2.id, { fresh_produce: true, quality_label: 'aop_igp' });
  await mark(d5.id, { local_origin: 'within_100km' });
  const d10 = await createDonation(t.db, {
    shopId: s.A.org.id,
    category: 'fruit_vegetables',
    quantity_kg: 6,
    fresh_produce: true,
    local_origin: 'within_100km',
    created_at: '2026-11-10T08:00:00+01:00',
    pickup_from: '2026-11-10T09:00:00+01:00',
    pickup_until: '2026-11-10T18:00:00+01:00',
  });
  await markPickedUp(t.db, d10.id, {
    associationId: s.X.org.id,
    at: '2026-11-10T10:00:00+01:00',
    receivedKg: 5,
  });
  // a labelled donation expired: never picked up, so in no share
  await createDonation(t.db, {
    shopId: s.A.org.id,
    quality_label: 'label_rouge',
    status: 'expired',
    created_at: '2026-11-12T08:00:00+01:00',
    pickup_from: '2026-11-12T09:00:00+01:00',
    pickup_until: '2026-11-12T18:00:00+01:00',
  });
  const po = await createProducerOrg(t.db, {
    overrides: { town: 'Givors', lat: 45.59, lng: 4.77 },
  });
  await createWithdrawal(t.db, {
    producerOrgId: po.org.id,
    associationId: s.X.org.id,
    quantityKg: 15,
    receivedKg: 12,
    date: '2026-11-12',
  });
  const built = buildApp(t.db);
  built.clock.set(NOW);
  app = built.app;
});
afterAll(async () => t?.close());

async function sharesFor(who: 'admin' | 'T' | 'B', query: Record<string, string> = NOV) {
  const user = who === 'admin' ? s.admin : s[who].user;
  const q = parseStatsQuery(query, NOW);
  const scope = await resolveScope(t.db, await loadActor(t.db, user), q.organisationId);
  const stats = await computeStats(t.db, scope, q, await loadFactors(t.db));
  return {
    given: await givenShares(t.db, scope, q),
    stats,
    trend: await givenTrend(t.db, scope, q),
  };
}

describe('the shares of what is given, by kg picked up', () => {
  it.each([
    ['admin', {}, 40, { fresh: 30, fv: 17, labelled: 13, local: 22 }],
    ['T', {}, 32, { fresh: 30, fv: 17, labelled: 13, local: 14 }],
    ['B', {}, 10, { fresh: 0, fv: 0, labelled: 0, local: 8 }],
    // the admin narrowed to shop A, as the dashboard's shop filter does
    ['admin', { shop: 'S_A' }, 18, { fresh: 18, fv: 5, labelled: 13, local: 14 }],
  ] as const)('%s %j: the hand sums', async (who, extra, kg, want) => {
    const query: Record<string, string> = { ...NOV };
    if ('shop' in extra) query.shop = String(s.A.org.id);
    const { given, stats } = await sharesFor(who, query);
    expect(given.basis).toBe('picked_up_kg');
    // the same kg as the dashboard's "picked up" figure
    expect(given.pickedUpKg).toBe(kg);
    expect(stats.pickedUpKg).toBe(kg);
    expect({
      fresh: given.freshProduceKg,
      fv: given.fruitVegetablesKg,
      labelled: given.labelledKg,
      local: given.localKg,
    }).toEqual(want);
    const r = (n: number) => Math.round((n / kg) * 1000) / 1000;
    expect(given.shares).toEqual({
      freshProduce: r(want.fresh),
      fruitVegetables: r(want.fv),
      labelled: r(want.labelled),
      local: r(want.local),
    });
  });

  it('splits the labels and gives no share where nothing was picked up', async () => {
    const { given } = await sharesFor('admin');
    expect(given.byLabel).toEqual({ organic: 9, label_rouge: 0, aop_igp: 4 });
    expect(given.shares.freshProduce).toBe(0.75);
    const empty = await sharesFor('admin', { period: 'month', month: '2026-09' });
    expect(empty.given.pickedUpKg).toBe(0);
    expect(empty.given.shares).toEqual({
      freshProduce: null,
      fruitVegetables: null,
      labelled: null,
      local: null,
    });
  });

  it('gives the territory twelve months to the period’s end, November holding the sums', async () => {
    const { trend } = await sharesFor('T');
    expect(trend.map((m) => m.month)).toEqual([
      '2025-12-01',
      ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`),
    ]);
    const nov = trend[11];
    expect(nov.pickedUpKg).toBe(32);
    expect(nov.shares.local).toBe(0.438); // 14 / 32
    expect(trend.slice(0, 11).every((m) => m.pickedUpKg === 0 && m.shares.local === null)).toBe(
      true,
    );
  });
});

describe('the shares on the dashboard, its CSV and the API', () => {
  it('shows the territory its shares and trend, saying they are of the kg picked up', async () => {
    const c = await signedIn(app, s.T.user.email);
    const html = await (await c.get('/dashboard?period=month&month=2026-11&lang=en')).text();
    expect(html).toContain('Quality of what is given');
    expect(html).toContain('Shares of the kg picked up in the period (32 kg');
    expect(html).toMatch(/id="given-freshProduce">.*?<dd class="figure">93.8%<\/dd>/s);
    expect(html).toMatch(/id="given-local">.*?<dd class="figure">43.8%<\/dd>.*?14 kg/s);
    expect(html).toContain('id="given-months"');
    expect(html).toContain('/dashboard.csv?table=quality_months&amp;');
    const csv = await (
      await c.get('/dashboard.csv?table=quality_months&period=month&month=2026-11&lang=en')
    ).text();
    expect(csv).toContain('2026-11,32,30,0.938,17,0.531,13,0.406,14,0.438');
    const fr = await (
      await c.get('/dashboard.csv?table=quality_shares&period=month&month=2026-11&lang=fr')
    ).text();
    expect(fr).toContain('Part des kg collectés');
    expect(fr).toContain('local;14;0,438');
  });

  it('shows a shop its own shares without the trend', async () => {
    const c = await signedIn(app, s.B.user.email);
    const html = await (await c.get('/dashboard?period=month&month=2026-11&lang=en')).text();
    expect(html).toMatch(/id="given-local">.*?<dd class="figure">80%<\/dd>/s);
    expect(html).not.toContain('id="given-months"');
  });

  it('adds qualityShares to GET /api/v1/stats, the other fields as they were', async () => {
    const api = await apiAs(app, s.T.user.email, PASSWORD);
    const res = await api.get('/stats?from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.body.pickedUpKg).toBe(32);
    expect(res.body.qualityShares).toMatchObject({
      basis: 'picked_up_kg',
      pickedUpKg: 32,
      freshProduceKg: 30,
      shares: { freshProduce: 0.938, fruitVegetables: 0.531, labelled: 0.406, local: 0.438 },
    });
    expect(res.body.qualityShares.months).toHaveLength(1);
  });
});
