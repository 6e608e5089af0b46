import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { parseStatsQuery } from '../../src/shared/period.js';
import { territoryCoverage } from '../../src/territories/coverage.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

/**
 * Where a territory's area lacks coverage (issue #19), on a made data set of November 2026.
 * Territory T: the town Lyon, and the communes 69381, 69384, 69389, 69383.
 *  S1 (69381, 45.76 4.83): bakery 5 kg expired, bakery 5 kg expired, chilled dairy 2 kg
 *     expired, bakery 4 kg picked up: 3 of 4 expired, 12 kg
 *  S2 (69384, 45.78 4.83): frozen 3 kg expired, bakery 2 kg picked up, chilled 1 kg cancelled
 *     (claimed by Y then given back for want of room): 1 of 2, 3 kg
 *  S3 (69389, 45.78 4.70): nothing posted; 10 km from any approved association
 *  X (approved, 45.765 4.835, 3 km, no cold storage): 0.7 km from S1, 1.7 km from S2
 *  Y (approved, 45.78 4.83, 2 km, fridge only): at S2, 2.2 km from S1
 *  Z (not approved, at S3, no cold storage): neither reaches nor is a candidate
 *  V (Villeurbanne, out of the area): a shop out of reach, all expired; W an association
 *     without a fridge there: neither is T's.
 * 69383: nobody signed up.
 */
let t: TestDatabase;
let s: Awaited<ReturnType<typeof seed>>;
const NOW = new Date('2026-12-05T12:00:00+01:00');
const NOV = { period: 'month', month: '2026-11' };

async function seed() {
  const db = t.db;
  const T = await createOrgWithUser(db, 'territory', {
    name: 'PAT Lyon',
    area_towns: JSON.stringify(['Lyon']) as any,
  });
  await db
    .insertInto('territory_communes')
    .values(
      ['69381', '69384', '69389', '69383'].map((citycode) => ({
        territory_id: T.org.id,
        citycode,
      })),
    )
    .execute();
  const place = (
    citycode: string,
    lat: number,
    lng: number,
    more: Record<string, unknown> = {},
  ) => ({
    town: 'Lyon',
    citycode,
    lat,
    lng,
    ...more,
  });
  const S1 = await createOrgWithUser(db, 'shop', place('69381', 45.76, 4.83, { name: 'Shop S1' }));
  const S2 = await createOrgWithUser(db, 'shop', place('69384', 45.78, 4.83, { name: 'Shop S2' }));
  const S3 = await createOrgWithUser(db, 'shop', place('69389', 45.78, 4.7, { name: 'Shop S3' }));
  const assoc = (name: string, lat: number, lng: number, more: Record<string, unknown>) =>
    createOrgWithUser(db, 'association', place('69384', lat, lng, { name, ...more }));
  const X = await assoc('Assoc X', 45.765, 4.835, { radius_km: 3 });
  const Y = await assoc('Assoc Y', 45.78, 4.83, { radius_km: 2, storage_chilled: true });
  await assoc('Assoc Z', 45.78, 4.7, { radius_km: 5, approved: false, citycode: '69389' });
  const V = await createOrgWithUser(db, 'shop', {
    town: 'Villeurbanne',
    citycode: '69266',
    name: 'Shop V',
    lat: 45.77,
    lng: 5.1,
  });
  await createOrgWithUser(db, 'association', {
    town: 'Villeurbanne',
    citycode: '69266',
    name: 'Assoc W',
    lat: 45.77,
    lng: 5.1,
    radius_km: 3,
  });

  let day = 1;
  const post = (shopId: number, o: Record<string, unknown> = {}) => {
    const d = String(day++).padStart(2, '0');
    return createDonation(db, {
      shopId,
      created_at: `2026-11-${d}T08:00:00+01:00`,
      pickup_from: `2026-11-${d}T09:00:00+01:00`,
      pickup_until: `2026-11-${d}T18:00:00+01:00`,
      ...o,
    });
  };
  await post(S1.org.id, { status: 'expired' });
  await post(S1.org.id, { status: 'expired' });
  await post(S1.org.id, {
    status: 'expired',
    category: 'dairy',
    storage: 'chilled',
    quantity_kg: 2,
  });
  const picked = await post(S1.org.id, { quantity_kg: 4 });
  await markPickedUp(db, picked.id, { associationId: X.org.id, at: '2026-11-04T10:00:00+01:00' });
  await post(S2.org.id, {
    status: 'expired',
    category: 'frozen',
    storage: 'frozen',
    quantity_kg: 3,
  });
  const picked2 = await post(S2.org.id, { quantity_kg: 2 });
  await markPickedUp(db, picked2.id, { associationId: Y.org.id, at: '2026-11-06T10:00:00+01:00' });
  const back = await post(S2.org.id, {
    status: 'cancelled',
    category: 'dairy',
    storage: 'chilled',
    quantity_kg: 1,
  });
  await db
    .insertInto('donation_events')
    .values({
      donation_id: back.id,
      from_status: 'claimed',
      to_status: 'open',
      actor_org_id: Y.org.id,
      reason: 'no_room',
      at: new Date('2026-11-07T09:30:00+01:00'),
    })
    .execute();
  await post(V.org.id, { status: 'expired', storage: 'chilled', category: 'dairy' });
  // October: out of the period
  await createDonation(db, {
    shopId: S2.org.id,
    status: 'expired',
    created_at: '2026-10-20T08:00:00+01:00',
    pickup_from: '2026-10-20T09:00:00+01:00',
    pickup_until: '2026-10-20T18:00:00+01:00',
  });
  return { T, S1, S2, S3, X, Y, V };
}

beforeAll(async () => {
  t = await openTestDatabase();
  s = await seed();
});
afterAll(async () => t?.close());

const coverage = async (query: Record<string, string> = NOV) =>
  territoryCoverage(t.db, await loadActor(t.db, s.T.user), parseStatsQuery(query, NOW));

describe("a territory's coverage, within its area", () => {
  it('lists the shops whose donations expire unclaimed, the highest share first', async () => {
    const cv = await coverage();
    expect(
      cv.expiring.map(({ name, posted, expired, share, expiredKg }) => ({
        name,
        posted,
        expired,
        share,
        expiredKg,
      })),
    ).toEqual([
      { name: 'Shop S1', posted: 4, expired: 3, share: 0.75, expiredKg: 12 },
      { name: 'Shop S2', posted: 2, expired: 1, share: 0.5, expiredKg: 3 },
    ]);
    // October's expired donation of S2 counts in October only
    const oct = await coverage({ period: 'month', month: '2026-10' });
    expect(oct.expiring.map((e) => [e.name, e.posted, e.expired])).toEqual([['Shop S2', 1, 1]]);
  });

  it('names the communes no approved association reaches, and those nobody joined', async () => {
    const cv = await coverage();
    expect(cv.outOfReach).toHaveLength(1);
    expect(cv.outOfReach[0]).toMatchObject({ citycode: '69389', shops: 1, reached: 0 });
    expect(cv.outOfReach[0].nearestKm).toBeGreaterThan(9.5);
    expect(cv.outOfReach[0].nearestKm).toBeLessThan(10.6);
    expect(cv.emptyCommunes).toEqual(['69383']);
  });

  it('lists the associations without cold storage that chilled or frozen food passed by', async () => {
    const cv = await coverage();
    expect(cv.cold).toEqual([
      {
        id: s.X.org.id,
        name: 'Assoc X',
        town: 'Lyon',
        chilled: false,
        frozen: false,
        missed: 2, // S1's chilled dairy, S2's frozen (the cancelled one aside)
        missedKg: 5,
        missedExpired: 2,
        noRoom: 0,
      },
      {
        id: s.Y.org.id,
        name: 'Assoc Y',
        town: 'Lyon',
        chilled: true,
        frozen: false,
        missed: 1, // S2's frozen; its fridge takes S1's chilled, which is beyond its 2 km anyway
        missedKg: 3,
        missedExpired: 1,
        noRoom: 1,
      },
    ]);
  });

  it('leaves out an association that already takes cold food through a relay hub', async () => {
    await t.db
      .insertInto('hubs')
      .values({
        organisation_id: s.Y.org.id,
        capacity_chilled_kg: 20,
        capacity_frozen_kg: 0,
        opening_hours: 'Mardi 14 h - 18 h',
      })
      .execute();
    await t.db
      .insertInto('hub_partners')
      .values({
        hub_id: s.Y.org.id,
        partner_id: s.X.org.id,
        status: 'accepted',
        invited_by: null,
        invited_at: new Date(),
        answered_by: null,
        answered_at: new Date(),
      })
      .execute();
    try {
      expect((await coverage()).cold.map((c) => c.name)).toEqual(['Assoc Y']);
    } finally {
      await t.db.deleteFrom('hub_partners').where('hub_id', '=', s.Y.org.id).execute();
      await t.db.deleteFrom('hubs').where('organisation_id', '=', s.Y.org.id).execute();
    }
  });

  it('asks for the period with the dashboard’s own fields, and says what each column counts', async () => {
    const { app, clock } = buildApp(t.db);
    clock.set(NOW);
    const c = await signedIn(app, s.T.user.email);
    const fieldsOf = (html: string) =>
      /<fieldset class="period-fields">[\s\S]*?<\/fieldset>/.exec(html)?.[0];
    const query = 'period=month&month=2026-11&lang=fr';
    const coverage = await (await c.get(`/territory/coverage?${query}`)).text();
    const dashboard = await (await c.get(`/dashboard?${query}`)).text();
    const fields = fieldsOf(coverage);
    expect(fields).toBeDefined();
    expect(fields).toBe(fieldsOf(dashboard));
    for (const name of ['period', 'month', 'year', 'from', 'to'])
      expect(fields).toContain(`name="${name}"`);
    expect(fields).toContain('<legend>Période</legend>');
    expect(fields).toContain('Le mois (pour « un mois »)');
    // the cold table's column says what it counts, and the text under the title says it plainly
    expect(coverage).not.toContain('hors de portée');
    expect(coverage).toContain('Dons manqués faute de froid (nombre · kg)');
    expect(coverage).toContain('« Dons manqués faute de froid » : les dons frais ou surgelés');
  });

  it('shows the page to the territory, in its words', async () => {
    const { app, clock } = buildApp(t.db);
    clock.set(NOW);
    const c = await signedIn(app, s.T.user.email);
    const res = await c.get('/territory/coverage?period=month&month=2026-11&lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/id="expiring">.*?Shop S1.*?3 \/ 4.*?75%.*?Shop S2/s);
    expect(html).toMatch(/id="out-of-reach">.*?Lyon \(69389\)/s);
    expect(html).toContain('1 commune of the area with no organisation signed up: 69383');
    expect(html).toMatch(
      /id="cold">.*?Assoc X.*?Neither fridge nor freezer.*?Assoc Y.*?Fridge, no freezer/s,
    );
    expect(html).not.toContain('Shop V');
    expect(html).not.toContain('Assoc W');
    expect(html).not.toContain('Assoc Z');
    expect((await c.get('/territory/coverage?period=month&month=2026-13')).status).toBe(422);
    // a bad period: said beside its field, on the page with its form, not a bare error page
    const bad = await c.get('/territory/coverage?period=custom&from=2026-11-30&to=2026-11-01');
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-to-err"');
    expect(badHtml).toContain('action="/territory/coverage"');
    expect(badHtml).toContain('value="2026-11-30"');
    const api = await apiAs(app, s.T.user.email, PASSWORD);
    // the year asked for is read too (its field is the dashboard's)
    const year = await (await c.get('/territory/coverage?period=year&year=2026&lang=fr')).text();
    expect(year).toContain('Du 1 janv. 2026 au 31 déc. 2026');
    expect(year).toContain('name="year" type="text" value="2026"');
    const json = await api.get('/territory/coverage?from=2026-11-01&to=2026-11-30');
    expect(json.status).toBe(200);
    expect(json.body.expiring.map((e: { name: string }) => e.name)).toEqual(['Shop S1', 'Shop S2']);
    expect(json.body.emptyCommunes).toEqual(['69383']);
    expect(json.body.cold.map((a: { name: string }) => a.name)).toEqual(['Assoc X', 'Assoc Y']);
  });
});
