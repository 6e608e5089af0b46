// Fingerprinted static files (name carries the version or a content hash), so they are cached
// for a year. `npm run fingerprint` rewrites the css entry; a test checks the hashes.
export const assets = {
  htmx: '/static/htmx-4.0.1.min.js',
  htmxSse: '/static/hx-sse-4.0.1.min.js',
  // Leaflet's dist files as npm ships them (a test compares them); its images are static/images/
  leaflet: '/static/leaflet-1.9.4.js',
  leafletCss: '/static/leaflet-1.9.4.css',
  css: '/static/app-bd2dea9192.css',
} as const;

/** Fingerprinted names (a version or a content hash before the extension) never change content. */
export function isFingerprinted(path: string) {
  return /-[0-9a-f.]{5,}(\.min)?\.(js|css)$/.test(path);
}

/** The one service worker (static/sw.js): offline page, shell cache and push; its scope is `/`. */
export const SERVICE_WORKER = '/static/sw.js';
