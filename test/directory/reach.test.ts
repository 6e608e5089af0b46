import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, buildApp, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation, createOrgWithUser } from '../helpers/factories.js';

// Issue 19, the way in: the public directory is linked from the sign-in page and a territory's
// home; an association not yet approved is told it will appear once approved; an organisation
// without coordinates (kept at 0, 0) is not placed in the Gulf of Guinea nor measured from there.
let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

describe('links to the public directory', () => {
  it('the sign-in page (where a signed-out visitor lands) links to /territories', async () => {
    const html = await (await new Client(app).get('/signin')).text();
    expect(html).toContain('href="/territories"');
  });

  it('a territory’s home links to /territories; a shop’s home has its own sections', async () => {
    const { user } = await createOrgWithUser(t.db, 'territory');
    const home = await (await (await signedIn(app, user.email)).get('/')).text();
    expect(home).toContain('href="/territories"');
  });
});

describe('an association not yet approved', () => {
  it('is told on its directory page that it will appear once approved', async () => {
    const { org, user } = await createOrgWithUser(t.db, 'association', {
      approved: false,
      citycode: '16998',
      town: 'En-Vue',
    });
    const c = await signedIn(app, user.email);
    const html = await (await c.get(`/organisations/${org.id}/directory`)).text();
    expect(html).toContain('id="dir-pending"');
    expect(html).toContain('une fois validée');
    await t.db
      .insertInto('directory_entries')
      .values({ organisation_id: org.id, listed: true, show_name: true })
      .execute();
    const T = await createOrganisation(t.db, 'territory', { name: 'Territoire en vue' });
    await t.db
      .insertInto('directory_entries')
      .values({ organisation_id: T.id, listed: true })
      .execute();
    await t.db
      .insertInto('territory_communes')
      .values({ territory_id: T.id, citycode: '16998' })
      .execute();
    const listed = await (await c.get(`/organisations/${org.id}/directory`)).text();
    expect(listed).toContain(`href="/territories/${T.id}/directory"`);
    expect(listed).not.toContain('Votre fiche paraît sur');
    expect(listed).toContain('paraîtra sur');
    await t.db
      .updateTable('organisations')
      .set({ approved: true })
      .where('id', '=', org.id)
      .execute();
    const after = await (await c.get(`/organisations/${org.id}/directory`)).text();
    expect(after).not.toContain('id="dir-pending"');
    expect(after).toContain('Votre fiche paraît sur');
  });
});

describe('an organisation without coordinates', () => {
  it('has no point and no distance, and comes after those placed', async () => {
    const T = await createOrganisation(t.db, 'territory', { name: 'Territoire sans point' });
    await t.db
      .insertInto('territory_communes')
      .values({ territory_id: T.id, citycode: '16999' })
      .execute();
    const at = { citycode: '16999', town: 'Nulle-Part' };
    const unplaced = await createOrganisation(t.db, 'association', {
      ...at,
      name: 'Aaa sans point',
      lat: 0,
      lng: 0,
    });
    const placed = await createOrganisation(t.db, 'association', {
      ...at,
      name: 'Zzz placée',
      lat: 45.65,
      lng: 0.15,
    });
    const shown = { listed: true, show_name: true, location: 'commune' as const };
    await t.db
      .insertInto('directory_entries')
      .values([T.id, unplaced.id, placed.id].map((id) => ({ organisation_id: id, ...shown })))
      .execute();
    const path = `/territories/${T.id}/directory`;
    const json = (await new ApiClient(app).get(path)).body;
    const entry = json.entries.find((e: { name: string }) => e.name === unplaced.name);
    expect(entry).toMatchObject({ lat: null, lng: null, commune: { code: '16999' } });

    const { user } = await createOrgWithUser(t.db, 'shop', { lat: 45.6, lng: 0.15 });
    const html = await (await (await signedIn(app, user.email)).get(path)).text();
    expect(html.match(/km de vous/g)).toHaveLength(1);
    expect(html.indexOf(placed.name)).toBeLessThan(html.indexOf(unplaced.name));
  });
});
