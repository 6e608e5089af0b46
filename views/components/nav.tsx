import { safeNextPath } from '../../src/shared/next-path.js';
import { tr, type ViewCtx } from '../context.js';
import { Csrf } from './fields.js';

type Link = [href: string, key: string];

/**
 * The role's main places (3 or 4, on one line of a phone) and the rest behind "Plus": a
 * <details>, so it opens without JavaScript and from the keyboard (its summary is a button).
 */
export function navLinks(ctx: ViewCtx): { main: Link[]; more: Link[] } {
  const a = ctx.actor;
  if (!a)
    return {
      main: [
        ['/signin', 'nav.signin'],
        ['/signup', 'nav.signup'],
      ],
      more: [],
    };
  const kind = a.org?.kind;
  const all: Link[] = [['/', 'nav.home']];
  if (kind === 'shop') all.push(['/donations', 'nav.donations']);
  if (kind === 'association') all.push(['/feed', 'nav.feed']);
  // a producer organisation's main place; an association's drivers come for pickups, so for
  // them it is behind "Plus", named so that it cannot be read as their pickups
  if (kind === 'producer_org') all.push(['/withdrawals', 'nav.withdrawals']);
  if (a.user.is_admin) all.push(['/admin/organisations', 'nav.admin']);
  // an association's third place is a short word, so that "Plus" stays on the same line
  if (kind === 'association') all.push(['/quality', 'nav.quality']);
  if (kind || a.user.is_admin) all.push(['/dashboard', 'nav.dashboard']);
  if (kind === 'shop' || kind === 'territory' || a.user.is_admin)
    all.push(['/quality', 'nav.quality']);
  if (kind === 'territory')
    all.push(['/territory/coverage', 'nav.coverage'], ['/territory/news', 'nav.territory_news']);
  if (kind === 'shop' || kind === 'association') all.push(['/receipts', 'nav.receipts']);
  if ((kind === 'shop' || kind === 'association') && a.org?.role === 'manager')
    all.push(['/conventions', 'nav.conventions']);
  if (kind === 'association') all.push(['/notifications', 'nav.notifications']);
  if (kind === 'association') all.push(['/arrangements', 'nav.arrangements']);
  if (kind === 'association') all.push(['/withdrawals', 'nav.market_withdrawals']);
  if (kind === 'association') all.push(['/rounds', 'nav.rounds'], ['/hubs', 'nav.hubs']);
  if (a.org) all.push([`/organisations/${a.org.organisationId}`, 'nav.profile']);
  if (a.org?.role === 'manager')
    all.push([`/organisations/${a.org.organisationId}/members`, 'nav.members']);
  all.push(['/account', 'nav.account']);
  // three places fit on one line of a 390 px screen beside "Plus", whatever the language
  return { main: all.slice(0, 3), more: all.slice(3) };
}

function Item({ ctx, link: [href, key] }: { ctx: ViewCtx; link: Link }) {
  return (
    <li>
      <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
        {tr(ctx, key)}
      </a>
    </li>
  );
}

export function Nav({ ctx }: { ctx: ViewCtx }) {
  const { main, more } = navLinks(ctx);
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const langSwitch = (
    <li>
      <a
        // the request's path may be '//evil.example': never a link off the site
        href={`${safeNextPath(ctx.path)}?lang=${other}`}
        lang={other}
      >
        {tr(ctx, 'lang.switch')}
      </a>
    </li>
  );
  const current = more.some(([href]) => href === ctx.path);
  return (
    <nav aria-label={tr(ctx, 'nav.menu')}>
      <ul class="nav-main">
        {main.map((link) => (
          <Item ctx={ctx} link={link} />
        ))}
        {!ctx.actor && langSwitch}
        {ctx.actor && (
          <li>
            <details class="nav-more">
              <summary class={current ? 'current' : undefined}>{tr(ctx, 'nav.more')}</summary>
              <ul>
                {more.map((link) => (
                  <Item ctx={ctx} link={link} />
                ))}
                {langSwitch}
                <li>
                  <form method="post" action="/signout" class="inline">
                    <Csrf ctx={ctx} />
                    <button type="submit" class="link">
                      {tr(ctx, 'nav.signout')}
                    </button>
                  </form>
                </li>
              </ul>
            </details>
          </li>
        )}
      </ul>
    </nav>
  );
}
