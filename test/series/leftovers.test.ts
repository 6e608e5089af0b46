import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as words } from '../../src/i18n/index.js';
import { loadActor } from '../../src/accounts/actor.js';
import { MAX_CLOSURES_PER_SHOP } from '../../src/series/closures.js';
import { changeSeries, MAX_SKIPS_PER_SHOP } from '../../src/series/edits.js';
import { makeDueOccurrences } from '../../src/series/occurrences.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

let places = 0;
async function world() {
  const built = buildApp(t.db); // 2026-11-27T09:00 Paris, a Friday
  const lng = 3 + ++places * 0.5;
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng });
  await createOrgWithUser(t.db, 'association', { lat: 45.77, lng, radius_km: 3 });
  const shopApi = await apiAs(built.app, shop.user.email, PASSWORD);
  const made = await shopApi.post('/donation-series', {
    category: 'bakery',
    description: 'pain',
    quantityKg: 8,
    storage: 'ambient',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    pickupFromTime: '19:00',
    pickupUntilTime: '19:30',
    startsOn: '2026-11-27',
    leadMinutes: 48 * 60,
  });
  expect(made.status).toBe(201);
  return { ...built, shop, shopApi, seriesId: made.body.id as number };
}

describe('a series edit is one transaction', () => {
  it('a failure half-way (the second occurrence) leaves the series and the first one as they were', async () => {
    const w = await world();
    await makeDueOccurrences(t.db, w.clock.now());
    const posted = await t.db
      .selectFrom('donations')
      .select(['id', 'description'])
      .where('series_id', '=', w.seriesId)
      .orderBy('pickup_from')
      .execute();
    expect(posted).toHaveLength(2);
    // broken on purpose: the database refuses to change the second occurrence
    await sql
      .raw(
        `create function test_refuse_update() returns trigger language plpgsql as $$
         begin raise exception 'refused on purpose'; end $$`,
      )
      .execute(t.db);
    await sql
      .raw(
        `create trigger test_refuse before update on donations for each row
           when (old.id = ${posted[1].id}) execute function test_refuse_update()`,
      )
      .execute(t.db);
    const user = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', w.shop.user.id)
      .executeTakeFirstOrThrow();
    const actor = await loadActor(t.db, user);
    await expect(
      changeSeries(
        t.db,
        actor,
        w.seriesId,
        { description: 'pain et viennoiseries' },
        w.clock.now(),
      ),
    ).rejects.toThrow(/refused on purpose/);
    const series = await t.db
      .selectFrom('donation_series')
      .select('description')
      .where('id', '=', w.seriesId)
      .executeTakeFirstOrThrow();
    expect(series.description).toBe('pain');
    const after = await t.db
      .selectFrom('donations')
      .select(['id', 'description'])
      .where('series_id', '=', w.seriesId)
      .orderBy('pickup_from')
      .execute();
    expect(after).toEqual(posted);
    const events = await t.db
      .selectFrom('donation_events')
      .select('note')
      .where('donation_id', '=', posted[0].id)
      .where('note', '=', 'changed')
      .execute();
    expect(events).toEqual([]);

    // repaired, the same edit changes the row and both
    await sql.raw(`drop trigger test_refuse on donations`).execute(t.db);
    await changeSeries(
      t.db,
      actor,
      w.seriesId,
      { description: 'pain et viennoiseries' },
      w.clock.now(),
    );
    const fixed = await t.db
      .selectFrom('donations')
      .select('description')
      .where('series_id', '=', w.seriesId)
      .execute();
    expect(fixed.map((d) => d.description)).toEqual([
      'pain et viennoiseries',
      'pain et viennoiseries',
    ]);
  });
});

describe('skips and closures are capped per shop, with a field message', () => {
  it(`at most ${MAX_SKIPS_PER_SHOP} skipped dates ahead`, async () => {
    const w = await world();
    // the shop has skipped the next 400 days already (written straight, as a year of taps would)
    await sql`insert into donation_series_dates (series_id, day, skipped)
      select ${w.seriesId}, ('2026-11-28'::date + g)::date, true
      from generate_series(0, ${MAX_SKIPS_PER_SHOP - 1}) g`.execute(t.db);
    const refused = await w.shopApi.post(`/donation-series/${w.seriesId}/skips`, {
      date: '2026-11-27',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ date: words('en', 'series.err.too_many_skips') });
    // skipping one of those again is no new skip
    expect(
      (await w.shopApi.post(`/donation-series/${w.seriesId}/skips`, { date: '2026-11-28' })).status,
    ).toBe(201);
    // on the page: the message, nothing saved
    const page = await signedIn(w.app, w.shop.user.email);
    const res = await page.post(`/series/${w.seriesId}/skip`, { date: '2026-11-27' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Au plus 400 dates sautées');
    const today = await t.db
      .selectFrom('donation_series_dates')
      .selectAll()
      .where('series_id', '=', w.seriesId)
      .where('day', '=', '2026-11-27')
      .execute();
    expect(today).toEqual([]);
  });

  it(`at most ${MAX_CLOSURES_PER_SHOP} closures ahead; a range longer than a year refused`, async () => {
    const w = await world();
    const long = await w.shopApi.post('/shop-closures', {
      startsOn: '2026-12-01',
      endsOn: '2027-12-03',
    });
    expect(long.body.error.fields).toEqual({ endsOn: words('en', 'series.err.closure_long') });
    await sql`insert into shop_closures (shop_id, starts_on, ends_on)
      select ${w.shop.org.id}, ('2026-12-01'::date + g)::date, ('2026-12-01'::date + g)::date
      from generate_series(0, ${MAX_CLOSURES_PER_SHOP - 1}) g`.execute(t.db);
    const refused = await w.shopApi.post('/shop-closures', {
      startsOn: '2027-06-01',
      endsOn: '2027-06-02',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({
      startsOn: words('en', 'series.err.too_many_closures'),
    });
    const page = await signedIn(w.app, w.shop.user.email);
    const res = await page.post('/series/closures', {
      closeFrom: '2027-06-01',
      closeUntil: '2027-06-02',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-closeFrom-err"');
    expect(html).toContain('Au plus 100 fermetures');
    const n = await t.db
      .selectFrom('shop_closures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shop_id', '=', w.shop.org.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(MAX_CLOSURES_PER_SHOP);
  });
});
