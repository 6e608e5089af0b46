import type { PhoneState } from '../../src/accounts/phone-verification.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { EmailSection, type EmailState } from './account-email.js';
import { PhoneSection } from './account-phone.js';

/** Which form a shown error or value belongs to. */
export type AccountForm = 'identity' | 'email' | 'phone' | 'phone_code' | 'password';

/**
 * The signed-in person's own account: name and language, e-mail (changed through a link to the
 * new address), phone (and its verification by a code sent by SMS), password; links to the API tokens and the notification choices.
 * `notice`: a message key said at the top (what was just saved).
 */
export function AccountPage({
  ctx,
  email,
  phone,
  form,
  errors,
  values,
  notice,
}: {
  ctx: ViewCtx;
  email: EmailState;
  phone: PhoneState;
  /** the form `errors` and `values` belong to */
  form?: AccountForm;
  errors?: FieldErrors;
  values?: FormValues;
  notice?: string;
}) {
  const user = ctx.actor!.user;
  const of = (f: AccountForm) => (form === f ? { errors, values } : {});
  return (
    <Layout ctx={ctx} title={tr(ctx, 'account.title')}>
      <h1>{tr(ctx, 'account.title')}</h1>
      <p>
        <a href="/account/notifications">{tr(ctx, 'account.notifications')}</a>
        {' · '}
        <a href="/account/tokens">{tr(ctx, 'nav.tokens')}</a>
      </p>
      {notice && notice !== 'account.email_resent' && notice !== 'phone.code_sent' && (
        <div class="alert ok" role="status" id="notice">
          {tr(ctx, notice)}
        </div>
      )}
      <h2>{tr(ctx, 'account.identity')}</h2>
      <form method="post" action="/account/profile" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="name"
          autocomplete="name"
          maxlength={100}
          label={tr(ctx, 'account.name')}
          values={of('identity').values ?? { name: user.name }}
          errors={of('identity').errors}
          required
        />
        <Select
          ctx={ctx}
          name="lang"
          label={tr(ctx, 'account.lang')}
          value={String(of('identity').values?.lang ?? user.lang)}
          errors={of('identity').errors}
          options={[
            ['fr', tr(ctx, 'account.lang.fr')],
            ['en', tr(ctx, 'account.lang.en')],
          ]}
        />
        <button type="submit">{tr(ctx, 'account.identity_save')}</button>
      </form>
      <EmailSection
        ctx={ctx}
        state={email}
        {...of('email')}
        resent={notice === 'account.email_resent'}
      />
      <PhoneSection
        ctx={ctx}
        state={phone}
        number={of('phone')}
        code={{ ...of('phone_code'), sent: notice === 'phone.code_sent' }}
      />
      <h2>{tr(ctx, 'account.password')}</h2>
      <form method="post" action="/account/password" class="card">
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="current"
          type="password"
          label={tr(ctx, 'account.current')}
          errors={of('password').errors}
          required
          autocomplete="current-password"
        />
        <Field
          ctx={ctx}
          name="password"
          type="password"
          label={tr(ctx, 'account.new')}
          hint={tr(ctx, 'account.hint')}
          errors={of('password').errors}
          required
          autocomplete="new-password"
        />
        <button type="submit">{tr(ctx, 'account.save')}</button>
      </form>
    </Layout>
  );
}
