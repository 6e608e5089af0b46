import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole, OrganisationKind } from '../../src/db/schema.js';
import { apiAs, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation, createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

type Role = { label: string; kind: OrganisationKind | null; role: MemberRole | null };
const roles: Role[] = [
  { label: 'shop manager', kind: 'shop', role: 'manager' },
  { label: 'shop member', kind: 'shop', role: 'member' },
  { label: 'association manager', kind: 'association', role: 'manager' },
  { label: 'association member', kind: 'association', role: 'member' },
  { label: 'producer_org manager', kind: 'producer_org', role: 'manager' },
  { label: 'producer_org member', kind: 'producer_org', role: 'member' },
  { label: 'territory manager', kind: 'territory', role: 'manager' },
  { label: 'territory member', kind: 'territory', role: 'member' },
  { label: 'user with no organisation', kind: null, role: null },
];

/** Another organisation of every kind, whose data nobody above may see. */
async function others() {
  const out = [];
  for (const kind of ['shop', 'association', 'producer_org', 'territory'] as const) {
    const org = await createOrganisation(t.db, kind, {
      name: `Secret ${kind} ${Math.random().toString(36).slice(2, 8)}`,
      phone: '0400000000',
    });
    await createUser(t.db, {
      organisationId: org.id,
      role: 'manager',
      email: `boss-${org.id}@secret.example`,
    });
    out.push(org);
  }
  return out;
}

describe.each(roles)('$label', ({ kind, role }) => {
  it('opens its own pages, never another organisation’s, and edits only what its role allows', async () => {
    const { app } = strictApp(t.db);
    const own = kind ? await createOrganisation(t.db, kind, { name: `Own ${kind} place` }) : null;
    const user = await createUser(t.db, own ? { organisationId: own.id, role: role! } : {});
    const foreign = await others();
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    const api = await apiAs(app, user.email, PASSWORD);

    // home page
    const home = await c.get('/');
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    if (own) expect(homeHtml).toContain(own.name);
    else expect(homeHtml).toMatch(/aucune structure|no organisation/i);
    expect(homeHtml).not.toContain('/admin/organisations');

    if (own) {
      const profile = await c.get(`/organisations/${own.id}`);
      expect(profile.status).toBe(200);
      const html = await profile.text();
      expect(html).toContain(own.name);
      // a member sees the profile read-only
      if (role === 'member') expect(html).toMatch(/<fieldset disabled/);
      else expect(html).not.toMatch(/<fieldset disabled/);

      // only managers see and use the members page
      const members = await c.get(`/organisations/${own.id}/members`);
      expect(members.status).toBe(role === 'manager' ? 200 : 403);
      if (role === 'member') expect(homeHtml).not.toContain(`/organisations/${own.id}/members`);
      else expect(homeHtml).toContain(`/organisations/${own.id}/members`);

      const edit = await c.post(`/organisations/${own.id}`, {
        profileForm: own.kind,
        name: 'Renamed by me',
        lat: '45.76',
        lng: '4.83',
      });
      const badEdit = await c.post(`/organisations/${own.id}`, {
        profileForm: own.kind,
        name: '',
        lat: 'x',
        lng: '4.83',
      });
      const invite = await c.post(`/organisations/${own.id}/members`, {
        email: `new-${own.id}@example.org`,
        role: 'member',
      });
      const badInvite = await c.post(`/organisations/${own.id}/members`, {
        email: 'nope',
        role: 'owner',
      });
      const apiPatch = await api.patch(`/organisations/${own.id}`, { phone: '0102030405' });
      const apiMember = await api.post(`/organisations/${own.id}/members`, {
        email: `api-${own.id}@example.org`,
        password: PASSWORD,
        role: 'member',
      });
      const apiGet = await api.get(`/organisations/${own.id}`);
      expect(apiGet.status).toBe(200);
      expect(apiGet.body.name).toBe(role === 'manager' ? 'Renamed by me' : own.name);
      if (role === 'manager') {
        expect(edit.status).toBe(303);
        expect(badEdit.status).toBe(422);
        expect(invite.status).toBe(200);
        expect(badInvite.status).toBe(422);
        expect(apiPatch.status).toBe(200);
        expect(apiMember.status).toBe(201);
      } else {
        // a member may not edit the organisation nor add members, whatever they send
        for (const res of [edit, badEdit, invite, badInvite]) expect(res.status).toBe(403);
        expect(apiPatch.status).toBe(403);
        expect(apiPatch.body.error.code).toBe('forbidden');
        expect(apiMember.status).toBe(403);
        const row = await t.db
          .selectFrom('organisations')
          .select(['name', 'phone'])
          .where('id', '=', own.id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ name: own.name, phone: null });
        const people = await t.db
          .selectFrom('memberships')
          .select('user_id')
          .where('organisation_id', '=', own.id)
          .execute();
        expect(people).toHaveLength(1);
      }
      // nobody but the admin sets the approval, not even a manager of the association
      const approve = await api.patch(`/organisations/${own.id}`, { approved: !own.approved });
      expect(approve.status).toBe(403);
    }

    for (const other of foreign) {
      // pages: 404, as if it did not exist
      for (const path of [`/organisations/${other.id}`, `/organisations/${other.id}/members`]) {
        const res = await c.get(path);
        expect(res.status, path).toBe(404);
        expect(await res.text()).not.toContain(other.name);
      }
      const post = await c.post(`/organisations/${other.id}`, {
        profileForm: other.kind,
        name: 'Hijacked',
        lat: '1',
        lng: '1',
      });
      expect(post.status).toBe(404);
      const badPost = await c.post(`/organisations/${other.id}`, {
        profileForm: other.kind,
        name: '',
        lat: 'x',
      });
      expect(badPost.status).toBe(404);
      expect(await badPost.text()).not.toContain(other.name);
      expect(
        (
          await c.post(`/organisations/${other.id}/members`, {
            email: 'spy@example.org',
            role: 'manager',
          })
        ).status,
      ).toBe(404);

      // API: 404 too
      const get = await api.get(`/organisations/${other.id}`);
      expect(get.status).toBe(404);
      expect(JSON.stringify(get.body)).not.toContain(other.name);
      expect((await api.patch(`/organisations/${other.id}`, { name: 'Hijacked' })).status).toBe(
        404,
      );
      expect((await api.patch(`/organisations/${other.id}`, { approved: true })).status).toBe(404);
      expect(
        (
          await api.post(`/organisations/${other.id}/members`, {
            email: 'spy2@example.org',
            password: PASSWORD,
            role: 'manager',
          })
        ).status,
      ).toBe(404);

      // approval: the admin's alone
      expect(
        (await c.post(`/admin/organisations/${other.id}/approval`, { approved: 'true' })).status,
      ).toBe(403);
      const row = await t.db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', other.id)
        .executeTakeFirstOrThrow();
      expect(row.name).toBe(other.name);
      expect(row.approved).toBe(other.approved);
      const spies = await t.db
        .selectFrom('users')
        .select('id')
        .where('email', 'in', ['spy@example.org', 'spy2@example.org'])
        .execute();
      expect(spies).toEqual([]);
    }

    // the admin pages and creation are closed
    expect((await c.get('/admin/organisations')).status).toBe(403);
    expect((await c.get('/admin/organisations?pending=1')).status).toBe(403);
    expect(
      (await c.post('/admin/organisations', { kind: 'shop', name: 'Mine', lat: '45', lng: '4' }))
        .status,
    ).toBe(403);
    expect(
      (await c.post('/admin/organisations', { kind: 'castle', name: '', lat: 'x', lng: '4' }))
        .status,
    ).toBe(403);
    if (own)
      expect(
        (await c.post(`/admin/organisations/${own.id}/approval`, { approved: 'true' })).status,
      ).toBe(403);
    const create = await api.post('/organisations', {
      kind: 'shop',
      name: 'Mine',
      lat: 45,
      lng: 4,
    });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect(
      await t.db.selectFrom('organisations').select('id').where('name', '=', 'Mine').execute(),
    ).toEqual([]);
  });
});

describe('platform admin', () => {
  it('sees and edits every organisation, lists them and approves associations', async () => {
    const { app } = strictApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const foreign = await others();
    const c = new Client(app);
    await c.signIn(admin.email, PASSWORD);
    const api = await apiAs(app, admin.email, PASSWORD);

    const home = await c.get('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('/admin/organisations');
    const list = await c.get('/admin/organisations');
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    for (const o of foreign) {
      expect(listHtml).toContain(o.name);
      expect((await c.get(`/organisations/${o.id}`)).status).toBe(200);
      expect((await c.get(`/organisations/${o.id}/members`)).status).toBe(200);
      expect((await api.get(`/organisations/${o.id}`)).status).toBe(200);
      expect((await api.patch(`/organisations/${o.id}`, { phone: '0999999999' })).body.phone).toBe(
        '0999999999',
      );
    }
    const assoc = foreign.find((o) => o.kind === 'association')!;
    expect((await api.patch(`/organisations/${assoc.id}`, { approved: false })).body.approved).toBe(
      false,
    );
    expect(
      (await c.post(`/admin/organisations/${assoc.id}/approval`, { approved: 'true' })).status,
    ).toBe(303);
    expect((await api.get(`/organisations/${assoc.id}`)).body.approved).toBe(true);

    // unknown ids are 404, never 500
    for (const id of ['999999', 'abc', '0', '-1', '2147483648', '1e3', '99999999999999999999']) {
      expect((await c.get(`/organisations/${id}`)).status, id).toBe(404);
      expect(
        (await c.post(`/admin/organisations/${id}/approval`, { approved: 'true' })).status,
        id,
      ).toBe(404);
      expect((await api.get(`/organisations/${id}`)).status, id).toBe(404);
    }
  });
});

describe('signed out', () => {
  it('is sent to sign in for every page, and gets 401 from the API', async () => {
    const { app } = strictApp(t.db);
    const [org] = await others();
    const c = new Client(app);
    for (const path of [
      '/',
      `/organisations/${org.id}`,
      `/organisations/${org.id}/members`,
      '/admin/organisations',
    ]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/signin\?next=/);
    }
    expect((await c.post(`/organisations/${org.id}`, { name: 'x' })).status).toBe(303);
    const res = await app.request(`http://localhost/api/v1/organisations/${org.id}`);
    expect(res.status).toBe(401);
  });
});
