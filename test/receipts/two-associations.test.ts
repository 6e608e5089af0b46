import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrganisation, createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const approved = {
  rna: 'W691234567',
  approval_level: 'law' as const,
  receipt_period: 'month' as const,
};

/**
 * One person manages two associations (a member of the first one first); the shop gave to the
 * second one only, in October.
 */
async function twoAssociations() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const first = await createOrgWithUser(t.db, 'association', { ...approved, name: 'Première' });
  const second = await createOrganisation(t.db, 'association', { ...approved, name: 'Seconde' });
  await t.db
    .insertInto('memberships')
    .values({ user_id: first.user.id, organisation_id: second.id, role: 'manager' })
    .execute();
  const shop = await createOrgWithUser(t.db, 'shop', { name: 'Épicerie Pasteur' });
  const d = await createDonation(t.db, { shopId: shop.org.id, value_eur: 15 });
  await markPickedUp(t.db, d.id, { associationId: second.id, at: '2026-10-10T18:00:00+02:00' });
  const api = await apiAs(built.app, first.user.email, PASSWORD);
  return { built, first, second, shop, api };
}

const october = { periodFrom: '2026-10-01', periodTo: '2026-10-31' };

describe('a manager of two associations issues for the one the request names', () => {
  it('by the API: issues and cancels as the second association; none named is asked which', async () => {
    const { first, second, shop, api } = await twoAssociations();
    const unsaid = await api.post('/receipts', { shopId: shop.org.id, ...october });
    expect([unsaid.status, Object.keys(unsaid.body.error.fields)]).toEqual([
      422,
      ['associationId'],
    ]);
    const r = await api.post('/receipts', {
      shopId: shop.org.id,
      associationId: second.id,
      ...october,
    });
    expect([r.status, r.body.associationId, r.body.amountEur]).toEqual([201, second.id, 15]);
    // the first association took nothing from the shop
    const asFirst = await api.post('/receipts', {
      shopId: shop.org.id,
      associationId: first.org.id,
      ...october,
    });
    expect(asFirst.status).toBe(422);
    const cancel = await api.post(`/receipts/${r.body.id}/cancel`, { reason: 'Mauvais mois' });
    expect([cancel.status, cancel.body.status]).toEqual([200, 'cancelled']);
  });

  it('an association the caller does not manage is refused (403), even when it is a member', async () => {
    const { second, shop, api, built } = await twoAssociations();
    const stranger = await createOrganisation(t.db, 'association', approved);
    expect(
      (await api.post('/receipts', { shopId: shop.org.id, associationId: stranger.id, ...october }))
        .status,
    ).toBe(403);
    const member = await createOrgWithUser(t.db, 'association', approved);
    await t.db
      .insertInto('memberships')
      .values({ user_id: member.user.id, organisation_id: second.id, role: 'member' })
      .execute();
    const m = await apiAs(built.app, member.user.email, PASSWORD);
    expect(
      (await m.post('/receipts', { shopId: shop.org.id, associationId: second.id, ...october }))
        .status,
    ).toBe(403);
    const r = await api.post('/receipts', {
      shopId: shop.org.id,
      associationId: second.id,
      ...october,
    });
    // a manager of another association, only a member of the second, cannot cancel its receipt
    expect((await m.post(`/receipts/${r.body.id}/cancel`, { reason: 'Pas à moi' })).status).toBe(
      403,
    );
  });

  it('on the page: the form of the second association issues for it, and its receipt can be cancelled', async () => {
    const { built, first, second, shop } = await twoAssociations();
    const c = new Client(built.app);
    await c.signIn(first.user.email, PASSWORD);
    const page = await (await c.get('/receipts?year=2026')).text();
    expect(page).toContain(`name="associationId" value="${second.id}"`);
    const res = await c.post('/receipts/issue', {
      shopId: String(shop.org.id),
      associationId: String(second.id),
      period: '2026-10-01/2026-10-31',
    });
    expect(res.status).toBe(303);
    const r = await t.db
      .selectFrom('receipts')
      .selectAll()
      .where('shop_id', '=', shop.org.id)
      .executeTakeFirstOrThrow();
    expect(r.association_id).toBe(second.id);
    const list = await (await c.get('/receipts?year=2026')).text();
    expect(list).toContain(`action="/receipts/${r.id}/cancel"`);
    expect((await c.post(`/receipts/${r.id}/cancel`, { reason: 'Erreur' })).status).toBe(303);
  });
});
