import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { clientIp } from '../http/middleware.js';
import { ValidationError } from '../shared/errors.js';
import { addressQuery, MIN_QUERY_LENGTH, type Place } from './geocoder.js';
import { LookupThrottle } from './lookup-throttle.js';

/** A suggestion as the API gives it (API.md, "Places"). */
export const placeToApi = (p: Place) => ({
  label: p.label,
  lat: p.lat,
  lng: p.lng,
  citycode: p.citycode,
  postcode: p.postcode,
  town: p.town,
});

/**
 * Address suggestions, mounted before the API's sign-in check: someone signing up has no account
 * yet. `throttle` counts each client's lookups; each app builds its own (src/app.tsx).
 */
export function placesApi(throttle = new LookupThrottle()) {
  const api = new Hono<AppEnv>();
  api.get('/places', async (c) => {
    const q = c.req.query('q');
    if (q === undefined) throw new ValidationError({ q: 'err.required' });
    const query = addressQuery(q);
    const deps = c.get('deps');
    c.header('Cache-Control', 'no-store');
    // too short to name anything, or no address service configured: nothing to suggest
    if (query.length < MIN_QUERY_LENGTH || !deps.geocoder) return c.json({ items: [] });
    throttle.count(clientIp(c), deps.now().getTime());
    const places = await deps.geocoder.search(query);
    return c.json({ items: places.map(placeToApi) });
  });
  return api;
}
