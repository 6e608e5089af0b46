import { membershipOfKind } from '../../src/accounts/actor.js';
import type { PhoneState } from '../../src/accounts/phone-verification.js';
import { frenchPhoneText } from '../../src/shared/phone.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';

/**
 * The account page's phone part: the number, whether it is verified (SMS go only to a verified
 * number), and while it is not, the button that sends a code by SMS and the form to type it back.
 * `number` and `code`: the errors and values of the form each belongs to.
 */
export function PhoneSection({
  ctx,
  state,
  number,
  code,
}: {
  ctx: ViewCtx;
  state: PhoneState;
  number: { errors?: FieldErrors; values?: FormValues };
  code: { errors?: FieldErrors; values?: FormValues; sent?: boolean };
}) {
  const user = ctx.actor!.user;
  // a refused ask, or a code that can no longer be tried (its form is gone): said by the button
  const sendError = code.errors?.phone ?? (state.codeWaiting ? undefined : code.errors?.code);
  return (
    <section id="phone">
      <h2>{tr(ctx, 'account.contact')}</h2>
      {user.phone_failing_at && (
        <div class="alert error" role="alert" id="phone-failing">
          {tr(ctx, 'account.phone_failing')}
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
          hint={tr(
            ctx,
            ctx.actor && membershipOfKind(ctx.actor, 'association')
              ? 'account.phone_hint'
              : 'account.phone_hint_other',
          )}
          values={number.values ?? { phone: user.phone ? frenchPhoneText(user.phone) : '' }}
          errors={number.errors}
        />
        <button type="submit">{tr(ctx, 'account.contact_save')}</button>
      </form>
      {state.phone && state.verified && (
        <p class="alert ok" id="phone-verified">
          {tr(ctx, 'phone.verified')}
        </p>
      )}
      {state.phone && !state.verified && (
        <div class="alert" id="phone-unverified">
          <p>{tr(ctx, 'phone.unverified')}</p>
          {code.sent && (
            <p role="status" id="phone-code-sent">
              {tr(ctx, 'phone.code_sent')}
            </p>
          )}
          <form method="post" action="/account/phone/code" class="inline">
            <Csrf ctx={ctx} />
            {sendError && (
              <p class="error" id="f-phone-code-err" role="alert">
                {tr(ctx, sendError)}
              </p>
            )}
            <button type="submit" class="secondary">
              {tr(ctx, state.codeWaiting ? 'phone.send_again' : 'phone.send')}
            </button>
          </form>
          {state.codeWaiting && (
            // the answer opens on the code's form, its message under the field: the anchor
            // scrolls to it with no script (a page opened on an anchor ignores autofocus)
            <form
              method="post"
              action="/account/phone/verification#phone-code"
              id="phone-code"
              class="card"
              novalidate
            >
              <Csrf ctx={ctx} />
              <Field
                ctx={ctx}
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength={20}
                label={tr(ctx, 'phone.code')}
                hint={tr(ctx, 'phone.code_hint')}
                values={code.values}
                errors={code.errors}
              />
              <button type="submit">{tr(ctx, 'phone.verify')}</button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}
