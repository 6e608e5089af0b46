import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { migrateDown, migrateToLatest } from '../../src/db/migrate.js';
import { receiptGroups } from '../../src/receipts/domain.js';
import { loadFactors } from '../../src/stats/factors.js';
import { parseStatsQuery } from '../../src/shared/period.js';
import { computeStats } from '../../src/stats/queries.js';
import { computeStatsRaw } from '../../src/stats/raw.js';
import { resolveScope } from '../../src/shared/scope.js';
import { confirmReceipt, refuseWithdrawal } from '../../src/withdrawals/domain.js';
import { apiAs, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';

/**
 * Produce received through a market withdrawal counts in the statistics like a donation picked
 * up (migration 0006): for the association, the producer organisation as donor, the territories
 * whose area holds either, and the admin; never in tax receipts, never as a donation posted.
 */
let t: TestDatabase;
const NOW = new Date('2026-12-05T12:00:00+01:00');
const NOV = { from: '2026-11-01', to: '2026-11-30' };
let s: Awaited<ReturnType<typeof seed>>;

async function seed() {
  const db = t.db;
  const shop = await createOrgWithUser(db, 'shop', { town: 'Lyon' });
  const assoc = await createOrgWithUser(db, 'association', { town: 'Lyon' });
  const other = await createOrgWithUser(db, 'association', {
    town: 'Villeurbanne',
    lat: 45.77,
    lng: 4.88,
  });
  const po = await createProducerOrg(db, {
    overrides: { town: 'Givors', lat: 45.59, lng: 4.77 },
  });
  const terr = (towns: string[]) =>
    createOrgWithUser(db, 'territory', { area_towns: JSON.stringify(towns) as any });
  const tLyon = await terr(['Lyon']); // holds the association (and the shop)
  const tGivors = await terr(['Givors']); // holds the producer organisation only
  const tVilleurbanne = await terr(['Villeurbanne']); // holds the other association only
  const admin = await createUser(db, { isAdmin: true });

  // the shop's donation: 10 kg of bread picked up by the association, no value given
  const d = await createDonation(db, { shopId: shop.org.id, quantity_kg: 10 });
  await markPickedUp(db, d.id, { associationId: assoc.org.id, at: '2026-11-20T10:00:00+01:00' });

  // withdrawals: one confirmed (250 of 300 kg), one left pending, one refused
  const actorA = await loadActor(db, assoc.user);
  const received = await createWithdrawal(db, {
    producerOrgId: po.org.id,
    associationId: assoc.org.id,
    quantityKg: 300,
    date: '2026-11-10',
  });
  const pending = await createWithdrawal(db, {
    producerOrgId: po.org.id,
    associationId: assoc.org.id,
    quantityKg: 40,
    date: '2026-11-12',
  });
  const refused = await createWithdrawal(db, {
    producerOrgId: po.org.id,
    associationId: assoc.org.id,
    quantityKg: 70,
    date: '2026-11-14',
  });
  return {
    shop,
    assoc,
    other,
    po,
    tLyon,
    tGivors,
    tVilleurbanne,
    admin,
    actorA,
    received,
    pending,
    refused,
  };
}

beforeAll(async () => {
  t = await openTestDatabase();
  s = await seed();
});
afterAll(async () => t?.close());

async function statsOf(user: { id: number } & Record<string, any>, organisationId?: number) {
  const actor = await loadActor(t.db, user as any);
  const q = parseStatsQuery(
    { ...NOV, ...(organisationId ? { organisationId: String(organisationId) } : {}) },
    NOW,
  );
  const scope = await resolveScope(t.db, actor, q.organisationId);
  const f = await loadFactors(t.db);
  const stats = await computeStats(t.db, scope, q, f);
  const raw = await computeStatsRaw(t.db, scope, q, f);
  // the summaries and the plain aggregate over donations and receipts agree, figure for figure
  expect(raw).toEqual(stats);
  return stats;
}

async function snapshot(table: 'stats_daily' | 'stats_monthly') {
  const rows = await t.db.selectFrom(table).selectAll().execute();
  return rows
    .filter((r) =>
      Object.entries(r).some(
        ([k, v]) =>
          !['day', 'month', 'shop_id', 'association_id', 'category'].includes(k) && Number(v) !== 0,
      ),
    )
    .map((r) => JSON.stringify(r))
    .sort();
}

async function expectRebuildAgrees() {
  const daily = await snapshot('stats_daily');
  const monthly = await snapshot('stats_monthly');
  await sql`select stats_rebuild()`.execute(t.db);
  expect(await snapshot('stats_daily')).toEqual(daily);
  expect(await snapshot('stats_monthly')).toEqual(monthly);
}

describe('withdrawals in the statistics', () => {
  it('count nothing while pending', async () => {
    const a = await statsOf(s.assoc.user);
    expect(a.pickedUpKg).toBe(10);
    expect(a.byCategory.map((c) => c.category)).toEqual(['bakery']);
    const rows = await t.db
      .selectFrom('stats_daily')
      .selectAll()
      .where('shop_id', '=', s.po.org.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('count the kg received once the association confirms, and a refusal counts nothing', async () => {
    await confirmReceipt(t.db, s.actorA, s.received.id, 250, NOW);
    await refuseWithdrawal(t.db, s.actorA, s.refused.id, 'Trop abîmé', NOW);

    const a = await statsOf(s.assoc.user);
    expect(a.pickedUpKg).toBe(260);
    expect(a.meals).toBe(520);
    expect(a.co2eKg).toBe(660.4);
    expect(a.valueEur).toBe(850.2); // 260 kg × 3.27 EUR: neither gave a value
    expect(a.valueGivenEur).toBe(0);
    expect(a.valueEstimatedKg).toBe(260);
    expect(a.pickups).toBe(2);
    // a withdrawal was never posted nor claimed: donations and the share claimed stay the shop's
    expect(a.donations).toBe(1);
    expect(a.postedKg).toBe(10);
    expect(a.claimed).toBe(1);
    expect(a.shareClaimed).toBe(1);
    expect(a.byCategory).toEqual([
      {
        category: 'fruit_vegetables',
        donations: 0,
        postedKg: 0,
        kg: 250,
        meals: 500,
        co2eKg: 635,
        valueEur: 817.5,
      },
      {
        category: 'bakery',
        donations: 1,
        postedKg: 10,
        kg: 10,
        meals: 20,
        co2eKg: 25.4,
        valueEur: 32.7,
      },
    ]);
    // on the day of the withdrawal, in the week series
    expect(a.timeSeries.find((p) => p.start === '2026-11-09')).toMatchObject({
      kg: 250,
      donations: 0,
    });
    // the producer organisation is the donor, with its name and place for the map
    const po = a.shops.find((o) => o.id === s.po.org.id)!;
    expect(po).toMatchObject({
      name: s.po.org.name,
      town: 'Givors',
      lat: 45.59,
      lng: 4.77,
      kg: 250,
      pickups: 1,
      donations: 0,
      defects: 0,
    });
    expect(a.associations).toEqual([
      expect.objectContaining({ id: s.assoc.org.id, kg: 260, pickups: 2 }),
    ]);
  });

  it('reach the API figures of the association', async () => {
    const { app } = buildApp(t.db);
    const api = await apiAs(app, s.assoc.user.email, PASSWORD);
    const res = await api.get(`/stats?from=${NOV.from}&to=${NOV.to}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      donations: 1,
      postedKg: 10,
      pickedUpKg: 260,
      meals: 520,
      co2eKg: 660.4,
      valueEur: 850.2,
    });
    expect(res.body.byCategory).toContainEqual({
      category: 'fruit_vegetables',
      kg: 250,
      postedKg: 0,
      donations: 0,
    });
    // filtered on the category
    const fv = await api.get(`/stats?from=${NOV.from}&to=${NOV.to}&category=fruit_vegetables`);
    expect(fv.body).toMatchObject({
      pickedUpKg: 250,
      meals: 500,
      co2eKg: 635,
      valueEur: 817.5,
      donations: 0,
    });
  });

  it('show to the producer organisation, the admin and the territories in scope, and to nobody else', async () => {
    const po = await statsOf(s.po.user);
    expect(po).toMatchObject({ pickedUpKg: 250, donations: 0, meals: 500 });
    expect(po.associations).toEqual([expect.objectContaining({ id: s.assoc.org.id, kg: 250 })]);

    const admin = await statsOf(s.admin);
    expect(admin).toMatchObject({ pickedUpKg: 260, donations: 1, meals: 520, co2eKg: 660.4 });
    expect((await statsOf(s.admin, s.po.org.id)).pickedUpKg).toBe(250);
    expect((await statsOf(s.admin, s.assoc.org.id)).pickedUpKg).toBe(260);

    // a territory holding the association sees it; one holding the producer organisation too
    expect((await statsOf(s.tLyon.user)).pickedUpKg).toBe(260);
    expect((await statsOf(s.tGivors.user)).pickedUpKg).toBe(250);
    expect((await statsOf(s.tGivors.user, s.po.org.id)).pickedUpKg).toBe(250);
    expect((await statsOf(s.tVilleurbanne.user)).pickedUpKg).toBe(0);

    // another association, and the shop, see nothing of it
    const other = await statsOf(s.other.user);
    expect(other).toMatchObject({
      pickedUpKg: 0,
      meals: 0,
      valueEur: 0,
      byCategory: [],
      shops: [],
    });
    const shop = await statsOf(s.shop.user);
    expect(shop).toMatchObject({
      pickedUpKg: 10,
      byCategory: [expect.objectContaining({ category: 'bakery' })],
    });
    expect(shop.shops.map((o) => o.id)).toEqual([s.shop.org.id]);
  });

  it('appear on the dashboards (HTML and the donors CSV)', async () => {
    const { app } = buildApp(t.db);
    const po = new Client(app);
    await po.signIn(s.po.user.email, PASSWORD);
    const page = await po.get('/dashboard?period=month&month=2026-11');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(s.assoc.org.name);

    const admin = new Client(app);
    await admin.signIn(s.admin.email, PASSWORD);
    const csv = await admin.get('/dashboard.csv?table=donors&period=month&month=2026-11&lang=en');
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).split('\r\n');
    expect(lines).toContain(`${s.po.org.id},${s.po.org.name},Givors,45.59,4.77,250`);
    // the shop filter offers the producer organisation as a donor
    expect(await (await admin.get('/dashboard?period=month&month=2026-11')).text()).toContain(
      `<option value="${s.po.org.id}"`,
    );
  });

  it('never reach the tax receipts (shops’ donations only)', async () => {
    for (const user of [s.assoc.user, s.po.user, s.admin]) {
      const groups = await receiptGroups(t.db, await loadActor(t.db, user), NOV);
      expect(groups.flatMap((g) => g.lines.map((l) => l.receivedKg))).toEqual(
        user === s.po.user ? [] : [10],
      );
      expect(groups.every((g) => g.shop.id === s.shop.org.id)).toBe(true);
    }
  });

  it('are in stats_rebuild(): the same summaries as the trigger', async () => {
    await expectRebuildAgrees();
    // a correction of the kg received, straight in the table, is followed as well
    await t.db
      .updateTable('withdrawals')
      .set({ received_kg: 240 })
      .where('id', '=', s.received.id)
      .execute();
    expect((await statsOf(s.assoc.user)).pickedUpKg).toBe(250);
    await expectRebuildAgrees();
    await t.db
      .updateTable('withdrawals')
      .set({ received_kg: 250 })
      .where('id', '=', s.received.id)
      .execute();
    // a receipt inserted already confirmed (as the factory does) counts too
    await createWithdrawal(t.db, {
      producerOrgId: s.po.org.id,
      associationId: s.other.org.id,
      quantityKg: 20,
      receivedKg: 20,
      date: '2026-11-25',
    });
    expect((await statsOf(s.other.user)).pickedUpKg).toBe(20);
    await expectRebuildAgrees();
  });

  it('leave the summaries when migration 0006 goes down, and come back when it goes up', async () => {
    const daily = await snapshot('stats_daily');
    let [r] = await migrateDown(t.db); // the later migrations first
    while (r.migrationName > '0006_count_withdrawals_in_stats') [r] = await migrateDown(t.db);
    expect(r).toMatchObject({
      migrationName: '0006_count_withdrawals_in_stats',
      status: 'Success',
    });
    const poRows = await t.db
      .selectFrom('stats_daily')
      .select(sql<number>`sum(picked_kg)::float8`.as('kg'))
      .where('shop_id', '=', s.po.org.id)
      .executeTakeFirstOrThrow();
    expect(poRows.kg).toBe(0);
    // the old stats_rebuild() is back: it agrees with the summaries without the withdrawals
    await expectRebuildAgrees();
    expect(
      await t.db.selectFrom('stats_daily').where('shop_id', '=', s.po.org.id).selectAll().execute(),
    ).toEqual([]);

    await migrateToLatest(t.db);
    expect(await snapshot('stats_daily')).toEqual(daily);
    expect((await statsOf(s.assoc.user)).pickedUpKg).toBe(260);
    await expectRebuildAgrees();
  });
});
