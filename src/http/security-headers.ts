import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const self = ["'self'"];

/**
 * Hono's secure headers with a strict Content-Security-Policy: pages load scripts, styles and
 * images from this site only, and have no inline script, event handler, `<style>` or `style=`
 * attribute (test/security/headers.test.ts renders the main pages to keep it so). htmx is told
 * not to add its indicator stylesheet (views/layout.tsx); the site's stylesheet has those rules.
 * No 'unsafe-eval': htmx only evaluates hx-on attributes, `js:` values and trigger filters, which
 * the views do not use.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'same-origin',
    contentSecurityPolicy: {
      defaultSrc: self,
      scriptSrc: self,
      styleSrc: self,
      imgSrc: [...self, 'data:'],
      connectSrc: self,
      frameAncestors: ["'none'"],
      formAction: self,
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  });
}
