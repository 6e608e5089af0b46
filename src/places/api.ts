import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
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

/** Each app its own counters (tests build many apps in one process); the one app of a process shares them. */
const throttles = new WeakMap<AppDeps, LookupThrottle>();
export function lookupThrottle(deps: AppDeps) {
  let throttle = throttles.get(deps);
  if (!throttle) throttles.set(deps, (throttle = new LookupThrottle()));
  return throttle;
}

/** Mounted before the API's sign-in check: someone signing up has no account yet. */
export const placesApi = new Hono<AppEnv>();

placesApi.get('/places', async (c) => {
  const q = c.req.query('q');
  if (q === undefined) throw new ValidationError({ q: 'err.required' });
  const query = addressQuery(q);
  const deps = c.get('deps');
  c.header('Cache-Control', 'no-store');
  // too short to name anything, or no address service configured: nothing to suggest
  if (query.length < MIN_QUERY_LENGTH || !deps.geocoder) return c.json({ items: [] });
  lookupThrottle(deps).count(clientIp(c), deps.now().getTime());
  const places = await deps.geocoder.search(query);
  return c.json({ items: places.map(placeToApi) });
});
