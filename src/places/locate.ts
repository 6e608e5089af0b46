import { ValidationError } from '../shared/errors.js';
import { MAX_QUERY_LENGTH, type Geocoder, type Place } from './geocoder.js';

/**
 * Below this score the service is guessing (a street of the same name elsewhere, the town alone):
 * better to ask than to place a shop in the wrong town. Full addresses it knows score above 0.8.
 */
export const MIN_SCORE = 0.5;

/**
 * The place of an address as typed (with its postcode and town when given), or a field message
 * on `address` when the service knows no such address; GeocoderUnavailableError when it cannot
 * be reached.
 */
export async function locateAddress(
  geocoder: Geocoder,
  input: { address: string; postcode?: string | null; town?: string | null },
): Promise<Place> {
  const q = [input.address, input.postcode, input.town]
    .filter(Boolean)
    .join(' ')
    .slice(0, MAX_QUERY_LENGTH);
  const places = await geocoder.search(q, { autocomplete: false });
  const found = places.find((p) => p.score >= MIN_SCORE);
  if (!found) throw new ValidationError({ address: 'err.address_unknown' });
  return found;
}

/**
 * An INSEE commune code that can exist: a département (01 to 95 but 20, 2A and 2B for Corsica,
 * 971 to 976 overseas) and a commune number from 001. The full list of communes is not at hand
 * here: a code of the right form in a real département passes.
 */
export function isInseeCode(code: string) {
  if (/^2[AB]\d{3}$/.test(code)) return !code.endsWith('000');
  if (/^97[1-6]\d{2}$/.test(code)) return !code.endsWith('00');
  if (!/^\d{5}$/.test(code)) return false;
  const dep = Number(code.slice(0, 2));
  return dep >= 1 && dep <= 95 && dep !== 20 && !code.endsWith('000');
}
