import { UnavailableError, ValidationError } from '../shared/errors.js';
import { hasControlChar } from '../shared/input.js';
import { AnswerCache } from './answer-cache.js';
import { RequestLimit } from './request-limit.js';

/** The Géoplateforme's address service (Base Adresse Nationale); GEOCODER_URL may point elsewhere. */
export const DEFAULT_GEOCODER_URL = 'https://data.geopf.fr/geocodage';

/** One address as the geocoder names it. */
export interface Place {
  label: string;
  /** The address without its postcode and town ("20 Place Bellecour"), when given. */
  name: string | null;
  lat: number;
  lng: number;
  /** The commune's INSEE code (5 characters: digits, or 2A/2B for Corsica), when given. */
  citycode: string | null;
  postcode: string | null;
  town: string | null;
  /** 0 to 1: how well the address matches the query (1 for a reverse lookup's nearest). */
  score: number;
  /** housenumber, street, locality or municipality */
  type: string | null;
}

/** The address service cannot be reached (network, timeout, 5xx, 429): not the same as "no such address". */
export class GeocoderUnavailableError extends UnavailableError {
  constructor() {
    super('geocoder_unavailable', 'err.geocoder_unavailable');
  }
}

export const INSEE_CODE = /^(\d{5}|2[AB]\d{3})$/;
/** The service refuses longer queries; fewer than 3 characters name nothing. */
export const MAX_QUERY_LENGTH = 200;
export const MIN_QUERY_LENGTH = 3;

export interface GeocoderOptions {
  url: string;
  /** Only tests replace it; the default is the runtime's fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The published limit is 50 requests/s per client address (see RequestLimit). */
  limit?: { requests: number; windowMs: number };
  cache?: { maxEntries: number; ttlMs: number };
}

/** A query the service may be asked, or a field message (too long, control characters). */
export function addressQuery(q: string, field = 'q') {
  const query = q.trim().replace(/\s+/g, ' ');
  if (hasControlChar(q)) throw new ValidationError({ [field]: 'err.invalid_char' });
  if (query.length > MAX_QUERY_LENGTH) throw new ValidationError({ [field]: 'err.too_long' });
  return query;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null);

/** A GeocodeJSON feature as a Place, or null when it does not read as one (skipped). */
function placeOf(feature: any): Place | null {
  const [lng, lat] = feature?.geometry?.coordinates ?? [];
  const p = feature?.properties ?? {};
  const label = text(p.label);
  if (!label || typeof lat !== 'number' || typeof lng !== 'number') return null;
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return null;
  const citycode = text(p.citycode);
  return {
    label,
    name: text(p.name),
    lat: Math.round(lat * 1e7) / 1e7,
    lng: Math.round(lng * 1e7) / 1e7,
    citycode: citycode && INSEE_CODE.test(citycode) ? citycode : null,
    postcode: text(p.postcode),
    town: text(p.city),
    score: typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : 0,
    type: text(p.type),
  };
}

/**
 * The server's client of the address service (never the browser's): a short timeout, answers kept
 * in a small cache, and never more requests than the service's limit from this process.
 */
export class Geocoder {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly limit: RequestLimit;
  private readonly cache: AnswerCache<Place[]>;
  private readonly base: string;

  constructor(options: GeocoderOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 3000;
    const limit = options.limit ?? { requests: 50, windowMs: 1000 };
    this.limit = new RequestLimit(limit.requests, limit.windowMs);
    const cache = options.cache ?? { maxEntries: 1000, ttlMs: 10 * 60_000 };
    this.cache = new AnswerCache(cache.maxEntries, cache.ttlMs);
  }

  /** Up to `limit` addresses matching `q`, best first ([] when the service knows none). */
  async search(q: string, opts: { limit?: number; autocomplete?: boolean } = {}) {
    const query = addressQuery(q);
    if (query.length < MIN_QUERY_LENGTH) return [];
    const params = new URLSearchParams({
      q: query,
      limit: String(Math.min(Math.max(opts.limit ?? 5, 1), 10)),
      autocomplete: opts.autocomplete === false ? '0' : '1',
      index: 'address',
    });
    return this.ask('search', params);
  }

  /** The address nearest to a point, or null when there is none there (the sea, abroad). */
  async reverse(lat: number, lng: number) {
    if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180))
      throw new ValidationError({ lat: 'err.lat', lng: 'err.lng' });
    const params = new URLSearchParams({
      lat: lat.toFixed(6),
      lon: lng.toFixed(6),
      limit: '1',
      index: 'address',
    });
    return (await this.ask('reverse', params))[0] ?? null;
  }

  private async ask(path: 'search' | 'reverse', params: URLSearchParams): Promise<Place[]> {
    const url = `${this.base}/${path}?${params}`;
    const cached = this.cache.get(url);
    if (cached) return cached;
    // waiting for a free slot counts against the same short delay as the answer itself
    const started = Date.now();
    const release = await this.limit.acquire(this.timeoutMs);
    if (!release) throw new GeocoderUnavailableError();
    const left = Math.max(1, this.timeoutMs - (Date.now() - started));
    let body: any;
    try {
      const res = await this.fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(left),
      });
      // 400: the service found the query unreadable (only punctuation...): it names nothing
      if (res.status === 400) {
        await res.body?.cancel();
        return [];
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new GeocoderUnavailableError();
      }
      body = await res.json();
    } catch {
      throw new GeocoderUnavailableError();
    } finally {
      release();
    }
    if (!Array.isArray(body?.features)) throw new GeocoderUnavailableError();
    const places = body.features.map(placeOf).filter((p: Place | null): p is Place => p !== null);
    this.cache.set(url, places);
    return places;
  }
}
