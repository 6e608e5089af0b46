import { frenchPhoneText } from '../../src/shared/phone.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';
import { Layout } from '../layout.js';

/** The signed-in person's own account: their phone, change the password, reach the API tokens. */
export function AccountPage({
  ctx,
  errors,
  values,
  saved,
  phoneSaved,
}: {
  ctx: ViewCtx;
  errors?: FieldErrors;
  /** the phone form as typed, when it is shown again with its error */
  values?: FormValues;
  saved?: boolean;
  phoneSaved?: boolean;
}) {
  const phone = ctx.actor?.user.phone;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'account.title')}>
      <h1>{tr(ctx, 'account.title')}</h1>
      <p>{ctx.actor?.user.email}</p>
      <p>
        <a href="/account/tokens">{tr(ctx, 'nav.tokens')}</a>
      </p>
      <p>
        <a href="/account/calendar">{tr(ctx, 'cal.link')}</a>
      </p>
      {saved && (
        <div class="alert ok" role="status">
          {tr(ctx, 'account.saved')}
        </div>
      )}
      <h2>{tr(ctx, 'account.contact')}</h2>
      {phoneSaved && (
        <div class="alert ok" role="status">
          {tr(ctx, 'account.contact_saved')}
        </div>
      )}
      <form method="post" action="/account/phone" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="phone"
          type="tel"
          autocomplete="tel"
          maxlength={30}
          label={tr(ctx, 'account.phone')}
          hint={tr(ctx, 'account.phone_hint')}
          values={values ?? { phone: phone ? frenchPhoneText(phone) : '' }}
          errors={errors}
        />
        <button type="submit">{tr(ctx, 'account.contact_save')}</button>
      </form>
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
