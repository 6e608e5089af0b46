// Links that open a round in the phone's maps app. Google Maps' directions URL (api=1) opens the
// app on Android and iOS with the stops as waypoints (up to 9 besides the destination: a round's
// 7 fit); geo: URIs open whichever maps app the phone has (OsmAnd, Organic Maps...), one stop each.
import type { Place } from './route-order.js';

const at = (p: Place) => `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`;

/** Driving directions from `start` through every stop but the last, to the last. */
export function googleMapsRoute(start: Place, stops: Place[]) {
  if (!stops.length) return null;
  const last = stops[stops.length - 1];
  const params = new URLSearchParams({ api: '1', origin: at(start), destination: at(last) });
  const via = stops.slice(0, -1).map(at).join('|');
  if (via) params.set('waypoints', via);
  params.set('travelmode', 'driving');
  return `https://www.google.com/maps/dir/?${params.toString()}`;
}

/** One stop in any maps app (RFC 5870), with its name as the label. */
export const geoUri = (p: Place, label: string) =>
  `geo:${at(p)}?q=${at(p)}(${encodeURIComponent(label)})`;

/** One stop on openstreetmap.org, for a phone without a maps app. */
export const osmUrl = (p: Place) =>
  `https://www.openstreetmap.org/?mlat=${p.lat.toFixed(6)}&mlon=${p.lng.toFixed(6)}#map=17/${p.lat.toFixed(6)}/${p.lng.toFixed(6)}`;
