import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { vapidKeys, type VapidConfig } from '../notifications/vapid.js';
import { INSEE_CODE, type Place } from './geocoder.js';

/** What a form keeps of a suggestion the service gave: enough to store the place. */
export interface OfferedPlace {
  label: string;
  name: string | null;
  postcode: string | null;
  citycode: string | null;
  town: string | null;
  lat: number;
  lng: number;
}

/** Longer than any token we make (a label of 200 characters, escaped): refused unread. */
const MAX_TOKEN_LENGTH = 2000;
const PURPOSE = 'surplus-link/place-suggestion/v1';

const mac = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(`${PURPOSE}.${payload}`).digest();

/**
 * A suggestion as a form field value: the place and its signature, so that what comes back on
 * submit is a place the service named and this server offered, not one written by hand. No
 * expiry: a real address offered yesterday is as good today, and it says nothing about anyone.
 */
export function signPlace(key: Buffer, p: Place | OfferedPlace): string {
  const offered: OfferedPlace = {
    label: p.label,
    name: p.name,
    postcode: p.postcode,
    citycode: p.citycode,
    town: p.town,
    lat: p.lat,
    lng: p.lng,
  };
  const payload = Buffer.from(JSON.stringify(offered)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

const str = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
const strOrNull = (v: unknown, max: number) => v === null || str(v, max);

/** The place a token carries, or null when it was not signed here (forged, cut, altered). */
export function readSignedPlace(key: Buffer, token: string): OfferedPlace | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const [payload, sig, ...rest] = token.split('.');
  if (!payload || !sig || rest.length) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let p: any;
  try {
    p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  // signed by us, so well formed; checked all the same, as anything read back from a client
  const ok =
    str(p?.label, 200) &&
    strOrNull(p.name, 200) &&
    strOrNull(p.postcode, 200) &&
    strOrNull(p.town, 200) &&
    (p.citycode === null || (typeof p.citycode === 'string' && INSEE_CODE.test(p.citycode))) &&
    typeof p.lat === 'number' &&
    typeof p.lng === 'number' &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lng) <= 180;
  if (!ok) return null;
  const { label, name, postcode, citycode, town, lat, lng } = p;
  return { label, name, postcode, citycode, town, lat, lng };
}

/**
 * The key suggestions are signed with, derived from the VAPID private key: a secret every
 * instance of one database already shares (from the environment, or kept in the database), so a
 * suggestion offered by one instance is accepted by another. A derived key, never the key itself.
 */
export async function suggestionKey(db: Kysely<Database>, config: VapidConfig): Promise<Buffer> {
  const { privateKey } = await vapidKeys(db, config); // kept in memory by vapidKeys
  return createHmac('sha256', privateKey).update(PURPOSE).digest();
}
