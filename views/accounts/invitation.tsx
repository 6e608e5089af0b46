import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf, Field } from '../components/fields.js';
import { Layout } from '../layout.js';

export function InvitationPage({
  ctx,
  token,
  email,
  errors,
}: {
  ctx: ViewCtx;
  token: string;
  email: string;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'invite.title')}>
      <h1>{tr(ctx, 'invite.title')}</h1>
      <p>{email}</p>
      <form method="post" action={`/invitations/${token}`} class="card">
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="password"
          type="password"
          label={tr(ctx, 'signin.password')}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <button type="submit">{tr(ctx, 'invite.submit')}</button>
      </form>
    </Layout>
  );
}
