import type { OrganisationUpdate } from '../db/schema.js';
import { ValidationError } from '../shared/errors.js';
import {
  addressQuery,
  GeocoderUnavailableError,
  MIN_QUERY_LENGTH,
  type Geocoder,
} from './geocoder.js';
import { MIN_SCORE } from './locate.js';
import { readSignedPlace, signPlace, type OfferedPlace } from './suggestion.js';

/** What choosing a place needs: the address service (absent: none configured) and the signing key. */
export interface Placing {
  geocoder?: Geocoder;
  key: Buffer;
}

/** One suggestion as a form offers it: its words, and the signed place to send back. */
export interface Suggestion {
  label: string;
  token: string;
}

/** The address part of a form, as sent. */
export interface AddressInput {
  /** the address as typed ('' for none) */
  address: string;
  /** the suggestion picked: a signed token ('' for none) */
  place: string;
  /** coordinates given by hand, the last resort (as sent: numbers, strings, or absent) */
  lat?: unknown;
  lng?: unknown;
  postcode: string | null;
  town: string | null;
  /** the coordinates fields were offered (the service did not answer): take them as they are */
  byHand: boolean;
}

/** The place chosen (its columns; none when nothing changes), or what the form must say. */
export type AddressOutcome =
  | {
      ok: true;
      columns: OrganisationUpdate;
      /** the suggestion picked, to show again checked if the rest of the form is sent back */
      suggestions: Suggestion[];
      unavailable: false;
    }
  | {
      ok: false;
      errors: Record<string, string>;
      suggestions: Suggestion[];
      /** the service cannot be reached (or none is configured): offer the coordinates fields */
      unavailable: boolean;
    };

/** The organisation's place before the form (null when creating one). */
export interface CurrentPlace {
  address: string | null;
  lat: number;
  lng: number;
}

const unchanged: AddressOutcome = { ok: true, columns: {}, suggestions: [], unavailable: false };

const refused = (
  errors: Record<string, string>,
  suggestions: Suggestion[] = [],
  unavailable = false,
): AddressOutcome => ({ ok: false, errors, suggestions, unavailable });

export const placeColumnsOf = (p: OfferedPlace): OrganisationUpdate => ({
  address: p.name ?? p.label,
  address_label: p.label,
  postcode: p.postcode,
  town: p.town,
  citycode: p.citycode,
  lat: p.lat,
  lng: p.lng,
});

/** Addresses matching what is typed, best first, each signed to be sent back ([] for too short). */
export async function suggestPlaces(placing: Placing, typed: string, autocomplete = true) {
  if (!placing.geocoder) throw new GeocoderUnavailableError();
  const q = addressQuery(typed, 'address');
  if (q.length < MIN_QUERY_LENGTH) return [];
  const places = await placing.geocoder.search(q, { autocomplete });
  return places
    .filter((p) => autocomplete || p.score >= MIN_SCORE)
    .map((p) => ({ label: p.label, token: signPlace(placing.key, p) }));
}

/**
 * Metropolitan France with Corsica, then the overseas départements and collectivities the
 * address service covers: a coarse first check, before the service says whether an address is there.
 */
const FRANCE: [number, number, number, number][] = [
  [41.3, 51.2, -5.3, 9.7],
  [15.8, 16.6, -61.9, -60.9], // Guadeloupe
  [14.3, 15, -61.3, -60.7], // Martinique
  [2.1, 5.8, -54.7, -51.5], // Guyane
  [-21.4, -20.8, 55.2, 55.9], // La Réunion
  [-13.1, -12.6, 44.9, 45.4], // Mayotte
  [46.7, 47.2, -56.5, -56.1], // Saint-Pierre-et-Miquelon
  [17.8, 18.2, -63.2, -62.7], // Saint-Martin, Saint-Barthélemy
];

/**
 * "Je suis sur place": the address the service finds at the browser's position, as a suggestion;
 * a field message for coordinates that are not a position, or where France has no address.
 */
export async function placeHere(placing: Placing, lat: number, lng: number): Promise<Suggestion> {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    throw new ValidationError({ address: 'err.here_range' });
  if (!FRANCE.some(([s, n, w, e]) => lat >= s && lat <= n && lng >= w && lng <= e))
    throw new ValidationError({ address: 'err.here_abroad' });
  if (!placing.geocoder) throw new GeocoderUnavailableError();
  const found = await placing.geocoder.reverse(lat, lng);
  if (!found) throw new ValidationError({ address: 'err.here_abroad' });
  return { label: found.label, token: signPlace(placing.key, found) };
}

const given = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

/** Coordinates typed in the last-resort fields: null when none were given (or none that move it). */
async function placedByHand(
  placing: Placing,
  input: AddressInput,
  current: CurrentPlace | null,
): Promise<AddressOutcome | null> {
  if (!given(input.lat) && !given(input.lng)) return null;
  const lat = Number(String(input.lat ?? '').replace(',', '.'));
  const lng = Number(String(input.lng ?? '').replace(',', '.'));
  // a profile sent back with its coordinates as they were: the address decides, or, when they
  // were offered by hand, the pin stays where it is with what the service said of it
  if (current && lat === Number(current.lat) && lng === Number(current.lng))
    return input.byHand ? unchanged : null;
  const errors: Record<string, string> = {};
  if (!given(input.lat)) errors.lat = 'err.required';
  else if (!Number.isFinite(lat)) errors.lat = 'err.number';
  else if (Math.abs(lat) > 90) errors.lat = 'err.lat';
  if (!given(input.lng)) errors.lng = 'err.required';
  else if (!Number.isFinite(lng)) errors.lng = 'err.number';
  else if (Math.abs(lng) > 180) errors.lng = 'err.lng';
  if (Object.keys(errors).length) return refused(errors, [], true);
  // the commune's code from the service when it answers now; the pin stays where it was put
  const near = await placing.geocoder?.reverse(lat, lng).catch(() => null);
  return {
    ok: true,
    suggestions: [],
    unavailable: false,
    columns: {
      lat: Math.round(lat * 1e7) / 1e7,
      lng: Math.round(lng * 1e7) / 1e7,
      address: input.address.trim() || null,
      postcode: input.postcode,
      town: input.town,
      address_label: null,
      citycode: near?.citycode ?? null,
    },
  };
}

/**
 * Where an organisation is, from its form: the suggestion picked (signed when offered: one not
 * offered is refused), else coordinates given by hand, else the address typed, looked up and
 * offered as a list to pick from (a form sent without JavaScript). An address unchanged since
 * `current` keeps its place; a new organisation must end up somewhere.
 */
export async function chooseAddress(
  placing: Placing,
  input: AddressInput,
  current: CurrentPlace | null,
): Promise<AddressOutcome> {
  if (input.place) {
    const offered = readSignedPlace(placing.key, input.place);
    if (offered)
      return {
        ok: true,
        columns: placeColumnsOf(offered),
        suggestions: [{ label: offered.label, token: input.place }],
        unavailable: false,
      };
    const again = await lookUp(placing, input.address);
    return refused({ address: 'err.place_not_offered' }, again.ok ? [] : again.suggestions);
  }
  const byHand = await placedByHand(placing, input, current);
  if (byHand) return byHand;
  const address = input.address.trim();
  if (current && address === (current.address ?? '').trim()) return unchanged;
  if (!address) {
    if (current) return unchanged; // the text goes, the place stays
    return placing.geocoder
      ? refused({ address: 'err.required' })
      : refused({ lat: 'err.required', lng: 'err.required' }, [], true);
  }
  // no address service: a new text for the same place, or coordinates to give by hand
  if (!placing.geocoder)
    return current ? unchanged : refused({ address: 'err.address_coordinates' }, [], true);
  return lookUp(placing, address);
}

/** The addresses the service knows for what was typed, to pick from; never "ok" by itself. */
async function lookUp(placing: Placing, address: string): Promise<AddressOutcome> {
  try {
    const suggestions = await suggestPlaces(placing, address, false);
    if (!suggestions.length) return refused({ address: 'err.address_unknown' });
    return refused({ address: 'err.place_choose' }, suggestions);
  } catch (e) {
    if (e instanceof GeocoderUnavailableError)
      return refused({ address: 'err.geocoder_unavailable' }, [], true);
    if (e instanceof ValidationError)
      return refused({ address: Object.values(e.fields)[0] ?? 'err.address_unknown' });
    throw e;
  }
}
