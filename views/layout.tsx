import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { assets } from '../src/assets.js';
import { THEME_COLOR } from '../src/pwa/manifest.js';
import { tr, type ViewCtx } from './context.js';
import { Nav } from './components/nav.js';

export function Layout({
  ctx,
  title,
  children,
  sse,
  map,
  nav = true,
}: {
  ctx: ViewCtx;
  title: string;
  children: Child;
  sse?: boolean;
  /** the page has a map (views/maps/map.tsx): Leaflet and /static/map.js */
  map?: boolean;
  /**
   * false: the header is the name alone (the offline page, cached once and shown to anyone,
   * signed in or not: a menu there would be someone's, or offer to sign in to a signed-in user)
   */
  nav?: boolean;
}) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={ctx.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          <title>{`${title} · ${tr(ctx, 'app.name')}`}</title>
          {map && <link rel="stylesheet" href={assets.leafletCss} />}
          <link rel="stylesheet" href={assets.css} />
          <link rel="manifest" href="/manifest.webmanifest" />
          <meta name="theme-color" content={THEME_COLOR} />
          {/* no <link rel="icon">: browsers ask /favicon.ico themselves; the manifest names the rest */}
          <link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png" />
          {/* the indicator rules are in the stylesheet: the Content-Security-Policy allows no other */}
          <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
          <script src={assets.htmx} defer></script>
          <script src="/static/pwa.js" defer></script>
          {sse && <script src={assets.htmxSse} defer></script>}
          {map && <script src={assets.leaflet} defer></script>}
          {map && <script src="/static/map.js" defer></script>}
        </head>
        <body hx-headers={JSON.stringify({ 'x-csrf-token': ctx.csrf })}>
          <a class="skip" href="#main">
            {ctx.lang === 'fr' ? 'Aller au contenu' : 'Skip to content'}
          </a>
          <header>
            <a href="/" class="brand">
              {tr(ctx, 'app.name')}
            </a>
            {nav && <Nav ctx={ctx} />}
          </header>
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}
