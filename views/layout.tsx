import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { assets } from '../src/assets.js';
import { THEME_COLOR } from '../src/pwa/manifest.js';
import { safeNextPath } from '../src/shared/next-path.js';
import { tr, type ViewCtx } from './context.js';
import { Csrf } from './components/fields.js';

function Nav({ ctx }: { ctx: ViewCtx }) {
  const a = ctx.actor;
  const links: [string, string][] = [];
  if (a) {
    links.push(['/', 'nav.home']);
    const kind = a.org?.kind;
    if (kind === 'shop') links.push(['/donations', 'nav.donations']);
    if (kind === 'association') links.push(['/feed', 'nav.feed']);
    if (kind === 'producer_org' || kind === 'association')
      links.push(['/withdrawals', 'nav.withdrawals']);
    if (kind || a.user.is_admin) links.push(['/dashboard', 'nav.dashboard']);
    if (kind === 'shop' || kind === 'association' || kind === 'territory' || a.user.is_admin)
      links.push(['/quality', 'nav.quality']);
    if (kind === 'shop' || kind === 'association') links.push(['/receipts', 'nav.receipts']);
    if (kind === 'association') links.push(['/notifications', 'nav.notifications']);
    if (a.org) links.push([`/organisations/${a.org.organisationId}`, 'nav.profile']);
    if (a.org?.role === 'manager')
      links.push([`/organisations/${a.org.organisationId}/members`, 'nav.members']);
    if (a.user.is_admin) links.push(['/admin/organisations', 'nav.admin']);
    links.push(['/account', 'nav.account']);
  } else {
    links.push(['/signin', 'nav.signin'], ['/signup', 'nav.signup']);
  }
  return (
    <nav aria-label={tr(ctx, 'nav.menu')}>
      <ul>
        {links.map(([href, key]) => (
          <li>
            <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
              {tr(ctx, key)}
            </a>
          </li>
        ))}
        <li>
          <a
            // the request's path may be '//evil.example': never a link off the site
            href={`${safeNextPath(ctx.path)}?lang=${ctx.lang === 'fr' ? 'en' : 'fr'}`}
            lang={ctx.lang === 'fr' ? 'en' : 'fr'}
          >
            {tr(ctx, 'lang.switch')}
          </a>
        </li>
        {a && (
          <li>
            <form method="post" action="/signout" class="inline">
              <Csrf ctx={ctx} />
              <button type="submit" class="link">
                {tr(ctx, 'nav.signout')}
              </button>
            </form>
          </li>
        )}
      </ul>
    </nav>
  );
}

export function Layout({
  ctx,
  title,
  children,
  sse,
  map,
}: {
  ctx: ViewCtx;
  title: string;
  children: Child;
  sse?: boolean;
  /** the page has a map (views/maps/map.tsx): Leaflet and /static/map.js */
  map?: boolean;
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
          <link rel="icon" href="/favicon.ico" sizes="32x32" />
          <link rel="icon" href="/static/icons/icon.svg" type="image/svg+xml" />
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
            <Nav ctx={ctx} />
          </header>
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}
