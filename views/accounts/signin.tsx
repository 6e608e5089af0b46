import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';
import { Layout } from '../layout.js';

export function SignInPage({
  ctx,
  values,
  error,
  errorVars,
  next,
  notice,
}: {
  ctx: ViewCtx;
  /** a message key shown above the form (the password was just reset) */
  notice?: string;
  values?: FormValues;
  error?: string;
  /** words of the error message (the minutes to wait) */
  errorVars?: Record<string, string | number>;
  next?: string;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'signin.title')}>
      <h1>{tr(ctx, 'signin.title')}</h1>
      <p class="tagline">{tr(ctx, 'app.tagline')}</p>
      {notice && (
        <div class="alert ok" role="status">
          {tr(ctx, notice)}
        </div>
      )}
      {error && (
        <div class="alert error" role="alert" id="signin-error">
          {tr(ctx, error, errorVars)}
        </div>
      )}
      <form method="post" action="/signin" class="card">
        <Csrf ctx={ctx} />
        {next && <input type="hidden" name="next" value={next} />}
        <Field
          ctx={ctx}
          name="email"
          type="email"
          label={tr(ctx, 'signin.email')}
          values={values}
          required
          autocomplete="username"
        />
        <Field
          ctx={ctx}
          name="password"
          type="password"
          label={tr(ctx, 'signin.password')}
          required
          autocomplete="current-password"
        />
        <button type="submit">{tr(ctx, 'signin.submit')}</button>
      </form>
      <p>
        <a href="/password-reset">{tr(ctx, 'reset.link')}</a>
      </p>
      <p>
        {tr(ctx, 'signin.no_account')} <a href="/signup">{tr(ctx, 'nav.signup')}</a>
      </p>
      <p>
        <a href="/territories" id="territories-link">
          {tr(ctx, 'dir.territories_link')}
        </a>
      </p>
    </Layout>
  );
}
