import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client } from '../helpers/app.js';
import type { createApp } from '../../src/app.js';

type App = ReturnType<typeof createApp>;
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

/** The link of the confirmation mail waiting in the outbox for `email`, opened and confirmed. */
async function confirmAddress(app: App, email: string) {
  const row = await t.db
    .selectFrom('push_deliveries')
    .select('payload')
    .where('channel', '=', 'email')
    .where('address', '=', email)
    .where('message_key', 'like', 'confirm:%')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const path = (row.payload as unknown as { links: { confirm: string } }).links.confirm;
  const c = new Client(app);
  expect((await c.get(path)).status).toBe(200);
  const done = await c.post(path, {});
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Adresse confirmée');
}

/** `confirmWith`: the app whose confirmation page the link is opened on (none: left unconfirmed). */
async function signUpAssociation(c: Client, name: string, confirmWith?: App) {
  const email = `assoc-${Math.random().toString(36).slice(2)}@example.org`;
  const res = await c.post('/signup', {
    kind: 'association',
    orgName: name,
    address: '3 place Sathonay',
    postcode: '69001',
    town: 'Lyon',
    lat: '45.7690',
    lng: '4.8290',
    yourName: 'Paul',
    email,
    password: 'solidarite-2026',
    passwordConfirm: 'solidarite-2026',
  });
  expect(res.status).toBe(303);
  const org = await t.db
    .selectFrom('organisations')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  if (confirmWith) await confirmAddress(confirmWith, email);
  return { org, email };
}

const approvedOf = async (id: number) =>
  (
    await t.db
      .selectFrom('organisations')
      .select('approved')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).approved;

describe('approval of associations', () => {
  it('an association that signs up waits; the admin approves it with the form, then withdraws it', async () => {
    const { app } = strictApp(t.db);
    const assoc = new Client(app);
    const { org } = await signUpAssociation(assoc, 'Épicerie solidaire des Pentes', app);
    expect(org.approved).toBe(false);
    expect(await (await assoc.get('/')).text()).toContain('attend la validation');
    expect(await (await assoc.get(`/organisations/${org.id}`)).text()).toContain(
      'En attente de validation',
    );
    // the association cannot approve itself, by form or API
    expect(
      (await assoc.post(`/admin/organisations/${org.id}/approval`, { approved: 'true' })).status,
    ).toBe(403);
    expect(await approvedOf(org.id)).toBe(false);

    const admin = await createUser(t.db, { isAdmin: true });
    const a = new Client(app);
    await a.signIn(admin.email, PASSWORD);
    const pending = await (await a.get('/admin/organisations?pending=1')).text();
    expect(pending).toContain('Épicerie solidaire des Pentes');
    expect(pending).toContain(`action="/admin/organisations/${org.id}/approval"`);

    const res = await a.post(`/admin/organisations/${org.id}/approval`, { approved: 'true' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/organisations');
    expect(await approvedOf(org.id)).toBe(true);
    expect(await (await a.get('/admin/organisations?pending=1')).text()).not.toContain(
      'Épicerie solidaire des Pentes',
    );
    const home = await (await assoc.get('/')).text();
    expect(home).not.toContain('attend la validation');
    expect(await (await assoc.get(`/organisations/${org.id}`)).text()).toContain('Validée');

    // withdrawing, once confirmed on its page (unapprove-confirm.test.ts)
    expect(
      (
        await a.post(`/admin/organisations/${org.id}/approval`, {
          approved: 'false',
          confirmed: 'yes',
        })
      ).status,
    ).toBe(303);
    expect(await approvedOf(org.id)).toBe(false);
    expect(await (await assoc.get('/')).text()).toContain('attend la validation');
  });

  it('waits for the address to be confirmed: refused with a clear message (form, htmx, API), then allowed', async () => {
    const { app } = strictApp(t.db);
    const { org, email } = await signUpAssociation(new Client(app), 'Resto du cœur Terreaux');
    const admin = await createUser(t.db, { isAdmin: true });
    const a = new Client(app);
    await a.signIn(admin.email, PASSWORD);
    const list = await (await a.get('/admin/organisations')).text();
    expect(list).toMatch(new RegExp(`id="address-${org.id}"[^>]*>Adresse non confirmée<`));

    const refused = await a.post(`/admin/organisations/${org.id}/approval`, { approved: 'true' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain(`id="approval-${org.id}-err"`);
    expect(page).toContain('l’adresse e-mail de son compte n’est pas confirmée');
    const token = await a.csrf();
    const hx = await a.request(`/admin/organisations/${org.id}/approval`, {
      method: 'POST',
      headers: {
        'hx-request': 'true',
        'x-csrf-token': token,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'approved=true',
    });
    expect(hx.status).toBe(422);
    const fragment = await hx.text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('n’est pas confirmée');
    const api = await apiAs(app, admin.email, PASSWORD);
    const byApi = await api.patch(`/organisations/${org.id}`, { approved: true });
    expect(byApi.status).toBe(422);
    expect(byApi.body.error.code).toBe('email_not_confirmed');
    expect(byApi.body.error.fields.approved).toBeTruthy();
    expect(await approvedOf(org.id)).toBe(false);

    await confirmAddress(app, email);
    expect(await (await a.get('/admin/organisations')).text()).toMatch(
      new RegExp(`id="address-${org.id}"[^>]*>Adresse confirmée<`),
    );
    expect((await api.patch(`/organisations/${org.id}`, { approved: true })).status).toBe(200);
    expect(await approvedOf(org.id)).toBe(true);
  });

  it('an account invited by link has proved its address: its association can be approved', async () => {
    const { app } = strictApp(t.db);
    const signer = new Client(app);
    const { org } = await signUpAssociation(signer, 'Restos de Vaise');
    const invited = `invited-${Math.random().toString(36).slice(2)}@example.org`;
    const added = await signer.post(`/organisations/${org.id}/members`, {
      email: invited,
      name: 'Inès',
      role: 'member',
    });
    expect(added.status).toBeLessThan(400);
    const row = await t.db
      .selectFrom('push_deliveries')
      .select('payload')
      .where('address', '=', invited)
      .where('message_key', 'like', 'invite:%')
      .executeTakeFirstOrThrow();
    const accept = (row.payload as unknown as { links: { accept: string } }).links.accept;
    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    // nobody has proved an address yet: refused
    expect((await api.patch(`/organisations/${org.id}`, { approved: true })).status).toBe(422);
    const member = new Client(app);
    expect((await member.get(accept)).status).toBe(200);
    expect((await member.post(accept, { password: 'entraide-vaise-2026' })).status).toBe(303);
    const a = new Client(app);
    await a.signIn(admin.email, PASSWORD);
    expect(await (await a.get('/admin/organisations')).text()).toMatch(
      new RegExp(`id="address-${org.id}"[^>]*>Adresse confirmée<`),
    );
    expect((await api.patch(`/organisations/${org.id}`, { approved: true })).status).toBe(200);
  });

  it('htmx: the approval answers with the button fragment, toggled', async () => {
    const { app } = strictApp(t.db);
    const { org } = await signUpAssociation(
      new Client(app),
      'Banque alimentaire de la Guillotière',
      app,
    );
    const admin = await createUser(t.db, { isAdmin: true });
    const a = new Client(app);
    await a.signIn(admin.email, PASSWORD);
    const token = await a.csrf();
    const hx = (approved: string, extra: Record<string, string> = {}) =>
      a.request(`/admin/organisations/${org.id}/approval`, {
        method: 'POST',
        headers: {
          'hx-request': 'true',
          'x-csrf-token': token,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ approved, ...extra }).toString(),
      });
    const on = await hx('true');
    expect(on.status).toBe(200);
    const html = await on.text();
    expect(html).not.toContain('<html'); // a fragment, not a page
    expect(html).toMatch(new RegExp(`^<form[^>]+id="approval-${org.id}"`));
    expect(html).toContain('name="approved" value="false"'); // the next click withdraws
    expect(html).toContain('Retirer la validation');
    expect(await approvedOf(org.id)).toBe(true);

    const off = await (await hx('false', { confirmed: 'yes' })).text();
    expect(off).toContain('name="approved" value="true"');
    expect(off).toContain('>Valider<');
    expect(await approvedOf(org.id)).toBe(false);

    // without the CSRF header, refused
    const forged = await a.request(`/admin/organisations/${org.id}/approval`, {
      method: 'POST',
      headers: { 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'approved=true',
    });
    expect(forged.status).toBe(403);
    expect(await approvedOf(org.id)).toBe(false);
  });

  it('through the API: only the admin sets `approved`', async () => {
    const { app } = strictApp(t.db);
    const c = new Client(app);
    const { org, email } = await signUpAssociation(c, 'Secours de la Croix-Rousse', app);
    const manager = await apiAs(app, email, 'solidarite-2026');
    const self = await manager.patch(`/organisations/${org.id}`, { approved: true });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('forbidden');
    // the rest of the same request is not applied either
    expect(
      (await manager.patch(`/organisations/${org.id}`, { approved: true, radiusKm: 9 })).status,
    ).toBe(403);
    expect((await manager.get(`/organisations/${org.id}`)).body).toMatchObject({
      approved: false,
      radiusKm: 5,
    });

    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    expect((await api.patch(`/organisations/${org.id}`, { approved: 'yes' })).status).toBe(422);
    const ok = await api.patch(`/organisations/${org.id}`, { approved: true });
    expect(ok.status).toBe(200);
    expect(ok.body.approved).toBe(true);
    expect((await manager.get(`/organisations/${org.id}`)).body.approved).toBe(true);
  });
});
