import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';
import { Layout } from '../layout.js';

export interface InvitationView {
  email: string;
  organisationName: string;
  role: string;
  /** the link chooses the account's password; otherwise the invited account accepts it signed in */
  setsPassword: boolean;
}

/** An invitation: choose a password, or accept signed in as the invited account. */
export function InvitationPage({
  ctx,
  token,
  invitation: inv,
  errors,
}: {
  ctx: ViewCtx;
  token: string;
  invitation: InvitationView;
  errors?: FieldErrors;
}) {
  const signedInAs = ctx.actor?.user.email.toLowerCase();
  const join = tr(ctx, 'invite.join', {
    org: inv.organisationName,
    role: tr(ctx, `role.${inv.role}`),
  });
  const action = `/invitations/${token}`;
  return (
    <Layout ctx={ctx} title={tr(ctx, inv.setsPassword ? 'invite.title' : 'invite.accept')}>
      <h1>{tr(ctx, inv.setsPassword ? 'invite.title' : 'invite.accept')}</h1>
      <p>{join}</p>
      <p>{inv.email}</p>
      {errors?._ && (
        <div class="alert error" role="alert">
          {tr(ctx, errors._)}
        </div>
      )}
      {inv.setsPassword ? (
        <form method="post" action={action} class="card">
          <Csrf ctx={ctx} />
          <Field
            ctx={ctx}
            name="password"
            type="password"
            label={tr(ctx, 'signin.password')}
            hint={tr(ctx, 'account.hint')}
            errors={errors}
            required
            autocomplete="new-password"
          />
          <button type="submit">{tr(ctx, 'invite.submit')}</button>
        </form>
      ) : signedInAs === inv.email.toLowerCase() ? (
        <form method="post" action={action} class="card">
          <Csrf ctx={ctx} />
          <button type="submit">{tr(ctx, 'invite.accept')}</button>
        </form>
      ) : signedInAs ? (
        <p class="alert" role="status">
          {tr(ctx, 'invite.other_account', { email: inv.email })}
        </p>
      ) : (
        <p class="alert" role="status">
          {tr(ctx, 'invite.signin_first', { email: inv.email })}{' '}
          <a href={`/signin?next=${encodeURIComponent(action)}`}>{tr(ctx, 'nav.signin')}</a>
        </p>
      )}
    </Layout>
  );
}
