import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { closeUnrecordedHubSteps, HUB_RECORD_GRACE_MS } from '../../src/hubs/unrecorded.js';
import { JOBS } from '../../src/jobs/jobs.js';
import { WORKER_CRONS } from '../../src/cloudflare/crons.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 19, what was left: food collected at the shop for a hub whose arrival at the hub is never
// recorded held the hub's room forever. A day after its window the hourly job closes that step as
// not recorded, once per donation even with two instances at once, and the room is free again.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const H = 3_600_000;
const T0 = Date.parse('2026-11-27T08:00:00Z'); // the test clock's start
const at = (h: number) => new Date(T0 + h * H);
const noFridge = { storage_chilled: false, storage_frozen: false, radius_km: 5 };

async function world() {
  const { app, clock } = buildApp(t.db);
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
    ...noFridge,
  });
  const api = (u: { email: string }) => apiAs(app, u.email, PASSWORD);
  const [shopApi, hubApi, partnerApi] = await Promise.all([
    api(shop.user),
    api(hub.user),
    api(partner.user),
  ]);
  // room for one 5 kg donation, not two
  const declared = await hubApi.call('PUT', '/hubs', {
    capacityChilledKg: 8,
    capacityFrozenKg: 0,
    openingHours: 'du lundi au vendredi, 9 h - 18 h',
    partnerIds: [partner.org.id],
  });
  expect(declared.status).toBe(200);
  await partnerApi.post(`/hubs/${hub.org.id}/answer`, { decision: 'accept' });
  const post = async (fromH: number) => {
    const res = await shopApi.post('/donations', {
      category: 'dairy',
      description: '40 yaourts nature',
      quantityKg: 5,
      storage: 'chilled',
      dateKind: 'use_by',
      date: '2026-12-05',
      pickupFrom: at(fromH).toISOString(),
      pickupUntil: at(fromH + 4).toISOString(),
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  /** Claimed through the hub and collected at the shop by the hub's driver; never recorded at the hub. */
  const collected = async () => {
    const id = await post(0);
    const claim = await partnerApi.post(`/hubs/${hub.org.id}/claims`, {
      donationId: id,
      collector: 'hub',
    });
    expect(claim.status).toBe(200);
    const handoverCode = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
    const pickup = await hubApi.post(`/donations/${id}/pickup`, {
      handoverCode,
      receivedKg: 5,
      temperatureC: 3,
      quality: 'good',
    });
    expect(pickup.status).toBe(200);
    return id;
  };
  return { app, clock, hub, partner, shopApi, hubApi, partnerApi, post, collected };
}

const offers = async (api: { get(p: string): Promise<{ body: any }> }) =>
  (await api.get('/hubs/offers')).body.items.map((i: { id: number }) => i.id);

/** Two instances at once: on PostgreSQL two connections of their own, on PGlite its one. */
async function twoInstances(now: Date) {
  const other = t.url ? openPostgres(t.url, { max: 1 }) : null;
  try {
    const runs = await Promise.all([
      closeUnrecordedHubSteps(t.db, now),
      closeUnrecordedHubSteps(other?.db ?? t.db, now),
    ]);
    return runs.flat().map((r) => Number(r.id));
  } finally {
    await other?.close();
  }
}

describe('food never recorded at the hub', () => {
  it('keeps its room until a day after its window, then the step closes once, and the room is free', async () => {
    const w = await world();
    const kept = await w.collected();
    // another hub-bound donation the next day: no room while the first is held
    w.clock.set(at(27));
    const next = await w.post(27);
    expect(await offers(w.partnerApi)).not.toContain(next);
    // an hour before the day is up: nothing closed
    expect(await closeUnrecordedHubSteps(t.db, at(27))).toEqual([]);
    expect(await offers(w.partnerApi)).not.toContain(next);
    // a day after its window (at(4)): closed by one instance only
    const due = new Date(at(4).getTime() + HUB_RECORD_GRACE_MS);
    expect(await twoInstances(due)).toEqual([kept]);
    expect(await closeUnrecordedHubSteps(t.db, at(40))).toEqual([]);
    const row = await t.db
      .selectFrom('donations')
      .select(['hub_unrecorded_at', 'status', 'received_kg'])
      .where('id', '=', kept)
      .executeTakeFirstOrThrow();
    expect(row.hub_unrecorded_at?.getTime()).toBe(due.getTime());
    // the shop's handover stays as it was; the room is free again
    expect(row).toMatchObject({ status: 'picked_up' });
    expect(Number(row.received_kg)).toBe(5);
    expect(await offers(w.partnerApi)).toContain(next);
    // the hub and the partner see the step as not recorded, and the hub cannot record it now
    expect((await w.hubApi.get('/hubs/held')).body.items).toMatchObject([
      { donationId: kept, stage: 'unrecorded', unrecordedAt: due.toISOString() },
    ]);
    expect((await w.partnerApi.get('/hubs/waiting')).body.items[0].stage).toBe('unrecorded');
    const late = await w.hubApi.post(`/hubs/deposits/${kept}`, { receivedKg: 5, temperatureC: 4 });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('not_recorded');
    const page = await (await signedIn(w.app, w.hub.user.email)).get('/hubs/held');
    const html = await page.text();
    expect(html).toContain('arrivée au relais jamais enregistrée');
    expect(html).toContain('la place est libérée');
  });

  it('food recorded at the hub, or refused there, is never closed', async () => {
    const w = await world();
    // refused first: it frees the room for the next one
    const refused = await w.collected();
    expect(
      (await w.hubApi.post(`/hubs/deposits/${refused}`, { refusalReason: 'packaging' })).status,
    ).toBe(201);
    const received = await w.collected();
    expect(
      (await w.hubApi.post(`/hubs/deposits/${received}`, { receivedKg: 5, temperatureC: 4 }))
        .status,
    ).toBe(201);
    expect(await closeUnrecordedHubSteps(t.db, at(100))).toEqual([]);
  });

  it('runs hourly, on Node and on Workers', () => {
    expect(JOBS.find((j) => j.name === 'hub-unrecorded')?.cron).toBe('0 * * * *');
    expect(WORKER_CRONS['0 * * * *']).toContain('hub-unrecorded');
  });
});
