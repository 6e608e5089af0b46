// A map drawn in the browser by /static/map.js (Leaflet) from the JSON in its data-map attribute:
// no inline script, and names (typed by users) travel as escaped attribute text, set as text
// by map.js, never as HTML. Without JavaScript the box says where the same facts are listed.
import { OSM_COPYRIGHT_URL, type MapTiles } from '../../src/maps/tiles.js';
import { tr, type ViewCtx } from '../context.js';

export type MarkerKind = 'donation' | 'self' | 'shop' | 'association';

export interface MapMarker {
  lat: number;
  lng: number;
  /** always shown beside the marker (no hover needed) */
  label: string;
  kind: MarkerKind;
  /** a page of this site the marker opens, or none */
  href: string | null;
}

export interface MapData {
  tiles: string;
  attribution: { text: string; href: string | null };
  markers: MapMarker[];
}

/** The marker's place, when it has one (organisations without coordinates keep 0, 0). */
export const placed = (m: MapMarker) =>
  Number.isFinite(m.lat) && Number.isFinite(m.lng) && !(m.lat === 0 && m.lng === 0);

export function mapData(ctx: ViewCtx, tiles: MapTiles, markers: MapMarker[]): MapData {
  return {
    tiles: tiles.url,
    attribution: tiles.attribution
      ? { text: tiles.attribution, href: null }
      : { text: tr(ctx, 'map.attribution'), href: OSM_COPYRIGHT_URL },
    markers: markers.filter(placed),
  };
}

export function MapView({
  ctx,
  id,
  tiles,
  markers,
  label,
  small,
  fallback,
}: {
  ctx: ViewCtx;
  id: string;
  tiles: MapTiles;
  markers: MapMarker[];
  /** what the map shows, for screen readers */
  label: string;
  small?: boolean;
  /** said where the map would be when it cannot be drawn (no JavaScript) */
  fallback?: string;
}) {
  return (
    <div
      id={id}
      class={small ? 'map map-small' : 'map'}
      role="region"
      aria-label={label}
      data-map={JSON.stringify(mapData(ctx, tiles, markers))}
    >
      <p class="map-fallback">{fallback ?? tr(ctx, 'map.no_js')}</p>
    </div>
  );
}
