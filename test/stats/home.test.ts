import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { territoryHomeFigures } from '../../src/stats/home.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markClaimed, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 17: a territory's home shows what its area collected this month and what waits there.
const NOW = new Date('2026-11-27T09:00:00+01:00'); // buildApp's clock
let t: TestDatabase;
let territory: Awaited<ReturnType<typeof createOrgWithUser>>;

beforeAll(async () => {
  t = await openTestDatabase();
  // the area: 2 km around the Croix-Rousse, where the factories put organisations by default
  territory = await createOrgWithUser(t.db, 'territory', { name: 'Métropole test' });
  await (t.db as unknown as Kysely<any>)
    .updateTable('organisations')
    .set({ area_lat: 45.7676, area_lng: 4.8344, area_radius_km: 2 })
    .where('id', '=', territory.org.id)
    .execute();
  const inside = await createOrgWithUser(t.db, 'shop');
  const assoc = await createOrgWithUser(t.db, 'association');
  const far = { lat: 45.99, lng: 4.72, town: 'Villefranche' };
  const outside = await createOrgWithUser(t.db, 'shop', far);
  const farAssoc = await createOrgWithUser(t.db, 'association', far);
  const picked = async (shopId: number, associationId: number, kg: number, at: string) => {
    const d = await createDonation(t.db, {
      shopId,
      quantity_kg: kg,
      created_at: at,
      pickup_from: at,
      pickup_until: at,
    });
    await markPickedUp(t.db, d.id, { associationId, at });
  };
  await picked(inside.org.id, assoc.org.id, 12, '2026-11-20T10:00:00+01:00');
  await picked(inside.org.id, assoc.org.id, 7, '2026-10-15T10:00:00+02:00'); // last month
  await picked(outside.org.id, farAssoc.org.id, 8, '2026-11-20T10:00:00+01:00'); // out of the area
  const open = (shopId: number, kg: number, until: string) =>
    createDonation(t.db, {
      shopId,
      quantity_kg: kg,
      created_at: '2026-11-27T08:00:00+01:00',
      pickup_from: '2026-11-27T08:30:00+01:00',
      pickup_until: until,
    });
  await open(inside.org.id, 4, '2026-11-27T18:00:00+01:00');
  await open(inside.org.id, 3.5, '2026-11-28T12:00:00+01:00');
  await open(inside.org.id, 9, '2026-11-27T08:45:00+01:00'); // its window is over
  await open(outside.org.id, 6, '2026-11-27T18:00:00+01:00'); // out of the area
  const claimed = await open(inside.org.id, 5, '2026-11-27T18:00:00+01:00');
  await markClaimed(t.db, claimed.id, assoc.org.id, NOW); // claimed already
});
afterAll(async () => t?.close());

describe('the territory home', () => {
  it('counts the area only: kg collected this month, donations still open to a claim now', async () => {
    const f = await territoryHomeFigures(t.db, await loadActor(t.db, territory.user), NOW);
    expect(f.stats.from).toBe('2026-11-01');
    expect(f.stats.pickedUpKg).toBe(12);
    expect(f.stats.pickups).toBe(1);
    expect(f).toMatchObject({ areaEmpty: false, openDonations: 2, openKg: 7.5 });
  });

  it('says so when the territory has no area yet', async () => {
    const bare = await createOrgWithUser(t.db, 'territory');
    const f = await territoryHomeFigures(t.db, await loadActor(t.db, bare.user), NOW);
    expect(f).toMatchObject({ areaEmpty: true, openDonations: 0, openKg: 0 });
    expect(f.stats.pickedUpKg).toBe(0);
  });

  it('shows the month in a sentence, the figures and the way to the dashboard, map and CSV', async () => {
    const { app } = buildApp(t.db);
    const client = new Client(app);
    await client.signIn(territory.user.email, PASSWORD);
    const res = await client.get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('12 kg collectés ce mois-ci');
    expect(html).toMatch(/id="home-open"[\s\S]*?<dd class="figure">2</);
    expect(html).toMatch(/<a class="button" href="\/dashboard">Ouvrir le tableau de bord</);
    expect(html).toContain('href="/dashboard#stats-map"');
    expect(html).toContain('href="/dashboard.csv?table=summary&amp;period=month"');
    const en = await (await client.get('/?lang=en')).text();
    expect(en).toContain('Donations waiting for an association');
    expect(en).toContain('Open the dashboard');
  });
});
