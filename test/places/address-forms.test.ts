import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Geocoder } from '../../src/places/geocoder.js';
import { LOOKUPS_PER_MINUTE } from '../../src/places/lookup-throttle.js';
import { Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { startGeocoderServer, type GeocoderServer } from './geocoder-server.js';

// Issue 13, the forms: an address typed and a suggestion picked, never a coordinate to type,
// against a local server playing the Géoplateforme.
let t: TestDatabase;
let server: GeocoderServer;
beforeAll(async () => {
  t = await openTestDatabase();
  server = await startGeocoderServer({ slowMs: 2000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});
useNoServerErrors();

/** An app asking the local geocoder (or `url`, e.g. a port nobody listens on). */
const appWith = (url = server.url) =>
  strictApp(t.db, { geocoder: new Geocoder({ url, timeoutMs: 500 }) }).app;
type App = ReturnType<typeof appWith>;

const unique = (s: string) => `${s} ${Math.random().toString(36).slice(2, 8)}`;
const signUpForm = (over: Record<string, string> = {}) => ({
  kind: 'shop',
  orgName: unique('Boulangerie'),
  yourName: 'Marie Pain',
  email: `${Math.random().toString(36).slice(2)}@boulangerie.example.org`,
  password: 'une-baguette-svp-42',
  passwordConfirm: 'une-baguette-svp-42',
  ...over,
});
const stored = (name: string) =>
  t.db
    .selectFrom('organisations')
    .select(['lat', 'lng', 'citycode', 'address_label', 'postcode', 'town', 'address'])
    .where('name', '=', name)
    .execute();

/** The suggestions of a fragment or a page: [label, token]. */
const radios = (html: string) =>
  [...html.matchAll(/<input type="radio" name="place" value="([^"]+)"[^>]*\/?>\s*([^<]*)</g)].map(
    (m) => [m[2].trim(), m[1]] as const,
  );
const suggest = async (app: App, address: string) => {
  const res = await app.request(
    `http://localhost/places/choices?address=${encodeURIComponent(address)}`,
  );
  expect(res.status).toBe(200);
  return res.text();
};
const hasCoordinateField = (html: string) => /name="(lat|lng)"/.test(html);
const errorOf = (html: string) =>
  html.match(/<p class="error" id="f-address-err">([^<]*)<\/p>/)?.[1];

describe('the sign-up form with an address service', () => {
  it('shows no coordinate field; the address typed gets suggestions; the one picked is stored', async () => {
    const app = appWith();
    const c = new Client(app);
    const page = await (await c.get('/signup')).text();
    expect(hasCoordinateField(page)).toBe(false);
    expect(page).toContain('hx-get="/places/choices"');
    expect(page).toContain('Je suis sur place');

    const fragment = await suggest(app, '20 place bellecour');
    expect(hasCoordinateField(fragment)).toBe(false);
    const [[label, token]] = radios(fragment);
    expect(label).toBe('20 Place Bellecour 69002 Lyon');

    const form = signUpForm({ address: '20 pl bellecour', place: token });
    const res = await c.post('/signup', form);
    expect(res.status).toBe(303);
    expect(await stored(form.orgName)).toEqual([
      {
        lat: 45.757814,
        lng: 4.832011,
        citycode: '69382',
        address_label: '20 Place Bellecour 69002 Lyon',
        postcode: '69002',
        town: 'Lyon',
        address: '20 Place Bellecour',
      },
    ]);
  });

  it('without JavaScript: the address sent alone comes back as choices, nothing typed lost, nothing saved', async () => {
    const app = appWith();
    const c = new Client(app);
    const form = signUpForm({ address: '45 avenue du general de gaulle soyaux' });
    const res = await c.post('/signup', form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorOf(html)).toBe('Choisissez votre adresse dans la liste.');
    expect(html).toContain(`value="${form.orgName}"`);
    expect(html).toContain(`value="${form.email}"`);
    expect(html).toContain('value="45 avenue du general de gaulle soyaux"');
    expect(hasCoordinateField(html)).toBe(false);
    const choices = radios(html);
    expect(choices.map(([l]) => l)).toEqual(['45 Avenue du Général de Gaulle 16800 Soyaux']);
    expect(await stored(form.orgName)).toEqual([]);

    // picked from the list, sent again: stored with its INSEE code
    expect((await c.post('/signup', { ...form, place: choices[0][1] })).status).toBe(303);
    expect(await stored(form.orgName)).toMatchObject([
      { citycode: '16374', postcode: '16800', town: 'Soyaux', lat: 45.640587 },
    ]);
  });

  it('an address the service does not know: a message on the field, nothing saved', async () => {
    const c = new Client(appWith());
    for (const address of ['12 rue qui nexiste pas', 'vaguement quelque part']) {
      const form = signUpForm({ address });
      const res = await c.post('/signup', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(errorOf(html)).toContain('Nous ne trouvons pas cette adresse');
      expect(radios(html)).toEqual([]);
      expect(await stored(form.orgName)).toEqual([]);
    }
    // and none at all
    const res = await c.post('/signup', signUpForm({ address: '' }));
    expect(res.status).toBe(422);
    expect(errorOf(await res.text())).toBe('Ce champ est obligatoire.');
  });

  it('a suggestion that was not offered (forged, altered, cut) is refused on the field, nothing saved', async () => {
    const app = appWith();
    const [[, token]] = radios(await suggest(app, '8 rue hrant dink'));
    const [payload, sig] = token.split('.');
    const place = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const moved = Buffer.from(JSON.stringify({ ...place, citycode: '75056', lat: 48.85 })).toString(
      'base64url',
    );
    const c = new Client(app);
    for (const forged of [
      `${moved}.${sig}`,
      `${payload}.${sig.slice(0, -2)}`,
      `${payload}.`,
      'not-a-suggestion',
      `${Buffer.from(JSON.stringify(place)).toString('base64url')}.${'A'.repeat(43)}`,
      `${payload}.${sig}.${sig}`,
      'x'.repeat(3000),
    ]) {
      const form = signUpForm({ address: '8 rue hrant dink', place: forged });
      const res = await c.post('/signup', form);
      expect(res.status, forged.slice(0, 40)).toBe(422);
      const html = await res.text();
      expect(errorOf(html)).toBe(
        'Cette adresse ne fait pas partie des propositions. Choisissez-en une dans la liste.',
      );
      // the real ones are offered again to pick from
      expect(radios(html).map(([l]) => l)).toEqual(['8 Rue Hrant Dink 69002 Lyon']);
      expect(await stored(form.orgName)).toEqual([]);
    }
    // the token itself, untouched, is taken
    const form = signUpForm({ address: '8 rue hrant dink', place: token });
    expect((await c.post('/signup', form)).status).toBe(303);
  });

  it('a token signed by another server (another key) is not taken', async () => {
    const other = await openTestDatabase(); // its own VAPID key, so its own signing key
    try {
      const foreign = strictApp(other.db, { geocoder: new Geocoder({ url: server.url }) }).app;
      const [[, token]] = radios(await suggest(foreign, '20 place bellecour'));
      const form = signUpForm({ address: 'bellecour', place: token });
      const res = await new Client(appWith()).post('/signup', form);
      expect(res.status).toBe(422);
      expect(errorOf(await res.text())).toContain('ne fait pas partie des propositions');
    } finally {
      await other.close();
    }
  });

  it('keeps the place picked when another field is wrong', async () => {
    const app = appWith();
    const [[label, token]] = radios(await suggest(app, '1 place hotel de ville angouleme'));
    const res = await new Client(app).post(
      '/signup',
      signUpForm({ address: 'hotel de ville angouleme', place: token, passwordConfirm: 'autre' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('diffèrent');
    expect(html).toMatch(new RegExp(`value="${token}" checked=""[^>]*/?>\\s*${label}`));
  });
});

describe('when the address service cannot be reached', () => {
  // LOCAL: the local geocoder, playing a failure for these words (see geocoder-server.ts)
  const down: [string, string, string][] = [
    ['answers 500', 'LOCAL', 'rue en panne'],
    ['answers 429', 'LOCAL', 'trop-de-requetes rue'],
    ['is too slow', 'LOCAL', 'rue lent'],
    ['is not there', 'http://127.0.0.1:9/geocodage', '20 place bellecour'],
  ];

  it.each(down)(
    'it %s: said plainly, coordinates offered folded, nothing typed lost',
    async (_what, url, address) => {
      const app = appWith(url === 'LOCAL' ? server.url : url);
      const c = new Client(app);
      const form = signUpForm({ address });
      const res = await c.post('/signup', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(errorOf(html)).toContain('Le service des adresses ne répond pas');
      expect(html).toContain(`value="${form.orgName}"`);
      expect(html).toContain(`value="${address}"`);
      // the last resort, folded: <details> without `open`, the coordinates inside
      const details = html.match(/<details( open="")?>([\s\S]*?)<\/details>/);
      expect(details?.[1]).toBeUndefined();
      expect(hasCoordinateField(details?.[2] ?? '')).toBe(true);
      expect(await stored(form.orgName)).toEqual([]);

      // the fragment says the same as the address is typed
      const fragment = await suggest(app, address);
      expect(errorOf(fragment)).toContain('ne répond pas');
      expect(fragment).toMatch(/<details>[\s\S]*name="lat"/);

      // the coordinates given by hand are taken, with the address as typed
      const byHand = { ...form, byHand: '1', postcode: '69002', town: 'Lyon' };
      const wrong = await c.post('/signup', { ...byHand, lat: '145', lng: '4,83' });
      expect(wrong.status).toBe(422);
      const again = await wrong.text();
      expect(again).toContain('id="f-lat-err"');
      expect(again).toMatch(/<details open="">/); // opened to show its message
      expect((await c.post('/signup', { ...byHand, lat: '45,7578', lng: '4.832' })).status).toBe(
        303,
      );
      expect(await stored(form.orgName)).toEqual([
        {
          lat: 45.7578,
          lng: 4.832,
          // the pin stays as given; its commune's code when the service's /reverse answers
          citycode: url === 'LOCAL' ? '69382' : null,
          address_label: null,
          postcode: '69002',
          town: 'Lyon',
          address,
        },
      ]);
    },
  );
});

describe('the suggestions fragment, while the service is down', () => {
  it('gives back the coordinates typed in the last-resort fields (htmx sends them along)', async () => {
    const app = appWith();
    const q = new URLSearchParams({
      address: 'rue en panne numero 2',
      byHand: '1',
      postcode: '69002',
      town: 'Lyon',
      lat: '45,7578',
      lng: '4.832',
    });
    const html = await (await app.request(`http://localhost/places/choices?${q}`)).text();
    expect(errorOf(html)).toContain('ne répond pas');
    for (const v of ['45,7578', '4.832', '69002', 'Lyon']) expect(html).toContain(`value="${v}"`);
  });
});

describe('"Je suis sur place": GET /places/here', () => {
  const here = async (app: App, q: string) => {
    const res = await app.request(`http://localhost/places/here?${q}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('names the position through /reverse, checked, and that suggestion signs up', async () => {
    const app = appWith();
    const html = await here(app, 'lat=45.74855&lng=4.82619');
    expect(server.requests.at(-1)!.path).toBe('/geocodage/reverse');
    const [[label, token]] = radios(html);
    expect(label).toBe('8 Rue Hrant Dink 69002 Lyon');
    expect(html).toMatch(/checked=""/);
    const form = signUpForm({ kind: 'association', address: '', place: token });
    expect((await new Client(app).post('/signup', form)).status).toBe(303);
    expect(await stored(form.orgName)).toMatchObject([{ citycode: '69382', lat: 45.748518 }]);
  });

  it.each([
    ['lat=91&lng=4.8', 'n’est pas valable'],
    ['lat=45.7&lng=181', 'n’est pas valable'],
    ['lat=abc&lng=4.8', 'n’est pas valable'],
    ['lng=4.8', 'n’est pas valable'],
    ['lat=40.7128&lng=-74.006', 'aucune adresse en France'], // New York
    ['lat=46.2044&lng=6.1432', 'aucune adresse en France'], // Geneva: the service finds none
    ['lat=43.2&lng=5.6', 'aucune adresse en France'], // the sea off Marseille
  ])('%s: a message on the field, no suggestion', async (q, message) => {
    const html = await here(appWith(), q);
    expect(errorOf(html)).toContain(message);
    expect(radios(html)).toEqual([]);
  });

  it('the service down: said, and the coordinates offered', async () => {
    const html = await here(appWith('http://127.0.0.1:9/geocodage'), 'lat=45.7486&lng=4.8262');
    expect(errorOf(html)).toContain('ne répond pas');
    expect(html).toMatch(/<details>[\s\S]*name="lat"/);
  });
});

describe('the suggestions fragment', () => {
  it('is throttled with the API lookups of the same client address', async () => {
    const app = appWith();
    let last: Response | undefined;
    for (let i = 0; i <= LOOKUPS_PER_MINUTE; i++)
      last = await app.request('http://localhost/places/choices?address=bellecour');
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await last!.text()).toContain('Trop de recherches');
    const api = await app.request('http://localhost/api/v1/places?q=bellecour');
    expect(api.status).toBe(429);
  });

  it('says what is wrong with what was typed; too short is no suggestion', async () => {
    const app = appWith();
    expect(errorOf(await suggest(app, 'x'.repeat(201)))).toContain('trop long');
    expect(errorOf(await suggest(app, 'rue\u0000'))).toContain('caractère');
    const short = await suggest(app, 'ab');
    expect(radios(short)).toEqual([]);
    expect(errorOf(short)).toBeUndefined();
  });
});

describe('the profile and the admin forms', () => {
  it('an organisation saved with its address unchanged keeps its coordinates; a new address picked moves it', async () => {
    const app = appWith();
    const { org, user } = await createOrgWithUser(t.db, 'shop', {
      address: '5 rue Dumenge',
      lat: 45.7765,
      lng: 4.8275,
      citycode: '69384',
    });
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    const page = await (await c.get(`/organisations/${org.id}`)).text();
    expect(hasCoordinateField(page)).toBe(false);
    const asked = server.requests.length;
    const base = { profileForm: 'shop', name: org.name, address: '5 rue Dumenge' };
    expect((await c.post(`/organisations/${org.id}`, base)).status).toBe(303);
    expect(server.requests.length).toBe(asked); // nothing to look up
    const kept = await stored(org.name);
    expect(kept).toMatchObject([{ lat: 45.7765, lng: 4.8275, citycode: '69384' }]);

    // a new address typed without picking: choices, nothing changed
    const typed = await c.post(`/organisations/${org.id}`, { ...base, address: 'gaulle soyaux' });
    expect(typed.status).toBe(422);
    const choices = radios(await typed.text());
    expect(choices.length).toBe(1);
    expect(await stored(org.name)).toEqual(kept);
    const picked = { ...base, address: 'gaulle soyaux', place: choices[0][1] };
    expect((await c.post(`/organisations/${org.id}`, picked)).status).toBe(303);
    expect(await stored(org.name)).toMatchObject([
      { citycode: '16374', lat: 45.640587, address: '45 Avenue du Général de Gaulle' },
    ]);
    expect(await (await c.get(`/organisations/${org.id}`)).text()).toContain(
      'Adresse enregistrée : 45 Avenue du Général de Gaulle 16800 Soyaux',
    );
  });

  it('the admin creates an organisation from a suggestion; a forged one is refused', async () => {
    const app = appWith();
    const admin = await createUser(t.db, { isAdmin: true });
    const c = new Client(app);
    await c.signIn(admin.email, PASSWORD);
    const page = await (await c.get('/admin/organisations')).text();
    expect(hasCoordinateField(page)).toBe(false);
    const [[, token]] = radios(await suggest(app, 'liberation couronne'));
    const name = unique('Épicerie de La Couronne');
    const forged = await c.post('/admin/organisations', {
      kind: 'association',
      name,
      address: 'liberation couronne',
      // a character in the middle: the last one of a base64url text may carry only unused bits
      place: token.replace(/^(.{8})./, (_, head: string) => head + (token[8] === 'A' ? 'B' : 'A')),
    });
    expect(forged.status).toBe(422);
    expect(errorOf(await forged.text())).toContain('ne fait pas partie des propositions');
    expect(await stored(name)).toEqual([]);
    const res = await c.post('/admin/organisations', {
      kind: 'association',
      name,
      address: 'liberation couronne',
      place: token,
    });
    expect(res.status).toBe(303);
    expect(await stored(name)).toMatchObject([{ citycode: '16113', town: 'La Couronne' }]);
  });
});
