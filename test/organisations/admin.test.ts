import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

async function asAdmin() {
  const built = strictApp(t.db);
  const admin = await createUser(t.db, { isAdmin: true });
  const c = new Client(built.app);
  await c.signIn(admin.email, PASSWORD);
  return { ...built, c };
}

const byName = (name: string) =>
  t.db.selectFrom('organisations').selectAll().where('name', '=', name).execute();

describe('the admin creates organisations with the form', () => {
  it('without a manager: created and shown, shops approved at once', async () => {
    const { c } = await asAdmin();
    const res = await c.post('/admin/organisations', {
      kind: 'shop',
      name: 'Biocoop Saint-Paul',
      address: '1 quai de Bondy',
      town: 'Lyon',
      lat: '45.7630',
      lng: '4.8270',
      managerEmail: '',
    });
    expect(res.status).toBe(303);
    const [org] = await byName('Biocoop Saint-Paul');
    expect(org).toMatchObject({
      kind: 'shop',
      lat: 45.763,
      lng: 4.827,
      town: 'Lyon',
      approved: true,
    });
    expect(res.headers.get('location')).toBe(`/organisations/${org.id}`);
    expect(await (await c.get('/admin/organisations')).text()).toContain('Biocoop Saint-Paul');
    expect(
      await t.db
        .selectFrom('memberships')
        .selectAll()
        .where('organisation_id', '=', org.id)
        .execute(),
    ).toEqual([]);
  });

  it('with a manager e-mail: an invitation link for that manager, who can then manage it', async () => {
    const { app, c } = await asAdmin();
    const managerEmail = `chef-${Math.random().toString(36).slice(2)}@example.org`;
    const res = await c.post('/admin/organisations', {
      kind: 'association',
      name: 'Secours populaire 4e',
      lat: '45.7790',
      lng: '4.8260',
      managerEmail,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(managerEmail);
    const link = html.match(/value="http:\/\/localhost(\/invitations\/[A-Za-z0-9_-]+)"/)![1];
    const [org] = await byName('Secours populaire 4e');
    expect(org.approved).toBe(false); // an association created by the admin still waits for approval
    const m = new Client(app);
    expect((await m.post(link, { password: 'responsable-asso' })).status).toBe(303);
    expect((await m.get(`/organisations/${org.id}/members`)).status).toBe(200);
    expect(
      (
        await m.post(`/organisations/${org.id}`, {
          profileForm: 'association',
          name: 'Secours populaire Croix-Rousse',
          lat: '45.779',
          lng: '4.826',
          radiusKm: '3',
        })
      ).status,
    ).toBe(303);
  });

  it.each([
    [{ lat: '123' }, 'lat', 'latitude'],
    [{ lat: 'nord' }, 'lat', 'nombre'],
    [{ lng: '' }, 'lng', 'obligatoire'],
    [{ name: '' }, 'name', 'obligatoire'],
    [{ name: 'y'.repeat(300) }, 'name', 'trop long'],
    [{ kind: 'castle' }, 'kind', 'Choisissez'],
    [{ managerEmail: 'not-an-email' }, 'managerEmail', 'adresse e-mail valide'],
  ])(
    'refuses %j: 422, the message by the field, the values kept, nothing created',
    async (over, field, message) => {
      const { c } = await asAdmin();
      const name = `Refusé ${Math.random().toString(36).slice(2, 7)}`;
      const fields = { kind: 'shop', name, lat: '45.76', lng: '4.83', managerEmail: '', ...over };
      const res = await c.post('/admin/organisations', fields);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`id="f-${field}-err">[^<]*${message}`));
      if (field !== 'name' && field !== 'kind')
        expect(html).toContain(`value="${(fields as any)[field]}"`);
      expect(await byName(fields.name)).toEqual([]);
    },
  );

  it('refuses a manager e-mail that already has an account, before creating anything', async () => {
    const { c } = await asAdmin();
    const { user } = await createOrgWithUser(t.db, 'shop');
    const res = await c.post('/admin/organisations', {
      kind: 'shop',
      name: 'Doublon',
      lat: '45.76',
      lng: '4.83',
      managerEmail: user.email,
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/id="f-managerEmail-err">[^<]*Un compte utilise déjà/);
    expect(await byName('Doublon')).toEqual([]);
  });
});
