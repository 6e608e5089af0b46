import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';
import { Layout } from '../layout.js';

/** The signed-in person's own account: change the password, reach the API tokens. */
export function AccountPage({
  ctx,
  errors,
  saved,
}: {
  ctx: ViewCtx;
  errors?: FieldErrors;
  saved?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'account.title')}>
      <h1>{tr(ctx, 'account.title')}</h1>
      <p>{ctx.actor?.user.email}</p>
      <p>
        <a href="/account/tokens">{tr(ctx, 'nav.tokens')}</a>
      </p>
      {saved && (
        <div class="alert ok" role="status">
          {tr(ctx, 'account.saved')}
        </div>
      )}
      <h2>{tr(ctx, 'account.password')}</h2>
      <form method="post" action="/account/password" class="card">
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="current"
          type="password"
          label={tr(ctx, 'account.current')}
          errors={errors}
          required
          autocomplete="current-password"
        />
        <Field
          ctx={ctx}
          name="password"
          type="password"
          label={tr(ctx, 'account.new')}
          hint={tr(ctx, 'account.hint')}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <button type="submit">{tr(ctx, 'account.save')}</button>
      </form>
    </Layout>
  );
}
