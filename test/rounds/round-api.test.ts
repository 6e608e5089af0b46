import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { markClaimed } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { codeOf, north, roundWorld } from './world.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('/api/v1/rounds', () => {
  it('claims what it can, reports what was lost, and gives the stops in order with the route', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const b = await w.donationAt(2);
    const taken = await w.donationAt(1.5);
    await markClaimed(t.db, taken.id, w.other.org.id, w.t0);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const res = await api.post('/rounds', { donationIds: [b.id, taken.id, a.id] });
    expect(res.status).toBe(201);
    expect(res.body.stops.map((s: any) => s.donationId)).toEqual([a.id, b.id]);
    expect(res.body.stops[0]).toMatchObject({ position: 1, status: 'claimed', late: false });
    expect(res.body.lost).toEqual([
      {
        donationId: taken.id,
        code: 'not_available',
        message: 'This donation is no longer available.',
      },
    ]);
    expect(res.body.mapsUrl).toContain(
      `waypoints=${north(1).lat.toFixed(6)}%2C${north(1).lng.toFixed(6)}`,
    );
    const read = await api.get(`/rounds/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(res.body.id);
    expect((await api.get('/rounds')).body.items[0]).toMatchObject({ id: res.body.id, stops: 2 });
    // the other association still has its own; it cannot read this round
    const otherApi = await apiAs(w.app, w.other.user.email, PASSWORD);
    expect((await otherApi.get(`/rounds/${res.body.id}`)).status).toBe(404);
    expect((await otherApi.get('/rounds')).body.items).toEqual([]);
    expect((await otherApi.post(`/rounds/${res.body.id}/split`, { partnerKg: 1 })).status).toBe(
      404,
    );
  });

  it('starts from the driver’s position when given', async () => {
    const w = await roundWorld(t.db);
    const near = await w.donationAt(1);
    const far = await w.donationAt(5);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const res = await api.post('/rounds', {
      donationIds: [near.id, far.id],
      start: north(6),
    });
    expect(res.status).toBe(201);
    expect(res.body.stops.map((s: any) => s.donationId)).toEqual([far.id, near.id]);
  });

  it.each([
    ['8 stops', (ids: number[]) => ({ donationIds: ids }), 'A round has at most 7 stops.'],
    ['none', () => ({ donationIds: [] }), 'Tick at least one donation.'],
    [
      'an id twice',
      (ids: number[]) => ({ donationIds: [ids[0], ids[0]] }),
      'Each donation counts once.',
    ],
    ['not an id', () => ({ donationIds: [0] }), 'No such donation.'],
    ['not a list', () => ({ donationIds: 'x' }), 'Tick at least one donation.'],
  ])('refuses %s (422, nothing claimed)', async (_name, body, message) => {
    const w = await roundWorld(t.db);
    const ids: number[] = [];
    for (let i = 1; i <= 8; i++) ids.push((await w.donationAt(i / 2)).id);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const res = await api.post('/rounds', body(ids));
    expect(res.status).toBe(422);
    expect(res.body.error.fields.donationIds).toBe(message);
    const open = await t.db
      .selectFrom('donations')
      .select('id')
      .where('id', 'in', ids)
      .where('status', '=', 'open')
      .execute();
    expect(open.length).toBe(8);
  });

  it('all lost: 409 round_empty with the reasons, and no round', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    await markClaimed(t.db, a.id, w.other.org.id, w.t0);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const res = await api.post('/rounds', { donationIds: [a.id, 2_000_000_000] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('round_empty');
    expect(res.body.error.lost.map((l: any) => l.donationId)).toEqual([a.id, 2_000_000_000]);
    expect((await api.get('/rounds')).body.items).toEqual([]);
  });

  it('a shop cannot make a round', async () => {
    const w = await roundWorld(t.db);
    const shop = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(w.app, shop.user.email, PASSWORD);
    const res = await api.post('/rounds', { donationIds: [(await w.donationAt(1)).id] });
    expect(res.status).toBe(403);
  });

  it('two rounds over the same donations at once: each donation goes to exactly one', async () => {
    const w = await roundWorld(t.db);
    const ids = [];
    for (let i = 1; i <= 4; i++) ids.push((await w.donationAt(i)).id);
    const one = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const two = await apiAs(w.app, w.other.user.email, PASSWORD);
    const [r1, r2] = await Promise.all([
      one.post('/rounds', { donationIds: ids }),
      two.post('/rounds', { donationIds: [...ids].reverse() }),
    ]);
    const won = [r1, r2].flatMap((r) =>
      r.status === 201 ? r.body.stops.map((s: any) => s.donationId) : [],
    );
    expect([...won].sort((a, b) => a - b)).toEqual(ids);
    for (const r of [r1, r2]) expect([201, 409]).toContain(r.status);
  });

  it('shared with a second association: the kg split at the end, each association’s on record', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const b = await w.donationAt(2);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const round = (await api.post('/rounds', { donationIds: [a.id, b.id] })).body;
    const partnerApi = await apiAs(w.app, w.other.user.email, PASSWORD);
    const shop = await createOrgWithUser(t.db, 'shop');
    expect(
      (await api.post(`/rounds/${round.id}/partner`, { associationId: shop.org.id })).status,
    ).toBe(422);
    // an association far away (its id guessed) is not offered, so not taken either
    const far = await createOrgWithUser(t.db, 'association', { ...north(200), radius_km: 15 });
    expect(
      (await api.post(`/rounds/${round.id}/partner`, { associationId: far.org.id })).status,
    ).toBe(422);
    expect((await api.post(`/rounds/${round.id}/split`, { partnerKg: 1 })).body.error.code).toBe(
      'round_not_shared',
    );
    const shared = await api.post(`/rounds/${round.id}/partner`, { associationId: w.other.org.id });
    expect(shared.body.partnerId).toBe(w.other.org.id);
    expect((await partnerApi.get(`/rounds/${round.id}`)).status).toBe(200);
    // the partner reads, but does not change it
    expect((await partnerApi.post(`/rounds/${round.id}/split`, { partnerKg: 1 })).status).toBe(404);
    // no kg go to an association that has not accepted; only its members answer
    expect(shared.body.partnerAccepted).toBe(false);
    expect((await api.post(`/rounds/${round.id}/split`, { partnerKg: 1 })).body.error.code).toBe(
      'round_partner_pending',
    );
    expect((await api.post(`/rounds/${round.id}/answer`, { accept: true })).status).toBe(404);
    expect((await partnerApi.post(`/rounds/${round.id}/answer`, { accept: 'yes' })).status).toBe(
      422,
    );
    const accepted = await partnerApi.post(`/rounds/${round.id}/answer`, { accept: true });
    expect(accepted.body.partnerAccepted).toBe(true);
    expect((await api.post(`/rounds/${round.id}/split`, { partnerKg: 1 })).body.error.code).toBe(
      'round_not_finished',
    );
    for (const [d, kg] of [
      [a, 4],
      [b, 3.5],
    ] as const)
      expect(
        (
          await api.post(`/donations/${d.id}/pickup`, {
            handoverCode: await codeOf(t.db, d.id),
            receivedKg: kg,
            quality: 'good',
          })
        ).status,
      ).toBe(200);
    const tooMuch = await api.post(`/rounds/${round.id}/split`, { partnerKg: 8 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.fields.partnerKg).toBe(
      'Between 0 and the total received on the round.',
    );
    const split = await api.post(`/rounds/${round.id}/split`, { partnerKg: 3 });
    expect(split.status).toBe(200);
    expect(split.body.receivedKg).toBe(7.5);
    expect(split.body.shares).toEqual(
      [
        { associationId: w.assoc.org.id, kg: 4.5 },
        { associationId: w.other.org.id, kg: 3 },
      ].sort((x, y) => x.associationId - y.associationId),
    );
    expect((await api.post(`/rounds/${round.id}/partner`, { associationId: null })).status).toBe(
      409,
    );
    // said again, it replaces the split
    const again = await api.post(`/rounds/${round.id}/split`, { partnerKg: 7.5 });
    expect(again.body.shares.find((s: any) => s.associationId === w.assoc.org.id).kg).toBe(0);
    // the partner may still leave: its share goes with it, and it no longer reads the round
    expect((await partnerApi.post(`/rounds/${round.id}/answer`, { accept: false })).status).toBe(
      204,
    );
    const after = (await api.get(`/rounds/${round.id}`)).body;
    expect(after).toMatchObject({ partnerId: null, partnerAccepted: false, shares: [] });
    expect((await partnerApi.get(`/rounds/${round.id}`)).status).toBe(404);
  });

  it('lets the partner decline, and nobody else answer for it', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const round = (await api.post('/rounds', { donationIds: [a.id] })).body;
    await api.post(`/rounds/${round.id}/partner`, { associationId: w.other.org.id });
    const third = await createOrgWithUser(t.db, 'association');
    const thirdApi = await apiAs(w.app, third.user.email, PASSWORD);
    expect((await thirdApi.post(`/rounds/${round.id}/answer`, { accept: true })).status).toBe(404);
    const partnerApi = await apiAs(w.app, w.other.user.email, PASSWORD);
    expect((await partnerApi.post(`/rounds/${round.id}/answer`, { accept: false })).status).toBe(
      204,
    );
    expect((await api.get(`/rounds/${round.id}`)).body.partnerId).toBe(null);
    // named again: asked again
    await api.post(`/rounds/${round.id}/partner`, { associationId: w.other.org.id });
    expect((await partnerApi.post(`/rounds/${round.id}/answer`, { accept: true })).status).toBe(
      200,
    );
    const renamed = await api.post(`/rounds/${round.id}/partner`, {
      associationId: w.other.org.id,
    });
    expect(renamed.body.partnerAccepted).toBe(false);
  });

  it('is in the OpenAPI document', async () => {
    const w = await roundWorld(t.db);
    const api = await apiAs(w.app, w.assoc.user.email, PASSWORD);
    const doc = (await api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/rounds',
        '/rounds/{id}',
        '/rounds/{id}/partner',
        '/rounds/{id}/split',
        '/rounds/{id}/answer',
      ]),
    );
    expect(doc.components.schemas.Round).toBeDefined();
  });
});
