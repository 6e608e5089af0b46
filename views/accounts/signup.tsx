import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { AddressField, type AddressState } from '../components/address-field.js';

export function SignUpPage({
  ctx,
  lookup,
  address,
  values = {},
  errors,
}: {
  ctx: ViewCtx;
  /** an address service is configured: addresses are looked up, not coordinates typed */
  lookup: boolean;
  address?: AddressState;
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
        <AddressField ctx={ctx} lookup={lookup} state={address} values={values} errors={errors} />
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
