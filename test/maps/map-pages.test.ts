import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapData } from '../../views/maps/map.js';
import { buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser } from '../helpers/factories.js';
import { seedDataSet } from '../stats/data-set.js';

// Issue 13: each page's map carries only what its reader may see (the feed's rule, the donation
// page's, the territory's area), as escaped JSON in a data-map attribute, with the tiles it was
// configured with; the Content-Security-Policy lets images come from that origin and no other.
let t: TestDatabase;
let s: Awaited<ReturnType<typeof seedDataSet>>;
beforeAll(async () => {
  t = await openTestDatabase();
  s = await seedDataSet(t.db);
});
afterAll(async () => t?.close());

const TILES = { url: 'http://127.0.0.1:8089/tiles/{z}/{x}/{y}.png', attribution: null };
const app = () => {
  const built = buildApp(t.db, {
    config: {
      pushAllowInsecureEndpoints: true,
      vapidSubject: 'mailto:test@example.org',
      mapTiles: TILES,
    },
  });
  return built;
};

const unescape = (v: string) =>
  v
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The map data of the element with this id, as the browser's JSON.parse reads it (or null). */
function mapOf(html: string, id: string): MapData | null {
  const tag = html.match(new RegExp(`<div[^>]*\\bid="${id}"[^>]*>`))?.[0];
  if (!tag) return null;
  const attr = tag.match(/\sdata-map="([^"]*)"/);
  expect(attr, `${id} has no data-map`).toBeTruthy();
  return JSON.parse(unescape(attr![1]));
}

const labels = (m: MapData | null) => (m?.markers ?? []).map((x) => x.label).sort();

/** A spot of its own for each case, far from the others (and from the data set's Lyon). */
let spot = 0;
async function neighbourhood(shopName = 'Boulangerie du coin') {
  spot++;
  const lat = 47 + spot * 0.5;
  const town = 'Bourges'; // not Lyon, the data set's territory
  const shop = await createOrgWithUser(t.db, 'shop', { name: shopName, town, lat, lng: 2 });
  const near = await createOrgWithUser(t.db, 'association', {
    name: `Antenne proche ${spot}`,
    town,
    lat: lat + 0.01,
    lng: 2,
    radius_km: 5,
  });
  // about 33 km away: out of its 5 km radius
  const far = await createOrgWithUser(t.db, 'association', {
    name: `Antenne lointaine ${spot}`,
    town,
    lat: lat + 0.3,
    lng: 2,
    radius_km: 5,
  });
  const d = await createDonation(t.db, {
    shopId: shop.org.id,
    quantity_kg: 7.5,
    created_at: '2026-11-27T08:00:00+01:00',
    pickup_from: '2026-11-27T09:00:00+01:00',
    pickup_until: '2026-11-27T18:00:00+01:00',
  });
  return { shop, near, far, d, lat };
}

describe('the feed as a map', () => {
  it('shows the association the donations it may take, and its own place; another association sees none of them', async () => {
    const { app: a } = app();
    const n = await neighbourhood();
    const near = await signedIn(a, n.near.user.email);
    // the list stays the default: no map, no Leaflet
    const list = await (await near.get('/feed')).text();
    expect(mapOf(list, 'feed-map')).toBeNull();
    expect(list).not.toContain('leaflet');
    expect(list).toContain('href="/feed?view=map"');

    const res = await near.get('/feed?view=map');
    expect(res.status).toBe(200);
    const html = await res.text();
    const map = mapOf(html, 'feed-map')!;
    expect(map.tiles).toBe(TILES.url);
    expect(map.markers).toEqual([
      {
        lat: n.lat,
        lng: 2,
        kind: 'donation',
        label: 'Boulangerie du coin · 7,5 kg',
        href: `/donations/${n.d.id}`,
      },
      {
        lat: n.lat + 0.01,
        lng: 2,
        kind: 'self',
        label: `${n.near.org.name} (vous)`,
        href: null,
      },
    ]);
    // the list is still there under the map, for those without JavaScript
    expect(html).toContain(`id="donation-${n.d.id}"`);
    expect(html).toContain('La carte a besoin de JavaScript');
    expect(html).toMatch(/<script src="\/static\/leaflet-1\.9\.4\.js" defer[^>]*><\/script>/);
    expect(html).toMatch(/<script src="\/static\/map\.js" defer[^>]*><\/script>/);

    const far = await signedIn(a, n.far.user.email);
    const farMap = mapOf(await (await far.get('/feed?view=map')).text(), 'feed-map');
    expect(labels(farMap)).toEqual([`${n.far.org.name} (vous)`]);
  });

  it('an association waiting for approval sees only its own place', async () => {
    const { app: a } = app();
    const n = await neighbourhood();
    const waiting = await createOrgWithUser(t.db, 'association', {
      name: 'Association en attente',
      lat: n.lat,
      lng: 2.001,
      approved: false,
    });
    const c = await signedIn(a, waiting.user.email);
    const map = mapOf(await (await c.get('/feed?view=map')).text(), 'feed-map');
    expect(labels(map)).toEqual(['Association en attente (vous)']);
  });

  it('a name typed with HTML and quotes stays text: escaped in the attribute, intact in the JSON', async () => {
    const { app: a } = app();
    const name = `Chez "Léa" <script>alert('x')</script> & fils`;
    const n = await neighbourhood(name);
    const c = await signedIn(a, n.near.user.email);
    const html = await (await c.get('/feed?view=map')).text();
    expect(html).not.toContain("<script>alert('x')");
    const map = mapOf(html, 'feed-map')!;
    expect(map.markers[0].label).toBe(`${name} · 7,5 kg`);
  });
});

describe('the shop’s place on the donation page', () => {
  it('is on the page of whoever may see the donation, and nowhere for an association it does not fit', async () => {
    const { app: a } = app();
    const n = await neighbourhood('Primeur de la place');
    for (const email of [n.near.user.email, n.shop.user.email]) {
      const c = await signedIn(a, email);
      const res = await c.get(`/donations/${n.d.id}`);
      expect(res.status).toBe(200);
      const map = mapOf(await res.text(), 'shop-map')!;
      expect(map.markers).toEqual([
        { lat: n.lat, lng: 2, kind: 'shop', label: 'Primeur de la place', href: null },
      ]);
    }
    const far = await signedIn(a, n.far.user.email);
    const res = await far.get(`/donations/${n.d.id}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(mapOf(await res.text(), 'shop-map')).toBeNull();
  });
});

describe('the territory’s map', () => {
  it('names only the shops and associations of its area, with their kg', async () => {
    const { app: a, clock } = app();
    clock.set('2026-12-05T12:00:00+01:00');
    const c = await signedIn(a, s.T.user.email);
    const res = await c.get('/dashboard?period=month&month=2026-11');
    expect(res.status).toBe(200);
    const html = await res.text();
    // the figures name Villeurbanne's shop B and association Y (the other side of its donations)...
    expect(html).toContain('Primeur B');
    // ...its map keeps to Lyon: shop A and association X
    const map = mapOf(html, 'stats-map')!;
    expect(map.markers.map((m) => [m.kind, m.label])).toEqual([
      ['shop', 'Boulangerie A · 13 kg'],
      ['association', 'Épicerie X · 15 kg'],
    ]);
    // no SVG dots any more: the map replaced them
    expect(html).not.toContain('class="chart map"');
  });

  it('a shop’s dashboard maps itself and the associations that took its food, not other shops', async () => {
    const { app: a, clock } = app();
    clock.set('2026-12-05T12:00:00+01:00');
    const c = await signedIn(a, s.B.user.email);
    const map = mapOf(
      await (await c.get('/dashboard?period=month&month=2026-11')).text(),
      'stats-map',
    )!;
    const shops = map.markers.filter((m) => m.kind === 'shop').map((m) => m.label);
    expect(shops).toEqual(['Primeur B · 10 kg']);
  });
});

/** The directives of a Content-Security-Policy header, by name. */
const directives = (header: string | null) =>
  Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('Content-Security-Policy and the tiles', () => {
  it('allows images from the configured tile server’s origin, and no other', async () => {
    const { app: a } = app();
    const n = await neighbourhood();
    const c = await signedIn(a, n.near.user.email);
    for (const path of ['/feed?view=map', '/signin', `/donations/${n.d.id}`]) {
      const d = directives((await c.get(path)).headers.get('content-security-policy'));
      expect(d['img-src'], path).toEqual(["'self'", 'data:', 'http://127.0.0.1:8089']);
      expect(d['connect-src'], path).toEqual(["'self'"]);
      expect(d['script-src'], path).toEqual(["'self'"]);
    }
  });

  it('is OpenStreetMap’s origin by default, with its attribution and link in the map data', async () => {
    const { app: a } = buildApp(t.db);
    const n = await neighbourhood();
    const c = await signedIn(a, n.near.user.email);
    const res = await c.get('/feed?view=map');
    const d = directives(res.headers.get('content-security-policy'));
    expect(d['img-src']).toEqual(["'self'", 'data:', 'https://tile.openstreetmap.org']);
    const map = mapOf(await res.text(), 'feed-map')!;
    expect(map.tiles).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(map.attribution).toEqual({
      text: '© les contributeurs d’OpenStreetMap',
      href: 'https://www.openstreetmap.org/copyright',
    });
  });
});
