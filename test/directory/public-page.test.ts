import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntriesTable, NewOrganisation } from '../../src/db/schema.js';
import { DIRECTORY_PAGES_PER_MINUTE } from '../../src/directory/throttle.js';
import { ApiClient, buildApp, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrganisation, createOrgWithUser } from '../helpers/factories.js';

// Issue 19: a territory's public directory shows each organisation only as far as it chose, to
// anyone, without sign-in; an organisation outside the area, unlisted or unapproved, never.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

type Choice = Omit<Insertable<DirectoryEntriesTable>, 'organisation_id'>;

let n = 0;
/** A published territory of its own commune (an INSEE code of Charente), empty. */
async function territory(published = true) {
  n++;
  const citycode = `16${String(100 + n).padStart(3, '0')}`;
  const T = await createOrganisation(t.db, 'territory', { name: `Territoire ${n}` });
  await t.db.insertInto('territory_communes').values({ territory_id: T.id, citycode }).execute();
  if (published) await choose(T.id, { listed: true });
  return { T, citycode, town: `Commune-${n}` };
}

async function choose(id: number, choice: Choice) {
  await t.db.deleteFrom('directory_entries').where('organisation_id', '=', id).execute();
  await t.db
    .insertInto('directory_entries')
    .values({ organisation_id: id, ...choice })
    .execute();
}

/** An organisation of the commune with secrets in every column the public must not see by default. */
async function member(
  area: { citycode: string; town: string },
  kind: 'shop' | 'association',
  extra: Partial<NewOrganisation> = {},
) {
  return createOrganisation(t.db, kind, {
    name: `Nom-secret-${++n}-fin`,
    citycode: area.citycode,
    town: area.town,
    address: `${n} impasse Cachée`,
    address_label: `${n} impasse Cachée ${area.town}`,
    postcode: '16000',
    phone: '+33699999999',
    lat: 45.6484123,
    lng: 0.1562123,
    ...extra,
  });
}

const page = async (path: string, client?: Client) => {
  const res = await (client ?? new Client(buildApp(t.db).app)).get(path);
  return { res, html: await res.text() };
};
/** The list alone (not the filters' options, which name every kind and service). */
const listOf = (html: string) => /<ul class="list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
const unescape = (v: string) =>
  v
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
const mapOf = (html: string) => {
  const attr = /id="directory-map"[^>]*data-map="([^"]*)"/.exec(html)?.[1];
  return JSON.parse(unescape(attr ?? '{"markers":[]}')) as {
    markers: { lat: number; lng: number; label: string }[];
  };
};
const api = () => new ApiClient(buildApp(t.db).app);

/**
 * One row per field: what makes it shown, the text that must be absent until then, and the JSON
 * field. Everything else is left unchosen, so only that field can bring the text.
 */
const FIELDS: {
  field: string;
  kind: 'shop' | 'association';
  choice: Choice;
  text: (o: { name: string; town: string | null; id: number }) => string;
  whole?: boolean;
  json: string;
}[] = [
  {
    field: 'name',
    kind: 'shop',
    choice: { show_name: true },
    text: (o) => o.name,
    whole: true,
    json: 'name',
  },
  {
    field: 'kind',
    kind: 'association',
    choice: { show_kind: true },
    text: () => 'Association',
    json: 'kind',
  },
  {
    field: 'commune',
    kind: 'shop',
    choice: { location: 'commune' },
    text: (o) => o.town!,
    whole: true,
    json: 'commune',
  },
  {
    field: 'address',
    kind: 'shop',
    choice: { location: 'address' },
    text: (o) => `impasse Cachée`,
    whole: true,
    json: 'address',
  },
  {
    field: 'services',
    kind: 'association',
    choice: { serves_grocery: true },
    text: () => 'Épicerie solidaire',
    json: 'services',
  },
  {
    field: 'hours',
    kind: 'association',
    choice: { hours: 'Mardi 14 h – 17 h <b>' },
    text: () => 'Mardi 14 h – 17 h &lt;b&gt;',
    whole: true,
    json: 'hours',
  },
  {
    field: 'newBeneficiaries',
    kind: 'association',
    choice: { new_beneficiaries: true },
    text: () => 'Accueille de nouveaux bénéficiaires',
    json: 'newBeneficiaries',
  },
  {
    field: 'phone',
    kind: 'association',
    choice: { phone: '+33612345678' },
    text: () => '06 12 34 56 78',
    whole: true,
    json: 'phone',
  },
  {
    field: 'email',
    kind: 'shop',
    choice: { email: 'bonjour@exemple-public.fr' },
    text: () => 'bonjour@exemple-public.fr',
    whole: true,
    json: 'email',
  },
  {
    field: 'website',
    kind: 'shop',
    choice: { website: 'https://exemple-public.fr/' },
    text: () => 'exemple-public.fr',
    whole: true,
    json: 'website',
  },
  {
    field: 'gives',
    kind: 'shop',
    choice: { show_giving: true },
    text: () => 'Donne (un don',
    json: 'gives',
  },
];

/** The fields that say whom a card is (a name, a place, a contact): one is needed to be listed. */
const IDENTIFIES = ['name', 'commune', 'address', 'phone', 'email', 'website'];
const BASE_EMAIL = 'contact@base-exemple.fr';

describe('each field is public only when the organisation chose it', () => {
  for (const f of FIELDS)
    it(`${f.field}: absent until chosen, then on the page and in the JSON`, async () => {
      const area = await territory();
      const org = await member(area, f.kind);
      if (f.field === 'gives') await createDonation(t.db, { shopId: org.id });
      const text = f.text(org);
      const path = `/territories/${area.T.id}/directory`;

      // what only describes is listed beside a contact (a card must say whom: showsNothing)
      const base: Choice = IDENTIFIES.includes(f.field) ? {} : { email: BASE_EMAIL };
      await choose(org.id, { listed: true, ...base });
      const before = await page(path);
      expect(before.res.status).toBe(200);
      // listed with nothing of it (nothing at all when the field is what would identify it)
      expect(listOf(before.html).includes('<li>')).toBe(!IDENTIFIES.includes(f.field));
      expect(f.whole ? before.html : listOf(before.html)).not.toContain(text);
      const j0 = (await api().get(path)).body.entries[0];
      expect(j0?.[f.json] ?? null).toBeNull();

      await choose(org.id, { listed: true, ...base, ...f.choice });
      const after = await page(path);
      expect(listOf(after.html)).toContain(text);
      const j1 = (await api().get(path)).body.entries[0];
      expect(j1[f.json]).not.toBeNull();
      // whatever was chosen, never the profile's phone, its id or its exact point
      for (const html of [before.html, after.html]) {
        expect(html).not.toContain('06 99 99 99 99');
        expect(html).not.toContain('+33699999999');
        expect(html).not.toContain('45.6484123');
      }
      expect(Object.keys(j1).sort()).toEqual(
        [
          'name',
          'kind',
          'services',
          'hours',
          'newBeneficiaries',
          'phone',
          'email',
          'website',
          'commune',
          'address',
          'lat',
          'lng',
          'gives',
          'distanceKm',
        ].sort(),
      );
      const shown = Object.entries(j1)
        .filter(([, v]) => v !== null)
        .map(([k]) => k);
      const expected =
        f.field === 'commune'
          ? ['commune', 'lat', 'lng']
          : f.field === 'address'
            ? ['commune', 'address', 'lat', 'lng']
            : [f.json];
      if (!IDENTIFIES.includes(f.field)) expected.push('email');
      expect(shown.sort()).toEqual(expected.sort());
    });

  it('the map: no marker without a place; about 1 km for a commune, about 10 m for an address', async () => {
    const area = await territory();
    const org = await member(area, 'shop');
    const path = `/territories/${area.T.id}/directory`;
    await choose(org.id, { listed: true, show_name: true });
    expect(mapOf((await page(path)).html).markers).toEqual([]);
    await choose(org.id, { listed: true, show_name: true, location: 'commune' });
    expect(mapOf((await page(path)).html).markers).toEqual([
      expect.objectContaining({ lat: 45.65, lng: 0.16, label: org.name }),
    ]);
    await choose(org.id, { listed: true, location: 'address' });
    expect(mapOf((await page(path)).html).markers).toEqual([
      expect.objectContaining({ lat: 45.6484, lng: 0.1562, label: 'Structure du territoire' }),
    ]);
  });

  it('a shop that chose to say it gives, without a donation these 6 months, is not said to', async () => {
    const area = await territory();
    const org = await member(area, 'shop');
    await createDonation(t.db, { shopId: org.id, created_at: '2026-01-10T08:00:00Z' });
    await createDonation(t.db, { shopId: org.id, status: 'cancelled' });
    await choose(org.id, { listed: true, show_giving: true });
    const { html } = await page(`/territories/${area.T.id}/directory`);
    expect(listOf(html)).not.toContain('Donne (');
  });
});

describe('who is on the page', () => {
  it('an entry saved before the rule that shows nothing of whom is not on the page nor in the JSON', async () => {
    const area = await territory();
    const shop = await member(area, 'shop');
    const assoc = await member(area, 'association');
    const bare = await member(area, 'shop');
    await createDonation(t.db, { shopId: shop.id });
    // written straight to the table, as an older save could: "gives", kind, services, hours
    await choose(shop.id, { listed: true, show_giving: true, show_kind: true });
    await choose(assoc.id, {
      listed: true,
      show_kind: true,
      serves_grocery: true,
      hours: 'Lundi',
      new_beneficiaries: true,
    });
    await choose(bare.id, { listed: true });
    const path = `/territories/${area.T.id}/directory`;
    const { res, html } = await page(path);
    expect(res.status).toBe(200);
    expect(listOf(html)).not.toContain('<li>');
    expect(html).toContain('Personne ne correspond à ces filtres.');
    expect(listOf((await page(`${path}?gives=1`)).html)).not.toContain('<li>');
    const json = await api().get(path);
    expect(json.status).toBe(200);
    expect(json.body.entries).toEqual([]);
    // with a contact, the same shop is listed
    await choose(shop.id, {
      listed: true,
      show_giving: true,
      show_kind: true,
      website: 'https://a.fr/',
    });
    expect((await api().get(path)).body.entries).toHaveLength(1);
  });

  it('nobody unlisted, nobody outside the area, no association before its approval', async () => {
    const area = await territory();
    const other = await territory();
    const everything: Choice = {
      listed: true,
      show_name: true,
      show_kind: true,
      location: 'address',
    };
    const inside = await member(area, 'shop');
    const unlisted = await member(area, 'shop');
    const outside = await member(other, 'shop');
    const pending = await member(area, 'association', { approved: false });
    const never = await member(area, 'association'); // no row at all: the default
    await choose(inside.id, everything);
    await choose(unlisted.id, { ...everything, listed: false });
    await choose(outside.id, everything);
    await choose(pending.id, everything);
    const { res, html } = await page(`/territories/${area.T.id}/directory`);
    expect(res.status).toBe(200);
    expect(html).toContain(inside.name);
    for (const o of [unlisted, outside, pending, never]) expect(html).not.toContain(o.name);
    expect(listOf(html).match(/<li>/g)).toHaveLength(1);
  });

  it('renders without sign-in, kept by the browser only; an unpublished territory is a 404', async () => {
    const area = await territory();
    const { res, html } = await page(`/territories/${area.T.id}/directory`);
    expect(res.status).toBe(200);
    expect(html).toContain(`<h1>Les acteurs du territoire : ${area.T.name}</h1>`);
    expect(html).toContain('Personne ne correspond à ces filtres.');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    expect(res.headers.get('vary')).toContain('Cookie');
    const en = await page(`/territories/${area.T.id}/directory?lang=en`);
    expect(en.html).toContain(`Actors of the territory: ${area.T.name}`);

    const hidden = await territory(false);
    expect((await page(`/territories/${hidden.T.id}/directory`)).res.status).toBe(404);
    const shop = await member(area, 'shop');
    await choose(shop.id, { listed: true });
    expect((await page(`/territories/${shop.id}/directory`)).res.status).toBe(404);
    expect((await page('/territories/abc/directory')).res.status).toBe(404);
    expect((await api().get(`/territories/${hidden.T.id}/directory`)).status).toBe(404);
    const index = await page('/territories');
    expect(index.html).toContain(`href="/territories/${area.T.id}/directory"`);
    expect(index.html).not.toContain(`href="/territories/${hidden.T.id}/directory"`);
  });

  it('escapes what organisations typed, in the list and in the map', async () => {
    const area = await territory();
    const org = await member(area, 'shop', { name: '<script>alert(1)</script>' });
    await choose(org.id, {
      listed: true,
      show_name: true,
      location: 'commune',
      hours: '"><img src=x>',
    });
    const { html } = await page(`/territories/${area.T.id}/directory`);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mapOf(html).markers[0]!.label).toBe('<script>alert(1)</script>');
  });
});

describe('filters (a GET form)', () => {
  it('by kind (only who shows it), commune, service and "gives"', async () => {
    const area = await territory();
    const second = { citycode: '16999', town: 'Autre-Commune' };
    await t.db
      .insertInto('territory_communes')
      .values({ territory_id: area.T.id, citycode: second.citycode })
      .execute();
    const shop = await member(area, 'shop');
    const quietShop = await member(area, 'shop');
    const grocery = await member(second, 'association');
    const meals = await member(area, 'association');
    await createDonation(t.db, { shopId: shop.id });
    await choose(shop.id, {
      listed: true,
      show_name: true,
      show_kind: true,
      location: 'commune',
      show_giving: true,
    });
    await choose(quietShop.id, { listed: true, show_name: true }); // kind and place unsaid
    await choose(grocery.id, {
      listed: true,
      show_name: true,
      show_kind: true,
      location: 'commune',
      serves_grocery: true,
    });
    await choose(meals.id, { listed: true, show_name: true, show_kind: true, serves_meals: true });
    const names = async (q: string) => {
      const { res, html } = await page(`/territories/${area.T.id}/directory${q}`);
      expect(res.status, q).toBe(200);
      return [shop, quietShop, grocery, meals]
        .filter((o) => listOf(html).includes(o.name))
        .map((o) => o.name);
    };
    expect(await names('')).toHaveLength(4);
    expect(await names('?kind=shop')).toEqual([shop.name]);
    expect(await names('?kind=association')).toEqual([grocery.name, meals.name]);
    expect(await names(`?commune=${second.citycode}`)).toEqual([grocery.name]);
    expect(await names(`?commune=${area.citycode}`)).toEqual([shop.name]);
    expect(await names('?service=grocery')).toEqual([grocery.name]);
    expect(await names('?service=meals&kind=association')).toEqual([meals.name]);
    expect(await names('?gives=1')).toEqual([shop.name]);
    expect(await names('?kind=&commune=&service=&page=')).toHaveLength(4);
    // the commune filter offers the communes shown, not those of who keeps its place unsaid
    const { html } = await page(`/territories/${area.T.id}/directory`);
    expect(html).toContain(`<option value="${second.citycode}">Autre-Commune</option>`);
  });

  it('a city with arrondissements is one commune in the filter, and filtering by it lists them all', async () => {
    const area = await territory();
    const places = {
      lyon1: { citycode: '69381', town: 'Lyon' },
      lyon4: { citycode: '69384', town: 'Lyon' },
      paris1: { citycode: '75101', town: 'Paris' },
      paris20: { citycode: '75120', town: 'Paris' },
      marseille1: { citycode: '13201', town: 'Marseille' },
      villeurbanne: { citycode: '69266', town: 'Villeurbanne' },
    };
    await t.db
      .insertInto('territory_communes')
      .values(Object.values(places).map((p) => ({ territory_id: area.T.id, citycode: p.citycode })))
      .execute();
    type Key = keyof typeof places;
    const orgs = {} as Record<Key, { id: number; name: string }>;
    for (const key of Object.keys(places) as Key[]) {
      orgs[key] = await member(places[key], key === 'lyon4' ? 'association' : 'shop');
      await choose(orgs[key].id, { listed: true, show_name: true, location: 'commune' });
    }
    const { html } = await page(`/territories/${area.T.id}/directory`);
    const options = [...html.matchAll(/<option value="(\d{5})">([^<]*)<\/option>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(options.sort()).toEqual(
      ['13055 Marseille', '69123 Lyon', '69266 Villeurbanne', '75056 Paris'].sort(),
    );
    const names = async (commune: string) => {
      const list = listOf(
        (await page(`/territories/${area.T.id}/directory?commune=${commune}`)).html,
      );
      return (Object.keys(orgs) as Key[]).filter((k) => list.includes(orgs[k].name)).sort();
    };
    expect(await names('69123')).toEqual(['lyon1', 'lyon4']);
    expect(await names('75056')).toEqual(['paris1', 'paris20']);
    expect(await names('13055')).toEqual(['marseille1']);
    expect(await names('69266')).toEqual(['villeurbanne']);
    // an arrondissement's code (an older link) stands for its city
    expect(await names('69384')).toEqual(['lyon1', 'lyon4']);
    // the cards and the API say the city too
    const json = await api().get(`/territories/${area.T.id}/directory?commune=69123`);
    expect(json.body.communes.filter((c: any) => c.name === 'Lyon')).toEqual([
      { code: '69123', name: 'Lyon' },
    ]);
    expect(json.body.entries.map((e: any) => e.commune)).toEqual([
      { code: '69123', name: 'Lyon' },
      { code: '69123', name: 'Lyon' },
    ]);
  });

  it('a bad filter is said beside its field (422), in the page’s language, the list unfiltered', async () => {
    const area = await territory();
    const org = await member(area, 'shop');
    await choose(org.id, { listed: true, show_name: true });
    const { res, html } = await page(`/territories/${area.T.id}/directory?kind=territory&page=abc`);
    expect(res.status).toBe(422);
    expect(html).toContain('id="f-kind-err">Choisissez une des options.</p>');
    expect(html).toContain(org.name);
    const json = await api().get(`/territories/${area.T.id}/directory?commune=<x>`);
    expect(json.status).toBe(422);
    expect(json.body.error.fields.commune).toBeTruthy();
  });

  it('pages of 30, with links that keep the filters', async () => {
    const area = await territory();
    for (let i = 0; i < 31; i++) {
      const o = await member(area, 'shop');
      await choose(o.id, { listed: true, show_name: true, show_kind: true });
    }
    const first = await page(`/territories/${area.T.id}/directory?kind=shop`);
    expect(listOf(first.html).match(/<li>/g)).toHaveLength(30);
    expect(first.html).toContain(`href="/territories/${area.T.id}/directory?kind=shop&amp;page=2"`);
    const second = await page(`/territories/${area.T.id}/directory?kind=shop&page=2`);
    expect(listOf(second.html).match(/<li>/g)).toHaveLength(1);
    expect(second.html).toContain('rel="prev"');
    expect(second.html).not.toContain('rel="next"');
  });
});

describe('signed in, nearest first', () => {
  it('an association sees the shops that give by distance to the point each shows', async () => {
    const area = await territory();
    const far = await member(area, 'shop', { lat: 45.7, lng: 0.16 });
    const near = await member(area, 'shop', { lat: 45.651, lng: 0.156 });
    for (const o of [far, near]) {
      await createDonation(t.db, { shopId: o.id });
      await choose(o.id, {
        listed: true,
        show_name: true,
        show_kind: true,
        location: 'address',
        show_giving: true,
      });
    }
    const { org, user } = await createOrgWithUser(t.db, 'association', {
      name: 'Épicerie du quartier',
      lat: 45.65,
      lng: 0.156,
    });
    const client = await signedIn(buildApp(t.db).app, user.email);
    const { res, html } = await page(`/territories/${area.T.id}/directory?gives=1`, client);
    expect(res.headers.get('cache-control')).toBe('private, max-age=60');
    const list = listOf(html);
    expect(list.indexOf(near.name)).toBeLessThan(list.indexOf(far.name));
    expect(list).toContain('à 0,1 km de vous');
    expect(html).toContain(`Les plus proches de ${org.name} d’abord.`);
    // signed out, by name
    const anon = listOf((await page(`/territories/${area.T.id}/directory?gives=1`)).html);
    expect(anon).not.toContain('km de vous');
  });
  it('a shop sees the associations by distance; one keeping its place unsaid comes last, no distance', async () => {
    const area = await territory();
    const unsaid = await member(area, 'association', { lat: 45.6501, lng: 0.156 });
    const far = await member(area, 'association', { lat: 45.75, lng: 0.156 });
    const near = await member(area, 'association', { lat: 45.66, lng: 0.156 });
    const shown: Choice = { listed: true, show_name: true, show_kind: true, location: 'commune' };
    await choose(unsaid.id, { ...shown, location: 'none' });
    await choose(far.id, shown);
    await choose(near.id, shown);
    const { user } = await createOrgWithUser(t.db, 'shop', { lat: 45.65, lng: 0.156 });
    const client = await signedIn(buildApp(t.db).app, user.email);
    const list = listOf(
      (await page(`/territories/${area.T.id}/directory?kind=association`, client)).html,
    );
    const order = [near, far, unsaid].map((o) => list.indexOf(o.name));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(list.match(/km de vous/g)).toHaveLength(2);
  });
});

describe('throttle', () => {
  it(`past ${DIRECTORY_PAGES_PER_MINUTE} pages a minute from one address, 429 with a wait`, async () => {
    const { app, clock } = buildApp(t.db);
    // counted in the database: a minute of its own, after the other tests' pages
    clock.set('2026-11-28T10:00:00Z');
    const client = new Client(app);
    for (let i = 0; i < DIRECTORY_PAGES_PER_MINUTE; i++)
      expect((await client.get('/territories/999999/directory')).status).toBe(404);
    const res = await client.get('/territories/999999/directory');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});
