import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  createOrganisation,
  createOrgWithUser,
  createUser,
  PASSWORD,
} from '../helpers/factories.js';

// Issue 19: each organisation's managers choose, on a page linked from its profile (no
// JavaScript needed) or through the API, what its territory's public directory shows of it.
let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

const NOTHING = {
  listed: false,
  showName: false,
  showKind: false,
  location: 'none',
  services: [],
  hours: null,
  newBeneficiaries: null,
  phone: null,
  email: null,
  website: null,
  showGiving: false,
};

describe('the page of choices', () => {
  it('a manager finds it from the profile, all unticked at first, and saves without JavaScript', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const c = await signedIn(app, user.email);
    const profile = await (await c.get(`/organisations/${org.id}`)).text();
    expect(profile).toContain(`href="/organisations/${org.id}/directory"`);
    const res = await c.get(`/organisations/${org.id}/directory`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`action="/organisations/${org.id}/directory"`);
    expect(html).not.toMatch(/type="checkbox" name="[a-zA-Z]+" checked/);
    expect(html).toContain('Épicerie solidaire'); // an association's services
    expect(html).not.toContain('name="showGiving"'); // a shop's
    const saved = await c.post(`/organisations/${org.id}/directory`, {
      listed: 'on',
      showName: 'on',
      location: 'commune',
      services: ['grocery', 'meals'],
      newBeneficiaries: 'yes',
      hours: 'Lundi 9 h – 12 h',
      phone: '06 12 34 56 78',
      email: '',
      website: 'exemple.fr',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/organisations/${org.id}/directory?saved=1`);
    const api = await apiAs(app, user.email, PASSWORD);
    expect((await api.get(`/organisations/${org.id}/directory`)).body).toEqual({
      ...NOTHING,
      listed: true,
      showName: true,
      location: 'commune',
      services: ['grocery', 'meals'],
      newBeneficiaries: true,
      hours: 'Lundi 9 h – 12 h',
      phone: '+33612345678',
      website: 'https://exemple.fr/',
    });
    const again = await (await c.get(`/organisations/${org.id}/directory?saved=1`)).text();
    expect(again).toContain('Vos choix sont enregistrés.');
    expect(again).toContain('value="06 12 34 56 78"');
    expect(again).toMatch(/name="newBeneficiaries" value="yes" checked/);
  });

  it('a bad value is said beside its field (422), what was typed kept, nothing saved', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const c = await signedIn(app, user.email);
    const res = await c.post(`/organisations/${org.id}/directory`, {
      listed: 'on',
      website: 'javascript:alert(1)',
      phone: '12',
      hours: 'x'.repeat(301),
      location: 'partout',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-website-err">Saisissez l’adresse d’un site (https://…).</p>');
    expect(html).toContain('id="f-phone-err"');
    expect(html).toContain('id="f-hours-err"');
    // the shared textarea field: hint and message linked, what was typed kept
    expect(html).toContain('aria-invalid="true" aria-describedby="f-hours-hint f-hours-err"');
    expect(html).toContain(`${'x'.repeat(301)}</textarea>`);
    expect(html).toContain('Choisissez une des options.');
    expect(html).toContain('value="javascript:alert(1)"');
    const row = await t.db
      .selectFrom('directory_entries')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('listed with nothing to show: refused beside "listed" (422), what was ticked kept, nothing saved', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const c = await signedIn(app, user.email);
    const path = `/organisations/${org.id}/directory`;
    const res = await c.post(path, { listed: 'on', location: 'none', newBeneficiaries: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      'id="f-listed-err">Votre fiche serait vide : choisissez au moins une chose à montrer',
    );
    expect(html).toMatch(/id="f-listed" name="listed" checked[^>]*aria-invalid="true"/);
    const en = await (await c.post(`${path}?lang=en`, { listed: 'on' })).text();
    expect(en).toContain('Your card would be empty');
    const row = () =>
      t.db
        .selectFrom('directory_entries')
        .selectAll()
        .where('organisation_id', '=', org.id)
        .executeTakeFirst();
    expect(await row()).toBeUndefined();
    // only what describes, not whom: a service, the kind, hours, the answer are not a card
    const described = {
      listed: 'on',
      showKind: 'on',
      services: ['parcels'],
      hours: 'Lundi',
      newBeneficiaries: 'yes',
    };
    expect((await c.post(path, described)).status).toBe(422);
    expect(await row()).toBeUndefined();
    // not listed, nothing to show: saved; with a contact besides: listed
    expect((await c.post(path, {})).status).toBe(303);
    expect(await row()).toMatchObject({ listed: false });
    expect((await c.post(path, { ...described, phone: '0612345678' })).status).toBe(303);
    expect(await row()).toMatchObject({ listed: true, serves_parcels: true });
  });

  it('a shop with only "Dire que nous donnons" ticked is refused beside "listed", not published nameless', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const c = await signedIn(app, user.email);
    const path = `/organisations/${org.id}/directory`;
    const res = await c.post(path, { listed: 'on', showGiving: 'on' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(
      'id="f-listed-err">Votre fiche serait vide : choisissez au moins une chose à montrer',
    );
    const row = await t.db
      .selectFrom('directory_entries')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
    expect((await c.post(path, { listed: 'on', showGiving: 'on', showName: 'on' })).status).toBe(
      303,
    );
  });

  it('only its managers: a member is refused, another organisation finds nothing, signed out goes to sign in', async () => {
    const { org } = await createOrgWithUser(t.db, 'shop');
    const memberUser = await createUser(t.db, { organisationId: org.id, role: 'member' });
    const member = await signedIn(app, memberUser.email);
    expect((await member.get(`/organisations/${org.id}/directory`)).status).toBe(403);
    expect((await member.post(`/organisations/${org.id}/directory`, { listed: 'on' })).status).toBe(
      403,
    );
    expect(await (await member.get(`/organisations/${org.id}`)).text()).not.toContain(
      '/directory"',
    );
    const other = await createOrgWithUser(t.db, 'shop');
    const stranger = await signedIn(app, other.user.email);
    expect((await stranger.get(`/organisations/${org.id}/directory`)).status).toBe(404);
    expect(
      (await stranger.post(`/organisations/${org.id}/directory`, { listed: 'on' })).status,
    ).toBe(404);
    const anon = await new Client(app).get(`/organisations/${org.id}/directory`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/signin/);
    const rows = await t.db
      .selectFrom('directory_entries')
      .select('organisation_id')
      .where('organisation_id', '=', org.id)
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('the API: GET and PUT /api/v1/organisations/:id/directory', () => {
  it('nothing chosen at first; PUT replaces the whole entry, what is left out is not shown', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const path = `/organisations/${org.id}/directory`;
    expect((await api.get(path)).body).toEqual(NOTHING);
    const put = await api.call('PUT', path, {
      listed: true,
      showName: true,
      email: 'contact@boulangerie.fr',
      services: ['meals'], // an association's: dropped for a shop
      newBeneficiaries: true,
      showGiving: true,
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      ...NOTHING,
      listed: true,
      showName: true,
      email: 'contact@boulangerie.fr',
      showGiving: true,
    });
    const second = await api.call('PUT', path, { listed: false });
    expect(second.body).toEqual(NOTHING);
    expect((await api.get(path)).body).toEqual(NOTHING);
  });

  it('refuses a listed entry that would show nothing (422 on listed), the entry unchanged', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const path = `/organisations/${org.id}/directory`;
    const shown = { listed: true, website: 'https://exemple.fr/' };
    expect((await api.call('PUT', path, shown)).status).toBe(200);
    // nothing, or only what a shop may not say (an association's services and answer)
    for (const empty of [
      { listed: true },
      { listed: true, services: ['meals'], newBeneficiaries: true, hours: '  ' },
      // only what describes, not whom: the kind, "gives", hours
      { listed: true, showGiving: true },
      { listed: true, showKind: true, showGiving: true, hours: 'Lundi' },
    ]) {
      const res = await api.call('PUT', path, empty);
      expect(res.status, JSON.stringify(empty)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
      expect(Object.keys(res.body.error.fields)).toEqual(['listed']);
    }
    expect((await api.get(path)).body).toEqual({ ...NOTHING, ...shown });
    // the name, a place or a contact: each alone is enough
    for (const one of [
      { showName: true },
      { location: 'commune' },
      { phone: '0612345678' },
      { email: 'a@exemple.fr' },
      { website: 'https://exemple.fr/' },
    ])
      expect(
        (await api.call('PUT', path, { listed: true, ...one })).status,
        JSON.stringify(one),
      ).toBe(200);
  });

  it('refuses bad values field by field (422) and a member who is not a manager (403)', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const api = await apiAs(app, user.email, PASSWORD);
    const path = `/organisations/${org.id}/directory`;
    const bad = await api.call('PUT', path, {
      listed: 'yes',
      website: 'javascript:alert(1)',
      email: 'not-an-email',
      services: ['casino'],
      location: 'gps',
      hours: 'a\u0000b',
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(
      ['email', 'hours', 'listed', 'location', 'services.0', 'website'].sort(),
    );
    expect((await api.call('PUT', path, { website: 'https://user:pw@exemple.fr' })).status).toBe(
      422,
    );
    const m = await createUser(t.db, { organisationId: org.id, role: 'member' });
    const memberApi = await apiAs(app, m.email, PASSWORD);
    expect((await memberApi.get(path)).status).toBe(200);
    expect((await memberApi.call('PUT', path, { listed: true })).status).toBe(403);
    const stranger = await createOrgWithUser(t.db, 'shop');
    const strangerApi = await apiAs(app, stranger.user.email, PASSWORD);
    expect((await strangerApi.get(path)).status).toBe(404);
  });

  it('a territory only publishes its page (or not)', async () => {
    const T = await createOrganisation(t.db, 'territory');
    const u = await createUser(t.db, { organisationId: T.id, role: 'manager' });
    const api = await apiAs(app, u.email, PASSWORD);
    const put = await api.call('PUT', `/organisations/${T.id}/directory`, {
      listed: true,
      showName: true,
      phone: '0612345678',
    });
    expect(put.body).toEqual({ ...NOTHING, listed: true });
    const c = await signedIn(app, u.email);
    const html = await (await c.get(`/organisations/${T.id}/directory`)).text();
    expect(html).toContain('Publier la page publique du territoire');
    expect(html).not.toContain('name="showName"');
    expect(html).toContain(`href="/territories/${T.id}/directory"`);
  });
});
