import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';

/**
 * The page of an unsubscribe link, opened without signing in. Opening it changes nothing (mail
 * scanners open links); the button posts, as the mail program's one-click POST (RFC 8058) does.
 */
export function UnsubscribePage({
  ctx,
  token,
  state,
  purpose,
}: {
  ctx: ViewCtx;
  token: string;
  state: 'ask' | 'done' | 'invalid';
  /** what the link stops: the question names it (the alerts of new donations, or a shop's news) */
  purpose?: string | null;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'unsub.title')}>
      <h1>{tr(ctx, 'unsub.title')}</h1>
      {state === 'ask' && (
        <form method="post" action={`/unsubscribe/${encodeURIComponent(token)}`} class="card">
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <p>{tr(ctx, purpose === 'donation_alert' ? 'unsub.ask.donation_alert' : 'unsub.ask')}</p>
          <button type="submit">{tr(ctx, 'unsub.submit')}</button>
        </form>
      )}
      {state === 'done' && (
        <div class="alert ok" role="status" id="unsub-done">
          {tr(ctx, 'unsub.done')}
        </div>
      )}
      {state === 'invalid' && (
        <div class="alert error" role="alert">
          {tr(ctx, 'unsub.err.token')}
        </div>
      )}
    </Layout>
  );
}
