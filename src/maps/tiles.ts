// Where the map's background comes from: a tile server (MAP_TILES_URL), asked by the browser.
// The Content-Security-Policy lets images come from its origin and no other (src/http/security-headers.ts).

/** OpenStreetMap's standard tiles; their usage policy asks for the attribution below. */
export const DEFAULT_MAP_TILES_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const OSM_COPYRIGHT_URL = 'https://www.openstreetmap.org/copyright';

/** What a page needs to draw its map's background. */
export interface MapTiles {
  /** a URL template with {z}, {x} and {y} */
  url: string;
  /** MAP_TILES_ATTRIBUTION, shown as plain text; null: OpenStreetMap's, with its link */
  attribution: string | null;
}

export const defaultMapTiles: MapTiles = { url: DEFAULT_MAP_TILES_URL, attribution: null };

export class MapTilesUrlError extends Error {}

/**
 * Checks a tile URL template: http(s), one host (no {s} subdomains: the policy would have to allow
 * a wildcard), and {z}, {x}, {y}. Returns its origin (scheme, host, port).
 */
export function tilesOrigin(template: string): string {
  let url: URL;
  try {
    url = new URL(template);
  } catch {
    throw new MapTilesUrlError(`MAP_TILES_URL is not a URL with a single host: ${template}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new MapTilesUrlError(`MAP_TILES_URL must start with https:// or http://: ${template}`);
  if (/[{}]/.test(url.host) || /%7B|%7D/i.test(url.host))
    throw new MapTilesUrlError(`MAP_TILES_URL must name one host, without {s}: ${template}`);
  for (const part of ['{z}', '{x}', '{y}'])
    if (!template.includes(part))
      throw new MapTilesUrlError(`MAP_TILES_URL must contain ${part}: ${template}`);
  return url.origin;
}

/** The tiles an app was configured with (AppDeps.config.mapTiles), OpenStreetMap's by default. */
export const tilesOf = (config: { mapTiles?: MapTiles }) => config.mapTiles ?? defaultMapTiles;
