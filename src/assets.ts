// Fingerprinted static files (name carries the version or a content hash), so they are cached
// for a year. `npm run fingerprint` rewrites the css entry; a test checks the hashes.
export const assets = {
  htmx: '/static/htmx-4.0.1.min.js',
  htmxSse: '/static/hx-sse-4.0.1.min.js',
  css: '/static/app-78ee79a936.css',
} as const;
