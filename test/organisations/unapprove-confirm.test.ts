import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue 17: withdrawing an association's approval is asked again on a page of its own, without
// JavaScript as with it, like the other destructive taps; approving stays one tap.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const approved = async (id: number) =>
  (
    await t.db
      .selectFrom('organisations')
      .select('approved')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).approved;

describe('withdrawing an approval', () => {
  it('shows a confirmation page first, then withdraws it once confirmed', async () => {
    const { app } = buildApp(t.db);
    const admin = new Client(app);
    await admin.signIn((await createUser(t.db, { isAdmin: true })).email, PASSWORD);
    const { org } = await createOrgWithUser(t.db, 'association', { name: 'Banque du Plateau' });

    const list = await (await admin.get('/admin/organisations')).text();
    // the withdrawing form posts as a page (no htmx swap), to reach its confirmation page
    const form = list.match(new RegExp(`<form[^>]*id="approval-${org.id}"[^>]*>`))![0];
    expect(form).not.toContain('hx-post');

    const ask = await admin.post(`/admin/organisations/${org.id}/approval`, { approved: 'false' });
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain('Retirer la validation de « Banque du Plateau » ?');
    expect(html).toContain('name="confirmed" value="yes"');
    expect(html).toContain('name="approved" value="false"');
    expect(await approved(org.id)).toBe(true);
    // an htmx request without the confirmation does not withdraw it either
    await admin.post(
      `/admin/organisations/${org.id}/approval`,
      { approved: 'false' },
      { 'hx-request': 'true' },
    );
    expect(await approved(org.id)).toBe(true);

    const done = await admin.post(`/admin/organisations/${org.id}/approval`, {
      approved: 'false',
      confirmed: 'yes',
    });
    expect(done.status).toBe(303);
    expect(await approved(org.id)).toBe(false);
    // approving again is one tap, swapped in place
    const again = await admin.post(
      `/admin/organisations/${org.id}/approval`,
      { approved: 'true' },
      { 'hx-request': 'true' },
    );
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Retirer la validation');
    expect(await approved(org.id)).toBe(true);
  });

  it('is the admin’s only: a manager of the association gets no confirmation page', async () => {
    const { app } = buildApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const manager = new Client(app);
    await manager.signIn(user.email, PASSWORD);
    const res = await manager.post(`/admin/organisations/${org.id}/approval`, {
      approved: 'false',
    });
    expect(res.status).toBe(403);
    expect(await approved(org.id)).toBe(true);
  });
});
