import type { OrganisationUpdate } from '../db/schema.js';
import type { Geocoder } from '../places/geocoder.js';
import { locateAddress } from '../places/locate.js';
import { ValidationError } from '../shared/errors.js';

interface PlaceInput {
  address?: string | null;
  postcode?: string | null;
  town?: string | null;
  lat?: number;
  lng?: number;
  citycode?: string | null;
}

/**
 * Where an organisation is, as its columns: coordinates given are taken as they are (with the
 * INSEE code given beside them, if any; see `movedByHand` for what they make stale); an address
 * without coordinates is looked up, and the service's place is stored, its label, INSEE code,
 * postcode and town with it. Nothing to place: no columns. `creating`: a new organisation must
 * end up somewhere; without an address service (none configured) it needs its coordinates.
 */
export async function placeColumns(
  input: PlaceInput,
  geocoder: Geocoder | undefined,
  creating: boolean,
): Promise<OrganisationUpdate> {
  if (input.lat !== undefined || input.lng !== undefined) {
    const c: OrganisationUpdate = {};
    if (input.citycode !== undefined) c.citycode = input.citycode;
    if (input.lat !== undefined) c.lat = input.lat;
    if (input.lng !== undefined) c.lng = input.lng;
    return c;
  }
  if (input.address) {
    if (!geocoder) {
      if (creating) throw new ValidationError({ lat: 'err.required', lng: 'err.required' });
      return {};
    }
    const place = await locateAddress(geocoder, { ...input, address: input.address });
    return {
      lat: place.lat,
      lng: place.lng,
      address_label: place.label,
      citycode: place.citycode,
      postcode: place.postcode ?? input.postcode ?? null,
      town: place.town ?? input.town ?? null,
    };
  }
  if (creating) throw new ValidationError({ lat: 'err.required', lng: 'err.required' });
  return {};
}

/**
 * Coordinates given by hand that move the organisation: the service's label, and the INSEE code
 * unless one was given with them, no longer describe where it is. Coordinates sent again as they
 * were (a profile form saved) change nothing.
 */
export function movedByHand(
  set: OrganisationUpdate,
  current: { lat: number; lng: number },
): OrganisationUpdate {
  if (set.address_label !== undefined) return {}; // placed by the service
  const moved =
    (set.lat !== undefined && Number(set.lat) !== Number(current.lat)) ||
    (set.lng !== undefined && Number(set.lng) !== Number(current.lng));
  if (!moved) return {};
  return set.citycode !== undefined
    ? { address_label: null }
    : { address_label: null, citycode: null };
}
