import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/actor.js';
import { loadCommuneIndex } from '../../src/places/communes-node.js';
import { getTerritory, setTerritoryArea, type AreaInput } from '../../src/stats/area.js';
import { ValidationError } from '../../src/shared/errors.js';
import { organisationsInArea } from '../../src/shared/scope.js';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation, createOrgWithUser, createUser } from '../helpers/factories.js';

/** The package's own list, read here apart from the app's index: what the territory must hold. */
const pkg = (name: string) =>
  JSON.parse(
    readFileSync(
      createRequire(import.meta.url).resolve(`@etalab/decoupage-administratif/data/${name}.json`),
      'utf8',
    ),
  );
const GRAND_ANGOULEME: string[] = pkg('epci')
  .find((e: any) => e.code === '200071827')
  .membres.map((m: any) => m.code);

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await openTestDatabase();
  const user = await createUser(t.db, { isAdmin: true });
  admin = { user, memberships: [], org: null } as unknown as Actor;
});
afterAll(async () => t?.close());

const area = (o: Partial<AreaInput>): AreaInput => ({
  parts: [],
  q: '',
  lat: '',
  lng: '',
  radiusKm: '',
  ...o,
});
const place = (citycode: string | null, town: string, kind: 'shop' | 'association' = 'shop') =>
  createOrganisation(t.db, kind, { citycode, town, name: `${kind} ${town} ${citycode}` });
const members = async (territoryId: number) => {
  const a = await organisationsInArea(t.db, territoryId);
  return { shops: a.shopIds.sort((x, y) => x - y), associations: a.associationIds };
};

describe('a territory made of official communes (INSEE codes from @etalab/decoupage-administratif)', () => {
  it('an EPCI holds exactly its member communes’ shops and associations', async () => {
    expect(GRAND_ANGOULEME).toHaveLength(38);
    expect(GRAND_ANGOULEME).toEqual(expect.arrayContaining(['16015', '16113', '16374']));
    const inside = [
      await place('16015', 'Angoulême'),
      await place('16113', 'La Couronne'),
      await place('16374', 'Soyaux'),
    ];
    const assoc = await place('16015', 'Angoulême', 'association');
    await place('16102', 'Cognac'); // Charente, another EPCI
    await place(null, 'Angoulême'); // no INSEE code: a typed town name no longer counts
    const T = await createOrganisation(t.db, 'territory', { name: 'PAT du Grand Angoulême' });
    const found = await setTerritoryArea(
      t.db,
      admin,
      T.id,
      area({ parts: ['epci:200071827'] }),
      loadCommuneIndex,
    );
    expect(found).toEqual({
      shopIds: inside.map((o) => o.id),
      associationIds: [assoc.id],
    });
    const stored = await t.db
      .selectFrom('territory_communes')
      .select('citycode')
      .where('territory_id', '=', T.id)
      .execute();
    expect(stored.map((r) => r.citycode).sort()).toEqual([...GRAND_ANGOULEME].sort());
    expect((await getTerritory(t.db, T.id)).parts).toEqual([
      { kind: 'epci', code: '200071827', name: 'CA du Grand Angoulême', communes: 38 },
    ]);
    // a shop that moves out of the area leaves it (the test breaks the rule on purpose)
    await t.db
      .updateTable('organisations')
      .set({ citycode: '16102' })
      .where('id', '=', inside[2].id)
      .execute();
    expect((await members(T.id)).shops).toEqual([inside[0].id, inside[1].id]);
  });

  it('a département holds its communes, not the next département’s', async () => {
    const cognac = await place('16102', 'Cognac');
    const rochelle = await place('17300', 'La Rochelle');
    const T = await createOrganisation(t.db, 'territory', { name: 'Charente' });
    await setTerritoryArea(
      t.db,
      admin,
      T.id,
      area({ parts: ['departement:16'] }),
      loadCommuneIndex,
    );
    const { shops } = await members(T.id);
    expect(shops).toContain(cognac.id);
    expect(shops).not.toContain(rochelle.id);
    const charente = pkg('communes').filter(
      (c: any) => c.departement === '16' && c.type === 'commune-actuelle',
    );
    const n = await t.db
      .selectFrom('territory_communes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('territory_id', '=', T.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(charente.length);
  });

  it('Lyon (69123) holds its arrondissements, as the geocoder codes them', async () => {
    const lyon2 = await place('69382', 'Lyon');
    const lyon4 = await place('69384', 'Lyon', 'association');
    const villeurbanne = await place('69266', 'Villeurbanne');
    const T = await createOrganisation(t.db, 'territory', { name: 'Lyon' });
    await setTerritoryArea(t.db, admin, T.id, area({ parts: ['commune:69123'] }), loadCommuneIndex);
    const m = await members(T.id);
    expect(m.shops).toContain(lyon2.id);
    expect(m.shops).not.toContain(villeurbanne.id);
    expect(m.associations).toContain(lyon4.id);
    // one arrondissement alone is just that arrondissement
    const T2 = await createOrganisation(t.db, 'territory', { name: 'Lyon 2e' });
    await setTerritoryArea(
      t.db,
      admin,
      T2.id,
      area({ parts: ['commune:69382'] }),
      loadCommuneIndex,
    );
    expect(await members(T2.id)).toEqual({ shops: [lyon2.id], associations: [] });
  });

  it('an old town-name area still works, until the area is saved with communes', async () => {
    const typed = await place(null, 'Soyaux');
    const T = await createOrganisation(t.db, 'territory', {
      name: 'Soyaux (villes tapées)',
      area_towns: JSON.stringify(['Soyaux']),
    });
    expect((await members(T.id)).shops).toContain(typed.id);
    await setTerritoryArea(t.db, admin, T.id, area({ parts: ['commune:16374'] }), loadCommuneIndex);
    const after = await members(T.id);
    expect(after.shops).not.toContain(typed.id); // no INSEE code: the town name is gone
    expect((await getTerritory(t.db, T.id)).area_towns).toEqual([]);
  });

  it('refuses an unknown INSEE code, a part not of the right form or too many, saving nothing', async () => {
    const T = await createOrganisation(t.db, 'territory', { name: 'Refus' });
    await setTerritoryArea(t.db, admin, T.id, area({ parts: ['commune:16015'] }), loadCommuneIndex);
    for (const parts of [
      ['commune:16015', 'commune:99999'],
      ['epci:123456789'],
      ['departement:00'],
      ['ville:Lyon'],
      Array.from({ length: 101 }, (_, i) => `commune:16${String(i + 1).padStart(3, '0')}`),
    ]) {
      const err = await setTerritoryArea(
        t.db,
        admin,
        T.id,
        area({ parts, radiusKm: '5', lat: '45.6', lng: '0.15' }),
        loadCommuneIndex,
      ).catch((e) => e);
      expect(err, parts[0]).toBeInstanceOf(ValidationError);
      expect(Object.keys(err.fields)).toEqual(['q']);
    }
    const kept = await getTerritory(t.db, T.id);
    expect(kept.parts.map((p) => p.code)).toEqual(['16015']);
    expect(kept.area_radius_km).toBeNull();
  });
});

describe('the admin’s area form', () => {
  let app: ReturnType<typeof buildApp>['app'];
  let adminEmail: string;
  let T: { id: number };
  beforeAll(async () => {
    app = buildApp(t.db, { communes: loadCommuneIndex }).app;
    adminEmail = (await createUser(t.db, { isAdmin: true })).email;
    T = await createOrganisation(t.db, 'territory', {
      name: 'PAT Angoumois',
      area_towns: JSON.stringify(['Angoulême']),
    });
  });
  const url = () => `/admin/territories/${T.id}/area`;

  it('searches without JavaScript, adds and removes parts, then saves', async () => {
    const c = await signedIn(app, adminEmail);
    const page = await (await c.get(`${url()}?lang=en`)).text();
    expect(page).toContain('still defined by town names typed by hand: Angoulême');
    const found = await c.post(`${url()}?lang=en`, { q: 'grand angoul', action: 'search' });
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain('CA du Grand Angoulême');
    expect(html).toContain('value="epci:200071827"');
    expect(html).toContain('38 communes');
    // Enter in the search field searches too (the hidden default button)
    expect(await (await c.post(url(), { q: '16015', action: 'enter' })).text()).toMatch(
      /name="add" value="commune:16015"/,
    );
    const added = await (
      await c.post(`${url()}?lang=en`, { part: 'commune:16015', add: 'epci:200071827', q: 'x' })
    ).text();
    expect(added).toMatch(/name="part" value="commune:16015"/);
    expect(added).toMatch(/name="part" value="epci:200071827"/);
    const removed = await (
      await c.post(url(), { part: ['commune:16015', 'epci:200071827'], remove: 'commune:16015' })
    ).text();
    expect(removed).not.toMatch(/name="part" value="commune:16015"/);
    expect(removed).toMatch(/name="part" value="epci:200071827"/);
    // nothing saved so far
    expect((await getTerritory(t.db, T.id)).parts).toEqual([]);
    const saved = await c.post(`${url()}?lang=en`, { part: 'epci:200071827', action: 'save' });
    expect(saved.status).toBe(200);
    const savedHtml = await saved.text();
    expect(savedHtml).toMatch(/Area saved: \d+ shops? and \d+ associations?/);
    expect(savedHtml).not.toContain('typed by hand');
    expect((await getTerritory(t.db, T.id)).parts.map((p) => p.code)).toEqual(['200071827']);
  });

  it('gives the suggestions as a fragment for htmx', async () => {
    const c = await signedIn(app, adminEmail);
    const res = await c.get(`${url()}/suggestions?q=soyau`);
    const html = await res.text();
    expect(html.startsWith('<div id="area-matches"')).toBe(true);
    expect(html).toContain('value="commune:16374"');
    expect(html).not.toContain('<html');
    const unknown = await (await c.get(`${url()}/suggestions?q=99999&lang=en`)).text();
    expect(unknown).toContain('No commune, intercommunality or département has this code.');
    expect((await c.get(`${url()}/suggestions?q=${'a'.repeat(101)}`)).status).toBe(200);
  });

  it('says so next to the field for an unknown code, and saves nothing', async () => {
    const c = await signedIn(app, adminEmail);
    const bad = await c.post(`${url()}?lang=en`, {
      part: 'epci:200071827',
      q: '99999',
      action: 'search',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(
      /id="f-q-err">No commune, intercommunality or département has this code/,
    );
    const tampered = await c.post(`${url()}?lang=en`, {
      part: ['epci:200071827', 'commune:99999'],
      action: 'save',
    });
    expect(tampered.status).toBe(422);
    expect(await tampered.text()).toContain('not in the official list');
    expect((await getTerritory(t.db, T.id)).parts.map((p) => p.code)).toEqual(['200071827']);
    const other = await signedIn(app, (await createOrgWithUser(t.db, 'territory')).user.email);
    expect((await other.post(url(), { part: 'commune:16015', action: 'save' })).status).toBe(403);
    expect((await other.get(`${url()}/suggestions?q=lyon`)).status).toBe(403);
  });

  it('without the list of communes (Workers): says so, keeps the saved parts, changes the circle', async () => {
    const worker = buildApp(t.db).app; // no `communes`, as on Workers
    const c = await signedIn(worker, adminEmail);
    const page = await (await c.get(`${url()}?lang=en`)).text();
    expect(page).toContain('Choosing communes needs the Node server');
    expect(page).toContain('CA du Grand Angoulême');
    expect(page).not.toContain('name="q"');
    const before = await members(T.id);
    const ok = await c.post(url(), {
      part: 'epci:200071827',
      lat: '45.65',
      lng: '0.16',
      radiusKm: '1',
      action: 'save',
    });
    expect(ok.status).toBe(200);
    expect(await members(T.id)).toMatchObject({ shops: expect.arrayContaining(before.shops) });
    expect((await getTerritory(t.db, T.id)).area_radius_km).toBe(1);
    const refused = await c.post(`${url()}?lang=en`, {
      part: ['epci:200071827', 'commune:69123'],
      action: 'save',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Choosing communes needs the Node server');
    expect((await getTerritory(t.db, T.id)).parts).toHaveLength(1);
  });
});
