import type { Child } from 'hono/jsx';
import { tr, type ViewCtx } from './context.js';
import { Layout } from './layout.js';

/** The home page of each role; feature sections are passed in by their routes. */
export function HomePage({
  ctx,
  children,
  sse,
}: {
  ctx: ViewCtx;
  children?: Child;
  /** a section listens to /events (the shop's latest donations) */
  sse?: boolean;
}) {
  const a = ctx.actor!;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'nav.home')} sse={sse}>
      <h1 id="welcome">{tr(ctx, 'home.welcome', { name: a.user.name })}</h1>
      {a.user.is_admin && (
        <section class="role-admin">
          <p>{tr(ctx, 'home.admin')}</p>
          <ul>
            <li>
              <a href="/admin/organisations">{tr(ctx, 'nav.admin')}</a>
            </li>
            <li>
              <a href="/admin/organisations?pending=1">{tr(ctx, 'admin.filter_pending')}</a>
            </li>
            <li>
              <a href="/admin/factors">{tr(ctx, 'nav.factors')}</a>
            </li>
            <li>
              <a href="/admin/withdrawal-rates">{tr(ctx, 'nav.withdrawal_rates')}</a>
            </li>
            <li>
              <a href="/withdrawals">{tr(ctx, 'nav.withdrawals')}</a>
            </li>
          </ul>
        </section>
      )}
      {a.org ? (
        <section class={`role-${a.org.kind}`}>
          <h2>
            {a.org.name}{' '}
            <small>
              ({tr(ctx, `kind.${a.org.kind}`)}, {tr(ctx, `role.${a.org.role}`)})
            </small>
          </h2>
          {a.org.kind === 'association' && !a.org.approved ? (
            <div class="alert">
              {tr(ctx, 'signup.pending')}
              {!a.user.email_confirmed_at && (
                <p id="confirm-first">
                  {tr(ctx, 'account.confirm_first')}{' '}
                  <a href="/account#email">{tr(ctx, 'account.title')}</a>
                </p>
              )}
            </div>
          ) : (
            <p>{tr(ctx, `home.${a.org.kind}`)}</p>
          )}
          {a.org.kind === 'territory' && (
            <p>
              <a href="/territories" id="territories-link">
                {tr(ctx, 'dir.territories_link')}
              </a>
            </p>
          )}
        </section>
      ) : (
        !a.user.is_admin && <p>{tr(ctx, 'home.no_org')}</p>
      )}
      {children}
    </Layout>
  );
}
