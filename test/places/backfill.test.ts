import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillCitycodes } from '../../src/places/backfill.js';
import { Geocoder } from '../../src/places/geocoder.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrganisation } from '../helpers/factories.js';
import { startGeocoderServer, type GeocoderServer } from './geocoder-server.js';

let t: TestDatabase;
let server: GeocoderServer;
beforeAll(async () => {
  [t, server] = await Promise.all([openTestDatabase(), startGeocoderServer()]);
});
afterAll(async () => Promise.all([t?.close(), server?.close()]));

const row = (id: number) =>
  t.db
    .selectFrom('organisations')
    .select(['citycode', 'postcode', 'town', 'lat', 'lng'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The recorded addresses' points, a few metres off, as organisations placed by hand would be. */
async function placedByCoordinates() {
  return {
    bellecour: await createOrganisation(t.db, 'shop', {
      lat: 45.75785,
      lng: 4.83205,
      postcode: '69002',
      town: 'Lyon',
    }),
    couronne: await createOrganisation(t.db, 'association', {
      lat: 45.6107,
      lng: 0.0998,
      postcode: null,
      town: '',
    }),
    soyaux: await createOrganisation(t.db, 'producer_org', {
      lat: 45.6406,
      lng: 0.1989,
      postcode: null,
      town: null,
    }),
    sea: await createOrganisation(t.db, 'shop', { lat: 46.5, lng: -3.5 }),
    coded: await createOrganisation(t.db, 'shop', {
      lat: 45.6494,
      lng: 0.1561,
      citycode: '16015',
      postcode: '16000',
      town: 'Angoulême',
    }),
  };
}

describe('npm run places:backfill: INSEE codes for organisations placed by coordinates', () => {
  it('stops cleanly when the service stops answering, keeps what it filled, and goes on next time', async () => {
    await t.db.deleteFrom('organisations').execute();
    const o = await placedByCoordinates();
    // the service answers once, then is gone (the connection refused by a closed port)
    let calls = 0;
    const flaky = new Geocoder({
      url: server.url,
      timeoutMs: 3000,
      fetch: (input, init) =>
        ++calls > 1 ? fetch('http://127.0.0.1:1/', init) : fetch(input, init),
    });
    const first = await backfillCitycodes(t.db, flaky);
    expect(first).toEqual({ filled: 1, notFound: 0, left: 3, stopped: 'unavailable' });
    expect((await row(o.bellecour.id)).citycode).toBe('69382');
    expect((await row(o.couronne.id)).citycode).toBeNull();

    const asked = server.requests.length;
    const second = await backfillCitycodes(
      t.db,
      new Geocoder({ url: server.url, timeoutMs: 3000 }),
    );
    expect(second).toEqual({ filled: 2, notFound: 1, left: 1, stopped: 'done' });
    // only those without a code were asked for: La Couronne, Soyaux, the sea
    expect(server.requests.length - asked).toBe(3);
    expect(await row(o.couronne.id)).toMatchObject({
      citycode: '16113',
      postcode: '16400',
      town: 'La Couronne',
      lat: 45.6107,
      lng: 0.0998,
    });
    expect(await row(o.soyaux.id)).toMatchObject({
      citycode: '16374',
      postcode: '16800',
      town: 'Soyaux',
    });
    // the sea: nothing nearby, left without a code; the one already coded untouched
    expect(await row(o.sea.id)).toMatchObject({ citycode: null, postcode: '69001', town: 'Lyon' });
    expect(await row(o.coded.id)).toMatchObject({ citycode: '16015', town: 'Angoulême' });
  });

  it('keeps a postcode and a town the organisation had, and stays within the request limit', async () => {
    await t.db.deleteFrom('organisations').execute();
    const many = [];
    for (let i = 0; i < 6; i++)
      many.push(
        await createOrganisation(t.db, 'shop', {
          lat: 45.6106 + i * 0.0001,
          lng: 0.0998,
          postcode: '16401',
          town: 'La Couronne (bourg)',
        }),
      );
    const before = server.requests.length;
    // 2 requests per 300 ms at most, as RequestLimit holds the real 50 per second
    const slow = new Geocoder({
      url: server.url,
      timeoutMs: 2000,
      limit: { requests: 2, windowMs: 300 },
    });
    const r = await backfillCitycodes(t.db, slow, { batch: 4 });
    expect(r).toEqual({ filled: 6, notFound: 0, left: 0, stopped: 'done' });
    expect(server.requests.length - before).toBe(6);
    for (const o of many)
      expect(await row(o.id)).toMatchObject({
        citycode: '16113',
        postcode: '16401',
        town: 'La Couronne (bourg)',
      });
    const arrivals = server.requests.slice(before).map((q) => q.at);
    for (let i = 2; i < arrivals.length; i++)
      expect(arrivals[i] - arrivals[i - 2]).toBeGreaterThanOrEqual(300);
    // nothing left: a run again asks for nothing
    const again = await backfillCitycodes(t.db, slow);
    expect(again).toEqual({ filled: 0, notFound: 0, left: 0, stopped: 'done' });
    expect(server.requests.length - before).toBe(6);
  });
});
