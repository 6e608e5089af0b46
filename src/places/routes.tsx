import { Hono, type Context } from 'hono';
import { AddressChoices, type AddressState } from '../../views/components/address-field.js';
import type { AnyEnv, AppEnv } from '../http/env.js';
import { clientIp } from '../http/middleware.js';
import { viewCtx } from '../http/render.js';
import { TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import { lastOf } from '../shared/form.js';
import {
  placeHere,
  suggestPlaces,
  type AddressInput,
  type Placing,
  type Suggestion,
} from './choose.js';
import { GeocoderUnavailableError } from './geocoder.js';
import { LookupThrottle } from './lookup-throttle.js';
import { suggestionKey } from './suggestion.js';

/** The address service and the signing key of suggestions, for a request. */
export async function placingOf<E extends AnyEnv>(c: Context<E>): Promise<Placing> {
  const { db, config, geocoder } = c.get('deps');
  return { geocoder, key: await suggestionKey(db, config) };
}

/** The address part of a sign-up, profile or admin form, as sent. */
export function addressFromForm(form: Record<string, string | string[]>): AddressInput {
  const one = (k: string) => lastOf(form, k);
  return {
    address: one('address') ?? '',
    place: one('place') ?? '',
    lat: one('lat'),
    lng: one('lng'),
    postcode: one('postcode')?.trim() || null,
    town: one('town')?.trim() || null,
    byHand: one('byHand') === '1',
  };
}

/**
 * The fragments htmx swaps into the address field (views/components/address-field.tsx): the
 * addresses matching what is typed, and the one at the browser's position (checked). Public
 * (someone signing up has no account), counted by the same `throttle` as GET /api/v1/places.
 * A message for the field is a fragment too (200): the form stays as it is around it.
 */
export function placeRoutes(throttle: LookupThrottle) {
  const routes = new Hono<AppEnv>();
  async function answer(
    c: Context<AppEnv>,
    ask: (placing: Placing) => Promise<{ suggestions: Suggestion[]; place?: string }>,
    kept: Record<string, string> = {},
  ) {
    const ctx = viewCtx(c);
    const lookup = !!c.get('deps').geocoder;
    c.header('Cache-Control', 'no-store');
    let errors: Record<string, string> | undefined;
    let state: AddressState = {};
    let values: Record<string, string | undefined> = kept;
    try {
      throttle.count(clientIp(c), c.get('deps').now().getTime());
      const { suggestions, place } = await ask(await placingOf(c));
      state = { suggestions };
      values = { ...kept, place };
    } catch (e) {
      if (e instanceof TooManyAttemptsError) {
        c.status(429);
        c.header('Retry-After', String(e.retryAfterSeconds ?? 60));
        errors = { address: 'err.places_throttled_wait' };
      } else if (e instanceof GeocoderUnavailableError) {
        errors = { address: e.message };
        state = { unavailable: true };
      } else if (e instanceof ValidationError) errors = e.fields;
      else throw e;
    }
    return c.html(
      <AddressChoices ctx={ctx} lookup={lookup} state={state} values={values} errors={errors} />,
    );
  }
  routes.get('/places/choices', (c) => {
    // the fields swapped with the suggestions (the one picked, coordinates typed) come back as sent
    const kept: Record<string, string> = {};
    for (const k of ['place', 'byHand', 'postcode', 'town', 'lat', 'lng']) {
      const v = c.req.query(k);
      if (v !== undefined) kept[k] = v.slice(0, k === 'place' ? 2000 : 200);
    }
    return answer(
      c,
      async (placing) => ({
        suggestions: await suggestPlaces(placing, (c.req.query('address') ?? '').slice(0, 1000)),
        place: kept.place,
      }),
      kept,
    );
  });
  routes.get('/places/here', (c) =>
    answer(c, async (placing) => {
      const here = await placeHere(placing, Number(c.req.query('lat')), Number(c.req.query('lng')));
      return { suggestions: [here], place: here.token };
    }),
  );
  return routes;
}
