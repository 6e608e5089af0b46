import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';
import { Layout } from '../layout.js';

/** "Mot de passe oublié ?": the e-mail asked; `sent`: the same answer whatever the address. */
export function ResetAskPage({
  ctx,
  values,
  errors,
  error,
  errorVars,
  sent,
}: {
  ctx: ViewCtx;
  values?: FormValues;
  errors?: FieldErrors;
  error?: string;
  errorVars?: Record<string, string | number>;
  sent?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'reset.title')}>
      <h1>{tr(ctx, 'reset.title')}</h1>
      {sent ? (
        <div class="alert ok" role="status" id="reset-sent">
          {tr(ctx, 'reset.sent')}
        </div>
      ) : (
        <>
          <p>{tr(ctx, 'reset.intro')}</p>
          {error && (
            <div class="alert error" role="alert">
              {tr(ctx, error, errorVars)}
            </div>
          )}
          <form method="post" action="/password-reset" class="card" novalidate>
            <Csrf ctx={ctx} />
            <Field
              ctx={ctx}
              name="email"
              type="email"
              label={tr(ctx, 'reset.email')}
              values={values}
              errors={errors}
              required
              maxlength={254}
              autocomplete="username"
            />
            <button type="submit">{tr(ctx, 'reset.submit')}</button>
          </form>
        </>
      )}
      <p>
        <a href="/signin">{tr(ctx, 'signin.title')}</a>
      </p>
    </Layout>
  );
}

/** The link from the mail: choose the new password, or learn that the link no longer works. */
export function ResetChoosePage({
  ctx,
  token,
  valid,
  errors,
}: {
  ctx: ViewCtx;
  token: string;
  valid: boolean;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'reset.choose_title')}>
      <h1>{tr(ctx, 'reset.choose_title')}</h1>
      {valid ? (
        <form
          method="post"
          action={`/password-reset/${encodeURIComponent(token)}`}
          class="card"
          novalidate
        >
          <Csrf ctx={ctx} />
          <Field
            ctx={ctx}
            name="password"
            type="password"
            label={tr(ctx, 'reset.password')}
            hint={tr(ctx, 'reset.password_hint')}
            errors={errors}
            required
            maxlength={200}
            autocomplete="new-password"
          />
          <button type="submit">{tr(ctx, 'reset.choose_submit')}</button>
        </form>
      ) : (
        <>
          <div class="alert error" role="alert" id="reset-invalid">
            {tr(ctx, 'reset.err.token')}
          </div>
          <p>
            <a href="/password-reset">{tr(ctx, 'reset.ask_again')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
