// The claimer's pickup form on a claimed donation: the handover code, what was received and in
// what state.
import type { Donation } from '../../src/db/schema.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';

export function PickupForm({
  ctx,
  d,
  values = {},
  errors,
}: {
  ctx: ViewCtx;
  d: Donation;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const cold = d.storage !== 'ambient';
  return (
    <form
      method="post"
      action={`/donations/${d.id}/pickup`}
      class="card"
      id="pickup-form"
      novalidate
    >
      <Csrf ctx={ctx} />
      <h2>{tr(ctx, 'don.pickup.title')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <Field
        ctx={ctx}
        name="handoverCode"
        label={tr(ctx, 'don.pickup.code')}
        values={values}
        errors={errors}
        hint={tr(ctx, 'don.pickup.code_hint')}
        inputmode="numeric"
        autocomplete="one-time-code"
        maxlength={12}
        pattern="[0-9 ]*"
        required
      />
      <div class="row">
        <Field
          ctx={ctx}
          name="receivedKg"
          label={tr(ctx, 'don.pickup.kg')}
          values={{ receivedKg: d.quantity_kg, ...values }}
          errors={errors}
          inputmode="decimal"
          required
        />
        {cold && (
          <Field
            ctx={ctx}
            name="temperatureC"
            label={tr(ctx, 'don.pickup.temperature')}
            values={values}
            errors={errors}
            inputmode="decimal"
            required
          />
        )}
      </div>
      <Select
        ctx={ctx}
        name="quality"
        label={tr(ctx, 'don.pickup.quality')}
        values={values}
        errors={errors}
        options={(['good', 'acceptable', 'poor', 'refused'] as const).map((q) => [
          q,
          tr(ctx, `don.quality.${q}`),
        ])}
      />
      <div class={`field${errors?.issues ? ' has-error' : ''}`}>
        <label for="f-issues">{tr(ctx, 'don.pickup.issues')}</label>
        <textarea
          id="f-issues"
          name="issues"
          rows={3}
          aria-describedby={errors?.issues ? 'f-issues-err' : undefined}
        >
          {String(values.issues ?? '')}
        </textarea>
        {errors?.issues && (
          <p class="error" id="f-issues-err">
            {tr(ctx, errors.issues)}
          </p>
        )}
      </div>
      <button type="submit">{tr(ctx, 'don.pickup.submit')}</button>
    </form>
  );
}
