import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';

export function SignUpPage({
  ctx,
  values = {},
  errors,
}: {
  ctx: ViewCtx;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field
      ctx={ctx}
      name={name}
      label={tr(ctx, label)}
      values={values}
      errors={errors}
      {...extra}
    />
  );
  return (
    <Layout ctx={ctx} title={tr(ctx, 'signup.title')}>
      <h1>{tr(ctx, 'signup.title')}</h1>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/signup" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Select
          ctx={ctx}
          name="kind"
          label={tr(ctx, 'signup.kind')}
          values={values}
          errors={errors}
          options={[
            ['shop', tr(ctx, 'signup.kind.shop')],
            ['association', tr(ctx, 'signup.kind.association')],
          ]}
        />
        {f('orgName', 'signup.org_name', { required: true })}
        {f('address', 'signup.address', { autocomplete: 'street-address' })}
        <div class="row">
          {f('postcode', 'signup.postcode', { autocomplete: 'postal-code', inputmode: 'numeric' })}
          {f('town', 'signup.town', { autocomplete: 'address-level2' })}
        </div>
        <div class="row">
          {f('lat', 'signup.lat', {
            inputmode: 'decimal',
            required: true,
            hint: tr(ctx, 'signup.coords_hint'),
          })}
          {f('lng', 'signup.lng', { inputmode: 'decimal', required: true })}
        </div>
        {f('yourName', 'signup.your_name', {
          required: true,
          autocomplete: 'name',
          value: values.name,
        })}
        {f('email', 'signin.email', { type: 'email', required: true, autocomplete: 'email' })}
        {f('password', 'signin.password', {
          type: 'password',
          required: true,
          autocomplete: 'new-password',
        })}
        {f('passwordConfirm', 'signup.password_confirm', {
          type: 'password',
          required: true,
          autocomplete: 'new-password',
        })}
        <button type="submit">{tr(ctx, 'signup.submit')}</button>
      </form>
    </Layout>
  );
}
