import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';

/** Where the account's address stands: confirmed or not, a change waiting for its link. */
export interface EmailState {
  confirmed: boolean;
  pendingEmail: string | null;
}

/** The account page's e-mail part: the address, its state, the form that asks for a new one. */
export function EmailSection({
  ctx,
  state,
  errors,
  values,
  resent,
}: {
  ctx: ViewCtx;
  state: EmailState;
  errors?: FieldErrors;
  values?: FormValues;
  resent?: boolean;
}) {
  const user = ctx.actor!.user;
  return (
    <section id="email">
      <h2>{tr(ctx, 'account.email')}</h2>
      <p>{tr(ctx, 'account.email_current', { email: user.email })}</p>
      {user.email_failing_at && (
        <div class="alert error" role="alert" id="email-failing">
          {tr(ctx, 'account.email_failing', { email: user.email })}
        </div>
      )}
      {resent && (
        <div class="alert ok" role="status">
          {tr(ctx, 'account.email_resent')}
        </div>
      )}
      {!state.confirmed && (
        <div class="alert" id="email-unconfirmed">
          <p>{tr(ctx, 'account.email_unconfirmed')}</p>
          <form method="post" action="/account/confirmation" class="inline">
            <Csrf ctx={ctx} />
            <button type="submit" class="secondary">
              {tr(ctx, 'account.email_resend')}
            </button>
          </form>
        </div>
      )}
      {state.pendingEmail && (
        <div class="alert ok" role="status" id="email-pending">
          {tr(ctx, 'account.email_pending', { email: state.pendingEmail })}
        </div>
      )}
      <form method="post" action="/account/email" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="email"
          type="email"
          autocomplete="email"
          maxlength={254}
          label={tr(ctx, 'account.email_new')}
          hint={tr(ctx, 'account.email_hint')}
          values={values}
          errors={errors}
          required
        />
        <button type="submit">{tr(ctx, 'account.email_save')}</button>
      </form>
    </section>
  );
}
