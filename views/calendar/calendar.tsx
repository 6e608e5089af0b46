import { tr, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';
import { when } from '../donations/format.js';

/**
 * /account/calendar: the person's private calendar URL. The URL is shown once, when it is made
 * (only its hash is kept); then the page says when it was made and last read, and offers a new
 * one (which replaces it) or deleting it. Copying needs /static/copy.js; without it the address
 * is in a read-only field to select, and the webcal:// link opens the calendar program.
 */
export function CalendarPage({
  ctx,
  feed,
  created,
  revoked,
}: {
  ctx: ViewCtx;
  feed: { created_at: Date; last_used_at: Date | null } | null;
  /** the new URL (https) just made */
  created?: string;
  revoked?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'cal.title')}>
      <h1>{tr(ctx, 'cal.title')}</h1>
      <p>{tr(ctx, 'cal.intro')}</p>
      {created && (
        <div class="alert ok" role="status" id="calendar-url">
          <p>{tr(ctx, 'cal.created')}</p>
          <label for="calendar-address">{tr(ctx, 'cal.url_label')}</label>
          <input id="calendar-address" readonly value={created} class="copy" />
          <p>
            <button
              type="button"
              hidden
              data-copy="calendar-address"
              data-copied={tr(ctx, 'cal.copied')}
            >
              {tr(ctx, 'cal.copy')}
            </button>{' '}
            <a href={created.replace(/^https?:/, 'webcal:')}>{tr(ctx, 'cal.webcal')}</a>
          </p>
        </div>
      )}
      {revoked && (
        <div class="alert ok" role="status">
          {tr(ctx, 'cal.revoked')}
        </div>
      )}
      {feed ? (
        <p id="calendar-state">
          {tr(ctx, 'cal.active', {
            created: when(ctx, feed.created_at),
            used: feed.last_used_at ? when(ctx, feed.last_used_at) : tr(ctx, 'cal.never'),
          })}
        </p>
      ) : (
        !created && <p id="calendar-state">{tr(ctx, 'cal.none')}</p>
      )}
      <form method="post" action="/account/calendar" class="card">
        <Csrf ctx={ctx} />
        {feed && <p>{tr(ctx, 'cal.replace_hint')}</p>}
        <button type="submit">{tr(ctx, feed ? 'cal.replace' : 'cal.create')}</button>
      </form>
      {feed && (
        <form method="post" action="/account/calendar/revocation" class="card">
          <Csrf ctx={ctx} />
          <button type="submit" class="danger">
            {tr(ctx, 'cal.revoke')}
          </button>
        </form>
      )}
      <p>
        <a href="/account">{tr(ctx, 'account.title')}</a>
      </p>
      <script src="/static/copy.js" defer></script>
    </Layout>
  );
}
