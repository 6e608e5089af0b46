import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { defaultMapTiles, tilesOrigin, type MapTiles } from '../maps/tiles.js';

const self = ["'self'"];

/**
 * Hono's secure headers with a strict Content-Security-Policy: pages load scripts, styles and
 * images from this site only, and have no inline script, event handler, `<style>` or `style=`
 * attribute (test/security/headers.test.ts renders the main pages to keep it so). htmx is told
 * not to add its indicator stylesheet (views/layout.tsx); the site's stylesheet has those rules.
 * No 'unsafe-eval': htmx only evaluates hx-on attributes, `js:` values and trigger filters, which
 * the views do not use. Images may also come from the map's tile server, its origin alone
 * (MAP_TILES_URL); `tiles` is read at each request, as Workers learn their config at the first one.
 */
export function securityHeaders(
  tiles: () => MapTiles | undefined = () => undefined,
): MiddlewareHandler {
  let known: { url: string; origin: string } | null = null;
  const tileOrigin = () => {
    const url = (tiles() ?? defaultMapTiles).url;
    if (known?.url !== url) known = { url, origin: tilesOrigin(url) };
    return known.origin;
  };
  const options = {
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'same-origin',
    contentSecurityPolicy: {
      defaultSrc: self,
      scriptSrc: self,
      styleSrc: self,
      imgSrc: [...self, 'data:', tileOrigin],
      connectSrc: self,
      frameAncestors: ["'none'"],
      formAction: self,
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  } satisfies Parameters<typeof secureHeaders>[0];
  const pages = secureHeaders(options);
  // a donation's photo is shown in e-mails too, which webmail pages load from their own origin
  const photos = secureHeaders({ ...options, crossOriginResourcePolicy: 'cross-origin' });
  return (c, next) => (c.req.path.startsWith('/photos/') ? photos(c, next) : pages(c, next));
}
