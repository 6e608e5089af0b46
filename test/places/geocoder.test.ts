import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Geocoder, GeocoderUnavailableError } from '../../src/places/geocoder.js';
import { ValidationError } from '../../src/shared/errors.js';
import { startGeocoderServer, type GeocoderServer } from './geocoder-server.js';

let server: GeocoderServer;
beforeAll(async () => {
  server = await startGeocoderServer({ slowMs: 2000 });
});
afterAll(async () => server?.close());

const geocoder = (over: Partial<ConstructorParameters<typeof Geocoder>[0]> = {}) =>
  new Geocoder({ url: server.url, timeoutMs: 500, ...over });

describe('the geocoder client, against a local server playing the Géoplateforme', () => {
  it('reads a search answer: [lon, lat] becomes lat and lng, with label, INSEE code, postcode, town', async () => {
    const places = await geocoder().search('45 avenue du general de gaulle soyaux');
    expect(places).toEqual([
      {
        label: '45 Avenue du Général de Gaulle 16800 Soyaux',
        name: '45 Avenue du Général de Gaulle',
        lat: 45.640587,
        lng: 0.198822,
        citycode: '16374',
        postcode: '16800',
        town: 'Soyaux',
        score: 0.9355,
        type: 'housenumber',
      },
    ]);
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/geocodage/search');
    expect(Object.fromEntries(sent.params)).toEqual({
      q: '45 avenue du general de gaulle soyaux',
      limit: '5',
      autocomplete: '1',
      index: 'address',
    });
    for (const [q, citycode] of [
      ['20 place Bellecour Lyon', '69382'],
      ["1 place de l'Hôtel de Ville Angoulême", '16015'],
      ['12 rue de la Libération La Couronne', '16113'],
    ])
      expect((await geocoder().search(q))[0].citycode, q).toBe(citycode);
  });

  it('reverse: the nearest address, or null where there is none', async () => {
    const g = geocoder();
    const here = await g.reverse(45.6106, 0.0998);
    expect(here).toMatchObject({ citycode: '16113', town: 'La Couronne', postcode: '16400' });
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/geocodage/reverse');
    expect(Object.fromEntries(sent.params)).toEqual({
      lat: '45.610600',
      lon: '0.099800',
      limit: '1',
      index: 'address',
    });
    expect(await g.reverse(46.5, -3.5)).toBeNull(); // the sea
    await expect(g.reverse(91, 0)).rejects.toBeInstanceOf(ValidationError);
  });

  it('an address it does not know is no result, not a failure', async () => {
    expect(await geocoder().search('12 rue qui nexiste pas')).toEqual([]);
  });

  it('the same question twice asks the server once (cache), until the answer is too old', async () => {
    let clock = 0;
    const g = geocoder({ cache: { maxEntries: 2, ttlMs: 1000 } });
    (g as any).cache.now = () => clock;
    const before = server.requests.length;
    await g.search('20 place Bellecour Lyon');
    await g.search('  20 place   Bellecour Lyon ');
    expect(server.requests.length - before).toBe(1);
    clock = 1001;
    await g.search('20 place Bellecour Lyon');
    expect(server.requests.length - before).toBe(2);
    // bounded: a third question pushes out the least recently read
    await g.search('8 rue Hrant Dink Lyon');
    await g.search('45 avenue du general de gaulle soyaux');
    await g.search('20 place Bellecour Lyon');
    expect(server.requests.length - before).toBe(5);
    expect((g as any).cache.size).toBe(2);
  });

  it('a burst of 120 different questions: never more than 50 reach the server in any second', async () => {
    const g = geocoder({ timeoutMs: 3000 });
    const before = server.requests.length;
    const start = server.requests.length;
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, i) => g.search(`${i + 1} rue de la rafale`)),
    );
    expect(answers.every((a) => Array.isArray(a) && a.length === 0)).toBe(true);
    expect(server.requests.length - before).toBe(120);
    const burst = server.requests.slice(start).map((r) => r.at);
    const most = Math.max(...burst.map((t) => burst.filter((u) => u >= t && u - t < 1000).length));
    expect(most).toBeLessThanOrEqual(50);
    expect(most).toBeGreaterThan(0);
  });

  it('a burst the limit cannot serve within the timeout is refused when the timeout is over, unsent', async () => {
    const g = geocoder({ timeoutMs: 200, limit: { requests: 3, windowMs: 1000 } });
    const before = server.requests.length;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => g.search(`${i + 1} rue du refus`)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(GeocoderUnavailableError);
    expect(server.requests.length - before).toBe(3);
  });

  it.each([
    ['a 429', '3 rue trop-de-requetes'],
    ['a 500', '3 rue en panne'],
    ['an answer slower than the timeout', '3 rue du lent'],
    ['a body that is not GeoCodeJSON', '3 rue casse'],
  ])('%s: the service is unavailable (not "no result"), and that is not kept', async (_, q) => {
    const g = geocoder();
    const before = server.requests.length;
    await expect(g.search(q)).rejects.toBeInstanceOf(GeocoderUnavailableError);
    await expect(g.search(q)).rejects.toMatchObject({ code: 'geocoder_unavailable' });
    expect(server.requests.length - before).toBe(2);
  });

  it('a server nobody answers at is unavailable too', async () => {
    const g = new Geocoder({ url: 'http://127.0.0.1:9/geocodage', timeoutMs: 500 });
    await expect(g.search('20 place Bellecour')).rejects.toBeInstanceOf(GeocoderUnavailableError);
  });

  it('bounded questions: too long or with control characters refused unsent, too short answers nothing', async () => {
    const g = geocoder();
    const before = server.requests.length;
    await expect(g.search('a'.repeat(201))).rejects.toMatchObject({
      fields: { q: 'err.too_long' },
    });
    await expect(g.search('rue\u0000de lyon')).rejects.toMatchObject({
      fields: { q: 'err.invalid_char' },
    });
    expect(await g.search('ab')).toEqual([]);
    expect(await g.search('   ')).toEqual([]);
    expect(server.requests.length).toBe(before);
    expect(await g.search('a'.repeat(200))).toEqual([]); // the longest asked
  });
});
