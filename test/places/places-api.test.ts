import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Geocoder } from '../../src/places/geocoder.js';
import { LOOKUPS_PER_MINUTE } from '../../src/places/lookup-throttle.js';
import { ApiClient, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { expectApiError, strictApp, useNoServerErrors } from '../api/strict-app.js';
import { startGeocoderServer, type GeocoderServer } from './geocoder-server.js';

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

const appWith = (url = server.url) =>
  strictApp(t.db, {
    geocoder: new Geocoder({ url, timeoutMs: 500 }),
    config: {
      pushAllowInsecureEndpoints: true,
      vapidSubject: 'mailto:t@example.org',
      trustProxy: 1,
    },
  });
const lookUp = (app: ReturnType<typeof appWith>['app'], q: string, ip = '203.0.113.7') =>
  app.request(`http://localhost/api/v1/places?q=${encodeURIComponent(q)}`, {
    headers: { 'x-forwarded-for': ip },
  });

describe('GET /api/v1/places', () => {
  it('suggests addresses, without signing in: label, lat, lng, INSEE code, postcode, town', async () => {
    const { app } = appWith();
    const res = await new ApiClient(app).get(
      `/places?q=${encodeURIComponent('12 rue de la Libération La Couronne')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          label: '12 Rue de la Libération 16400 La Couronne',
          lat: 45.610634,
          lng: 0.099712,
          citycode: '16113',
          postcode: '16400',
          town: 'La Couronne',
        },
      ],
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('an address the service does not know: no suggestion; fewer than 3 characters: not even asked', async () => {
    const { app } = appWith();
    const api = new ApiClient(app);
    expect((await api.get('/places?q=7+impasse+inconnue')).body).toEqual({ items: [] });
    const before = server.requests.length;
    expect((await api.get('/places?q=ab')).body).toEqual({ items: [] });
    expect((await api.get('/places?q=')).body).toEqual({ items: [] });
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['a too long query', `?q=${'a'.repeat(201)}`, 'q'],
    ['control characters', '?q=rue%00de%1Blyon', 'q'],
    ['no query', '', 'q'],
  ])('422 with fields.q for %s, and the service is not asked', async (_, query, field) => {
    const { app } = appWith();
    const before = server.requests.length;
    const res = await new ApiClient(app).get(`/places${query}`);
    expect(res.status).toBe(422);
    expectApiError(res.body, 'invalid_input', [field]);
    expect(server.requests.length).toBe(before);
  });

  it('503 geocoder_unavailable when the service errs, is too slow, or cannot be reached', async () => {
    for (const [url, q] of [
      [server.url, '1 rue trop-de-requetes'],
      [server.url, '1 rue en panne'],
      [server.url, '1 rue du lent'],
      ['http://127.0.0.1:9/geocodage', '20 place Bellecour'],
    ]) {
      const { app } = buildApp(t.db, { geocoder: new Geocoder({ url, timeoutMs: 500 }) });
      const res = await new ApiClient(app).get(`/places?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(503);
      expectApiError(res.body, 'geocoder_unavailable');
      expect(res.body.error.message).toMatch(/address service/);
    }
  });

  it(`${LOOKUPS_PER_MINUTE} lookups a minute per client address, then 429 until the minute is over`, async () => {
    const { app, clock } = appWith();
    for (let i = 0; i < LOOKUPS_PER_MINUTE; i++)
      expect((await lookUp(app, '20 place Bellecour Lyon')).status).toBe(200);
    const refused = await lookUp(app, '20 place Bellecour Lyon');
    expect(refused.status).toBe(429);
    expectApiError(await refused.json(), 'too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // another address is counted apart; a too-short query asks nothing and is not counted
    expect((await lookUp(app, '20 place Bellecour Lyon', '198.51.100.2')).status).toBe(200);
    expect((await lookUp(app, 'ab')).status).toBe(200);
    clock.advance(60_000);
    expect((await lookUp(app, '20 place Bellecour Lyon')).status).toBe(200);
  });

  it('is described in the OpenAPI document, without sign-in', async () => {
    const { app } = appWith();
    const doc = (await new ApiClient(app).get('/openapi.json')).body;
    expect(doc.paths['/places'].get.security).toEqual([]);
    expect(Object.keys(doc.paths['/places'].get.responses)).toEqual(['200', '422', '429', '503']);
    expect(doc.components.schemas.Place.required).toEqual([
      'label',
      'lat',
      'lng',
      'citycode',
      'postcode',
      'town',
    ]);
  });
});
