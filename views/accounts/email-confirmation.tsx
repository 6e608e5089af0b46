import { tr, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';

/**
 * The link from the mail. Opening it changes nothing (mail scanners open links): the button
 * confirms. `valid`: the link still works; `done`: confirmed, `changed`: the address replaced.
 */
export function ConfirmEmailPage({
  ctx,
  token,
  valid,
  done,
}: {
  ctx: ViewCtx;
  token: string;
  valid: boolean;
  done?: 'confirmed' | 'changed';
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'confirm.title')}>
      <h1>{tr(ctx, 'confirm.title')}</h1>
      {done ? (
        <div class="alert ok" role="status" id="confirm-done">
          {tr(ctx, done === 'changed' ? 'confirm.done_changed' : 'confirm.done')}
        </div>
      ) : valid ? (
        <form
          method="post"
          action={`/email-confirmation/${encodeURIComponent(token)}`}
          class="card"
          id="confirm-form"
        >
          <Csrf ctx={ctx} />
          <p>{tr(ctx, 'confirm.ask')}</p>
          <button type="submit">{tr(ctx, 'confirm.submit')}</button>
        </form>
      ) : (
        <div class="alert error" role="alert" id="confirm-invalid">
          {tr(ctx, 'confirm.err.token')}
        </div>
      )}
      <p>
        <a href={ctx.actor ? '/account' : '/signin'}>
          {tr(ctx, ctx.actor ? 'account.title' : 'signin.title')}
        </a>
      </p>
    </Layout>
  );
}
