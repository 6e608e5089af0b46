import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { conventionParties, proposal } from './parties.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

async function setting() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const p = await conventionParties(t.db);
  const as = (email: string) => apiAs(built.app, email, PASSWORD);
  return { built, ...p, as, s: await as(p.shop.user.email), a: await as(p.assoc.user.email) };
}

describe('donation agreements through the API', () => {
  it('the shop proposes, the association accepts (who and when), then ends it with a reason', async () => {
    const { s, a, shop, assoc, built } = await setting();
    const made = await s.post('/conventions', proposal(shop.org.id, assoc.org.id));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      status: 'pending',
      proposedBySide: 'shop',
      proposedBy: shop.user.id,
      categories: ['bakery', 'dairy'],
      shop: {
        name: 'Supermarché des Pentes',
        siret: '73282932000074',
        siren: '732829320',
        legalForm: 'SAS',
      },
      association: { rna: 'W691234567', approval: { level: 'regional', number: 'R-69-2024-03' } },
    });
    const id = made.body.id;
    // the association's profile changes before it accepts: the accepted terms say it as it is
    await t.db
      .updateTable('organisations')
      .set({ legal_form: 'Association loi 1901' })
      .where('id', '=', assoc.org.id)
      .execute();
    built.clock.set('2026-12-04T09:30:00+01:00');
    const ok = await a.post(`/conventions/${id}/accept`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'active',
      answeredBy: assoc.user.id,
      answeredAt: '2026-12-04T08:30:00.000Z',
      association: { legalForm: 'Association loi 1901' },
    });
    expect((await a.post(`/conventions/${id}/accept`)).status).toBe(409);
    expect((await a.post(`/conventions/${id}/end`, { reason: '' })).status).toBe(422);
    const ended = await a.post(`/conventions/${id}/end`, {
      reason: 'Plus de véhicule frigorifique',
    });
    expect(ended.body).toMatchObject({
      status: 'ended',
      endedBy: assoc.user.id,
      endReason: 'Plus de véhicule frigorifique',
    });
    expect((await s.post(`/conventions/${id}/end`, { reason: 'encore une fois' })).status).toBe(
      409,
    );
    // history kept: both sides still list it
    const list = await s.get('/conventions');
    expect(list.body.items.map((i: any) => [i.id, i.status])).toEqual([[id, 'ended']]);
  });

  it('the association proposes and the shop declines; a new proposal is then possible', async () => {
    const { s, a, shop, assoc } = await setting();
    const made = await a.post('/conventions', proposal(shop.org.id, assoc.org.id));
    expect(made.status).toBe(201);
    expect(made.body.proposedBySide).toBe('association');
    const no = await s.post(`/conventions/${made.body.id}/decline`, {
      reason: 'Pas avant janvier',
    });
    expect(no.body).toMatchObject({
      status: 'declined',
      answeredBy: shop.user.id,
      declineReason: 'Pas avant janvier',
    });
    expect((await a.post(`/conventions/${made.body.id}/accept`)).status).toBe(403);
    expect((await s.post('/conventions', proposal(shop.org.id, assoc.org.id))).status).toBe(201);
  });

  it('refuses a pair proposed twice, while pending and while active, on the field (409)', async () => {
    const { s, a, shop, assoc } = await setting();
    const first = await s.post('/conventions', proposal(shop.org.id, assoc.org.id));
    expect(first.status).toBe(201);
    const again = await a.post('/conventions', proposal(shop.org.id, assoc.org.id));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'convention_exists',
      fields: { shopId: expect.any(String) },
    });
    await a.post(`/conventions/${first.body.id}/accept`);
    const third = await s.post('/conventions', proposal(shop.org.id, assoc.org.id));
    expect(third.status).toBe(409);
    expect(third.body.error.fields.associationId).toMatch(/already in force/);
    const n = await t.db
      .selectFrom('conventions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shop_id', '=', shop.org.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('two proposals at once for the same pair: one is made, the other refused', async () => {
    const { s, a, shop, assoc } = await setting();
    const [x, y] = await Promise.all([
      s.post('/conventions', proposal(shop.org.id, assoc.org.id)),
      a.post('/conventions', proposal(shop.org.id, assoc.org.id)),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
  });

  it('only the other side answers; the proposer may withdraw, not accept', async () => {
    const { s, a, shop, assoc, member, as } = await setting();
    const id = (await s.post('/conventions', proposal(shop.org.id, assoc.org.id))).body.id;
    const own = await s.post(`/conventions/${id}/accept`);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('not_other_side');
    expect((await s.post(`/conventions/${id}/decline`, {})).status).toBe(403);
    expect((await a.post(`/conventions/${id}/end`, { reason: 'non merci' })).status).toBe(403);
    // a plain member of the shop reads nothing and answers nothing
    const m = await as(member.email);
    expect((await m.get(`/conventions/${id}`)).status).toBe(403);
    expect((await m.post('/conventions', proposal(shop.org.id, assoc.org.id))).status).toBe(403);
    const gone = await s.post(`/conventions/${id}/end`, { reason: 'Erreur de saisie' });
    expect(gone.body).toMatchObject({ status: 'withdrawn', endedBy: shop.user.id });
    expect((await a.post(`/conventions/${id}/accept`)).status).toBe(409);
  });

  it('a third organisation sees nothing (404), the admin reads it', async () => {
    const { s, shop, assoc, otherShop, otherAssoc, as } = await setting();
    const id = (await s.post('/conventions', proposal(shop.org.id, assoc.org.id))).body.id;
    for (const who of [otherShop.user.email, otherAssoc.user.email]) {
      const x = await as(who);
      expect((await x.get(`/conventions/${id}`)).status).toBe(404);
      expect((await x.get(`/conventions/${id}/pdf`)).status).toBe(404);
      expect((await x.post(`/conventions/${id}/accept`)).status).toBe(404);
      expect((await x.get('/conventions')).body.items).toEqual([]);
    }
    const admin = await createUser(t.db, { isAdmin: true });
    expect((await (await as(admin.email)).get(`/conventions/${id}`)).status).toBe(200);
    expect((await s.get('/conventions/99999999')).status).toBe(404);
    expect((await s.get('/conventions/abc')).status).toBe(404);
  });

  it('proposes only to a partner, an approved association, with sound values', async () => {
    const { s, shop, assoc, otherAssoc, pickup } = await setting();
    const stranger = await s.post('/conventions', proposal(shop.org.id, otherAssoc.org.id));
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.fields).toHaveProperty('associationId');
    const unapproved = await createOrgWithUser(t.db, 'association', { approval_level: null });
    await pickup(unapproved.org.id, '2026-11-25T10:00:00+01:00');
    const no = await s.post('/conventions', proposal(shop.org.id, unapproved.org.id));
    expect(no.status).toBe(422);
    expect(no.body.error.fields.associationId).toMatch(/approval/);
    // a pickup over 12 months ago makes no partner
    const old = await createOrgWithUser(t.db, 'association', { approval_level: 'law' });
    await pickup(old.org.id, '2025-11-01T10:00:00+01:00');
    expect((await s.post('/conventions', proposal(shop.org.id, old.org.id))).status).toBe(422);
    const bad = await s.post(
      '/conventions',
      proposal(shop.org.id, assoc.org.id, {
        categories: [],
        endsOn: '2026-11-01',
        startsOn: '2026-12-01',
        pickupArrangements: 'x'.repeat(1001),
      }),
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'categories',
      'endsOn',
      'pickupArrangements',
    ]);
    expect(
      (
        await s.post(
          '/conventions',
          proposal(shop.org.id, assoc.org.id, { startsOn: '2200-01-01' }),
        )
      ).status,
    ).toBe(422);
    expect((await s.post('/conventions', '{not json')).status).toBe(400);
    expect(
      await t.db
        .selectFrom('conventions')
        .select('id')
        .where('shop_id', '=', shop.org.id)
        .execute(),
    ).toEqual([]);
  });

  it('answers hostile values below 500 (strictApp fails the test on any 5xx)', async () => {
    const { s, a, shop, assoc } = await setting();
    const id = (await s.post('/conventions', proposal(shop.org.id, assoc.org.id))).body.id;
    const odd = [null, 0, -1, 1e20, 'x', [], {}, true, '\u0000', 'é'.repeat(5000)];
    for (const k of Object.keys(proposal(0, 0)))
      for (const v of odd) {
        const r = await a.post('/conventions', proposal(shop.org.id, assoc.org.id, { [k]: v }));
        expect(r.status, `${k}=${JSON.stringify(v)?.slice(0, 20)}`).toBeLessThan(500);
        expect(r.status).toBeGreaterThanOrEqual(400);
      }
    for (const path of ['decline', 'end'])
      for (const v of odd)
        expect((await a.post(`/conventions/${id}/${path}`, { reason: v })).status).toBeLessThan(
          500,
        );
    for (const bad of ['0', '2147483648', '1e3', '-1', '%00'])
      expect((await a.get(`/conventions/${bad}`)).status).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const { s } = await setting();
    const doc = (await s.get('/openapi.json')).body;
    for (const p of [
      '/conventions',
      '/conventions/{id}',
      '/conventions/{id}/accept',
      '/conventions/{id}/decline',
      '/conventions/{id}/end',
      '/conventions/{id}/pdf',
      '/conventions/missing',
    ])
      expect(doc.paths).toHaveProperty([p]);
    expect(doc.components.schemas.Convention.properties).toHaveProperty('proposedBySide');
  });

  it('lists a duty shop’s associations without an agreement in force', async () => {
    const { s, a, shop, assoc, otherAssoc, pickup, built } = await setting();
    await pickup(otherAssoc.org.id, '2026-10-02T10:00:00+02:00');
    const missing = async () => (await s.get('/conventions/missing')).body;
    expect(await missing()).toMatchObject({
      underLegalDuty: true,
      items: [
        { associationId: assoc.org.id, pendingId: null },
        { associationId: otherAssoc.org.id, pendingId: null },
      ],
    });
    const id = (
      await s.post('/conventions', proposal(shop.org.id, assoc.org.id, { endsOn: '2026-12-31' }))
    ).body.id;
    expect((await missing()).items[0]).toMatchObject({
      associationId: assoc.org.id,
      pendingId: id,
    });
    await a.post(`/conventions/${id}/accept`);
    expect((await missing()).items.map((i: any) => i.associationId)).toEqual([otherAssoc.org.id]);
    // its end date passed: the pair is uncovered again, and may propose again
    built.clock.set('2027-01-02T10:00:00+01:00');
    await pickup(assoc.org.id, '2027-01-01T10:00:00+01:00');
    expect((await missing()).items.map((i: any) => i.associationId)).toContain(assoc.org.id);
    expect((await s.get(`/conventions/${id}`)).body.status).toBe('lapsed');
    expect(
      (
        await s.post(
          '/conventions',
          proposal(shop.org.id, assoc.org.id, { startsOn: '2027-01-02' }),
        )
      ).status,
    ).toBe(201);
    // a shop of 400 m² or less is not under the duty
    await t.db
      .updateTable('organisations')
      .set({ sales_area_m2: 400 })
      .where('id', '=', shop.org.id)
      .execute();
    expect(await missing()).toEqual({ underLegalDuty: false, items: [] });
  });
});
