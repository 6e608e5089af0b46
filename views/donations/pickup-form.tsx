// The claimer's pickup form on a claimed donation: the handover code, what was received and in
// what state.
import type { Donation } from '../../src/db/schema.js';
import { COLD_CHAIN_REASONS, PICKUP_REASONS } from '../../src/db/tables/donations.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, Select } from '../components/fields.js';

/** A typed value of a checkbox group (one string, several, or none). */
const has = (v: unknown, x: string) => (Array.isArray(v) ? v.includes(x) : v === x);

/** A field's message, tied to its inputs by id. */
const Err = ({ ctx, name, errors }: { ctx: ViewCtx; name: string; errors?: FieldErrors }) =>
  errors?.[name] ? (
    <p class="error" id={`f-${name}-err`}>
      {tr(ctx, errors[name])}
    </p>
  ) : null;

/** The form's fields in the order shown: the first one in error is where the page opens. */
const PICKUP_FIELDS = [
  'handoverCode',
  'receivedKg',
  'temperatureC',
  'temperatureReason',
  'quality',
  'reasons',
  'remainder',
  'issues',
  '_',
] as const;

/** The pickup form was refused (422): the page shows it first, open on the field at fault. */
export const pickupRefused = (errors?: FieldErrors) =>
  !!errors && PICKUP_FIELDS.some((k) => errors[k]);

/**
 * The messages at the top of the form, each a link to its field (a refused form opens here on a
 * phone, above the fold); the first field at fault gets the focus, or the summary when that field
 * is not a text box.
 */
function ErrorSummary({
  ctx,
  errors,
  focus,
}: {
  ctx: ViewCtx;
  errors: FieldErrors;
  focus: boolean;
}) {
  const fields = PICKUP_FIELDS.filter((k) => k !== '_' && errors[k]);
  return (
    <div class="alert error" role="alert" id="pickup-errors" tabindex={-1} autofocus={focus}>
      <p>{errors._ ? tr(ctx, errors._) : tr(ctx, 'err.form')}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((k) => (
            <li>
              <a href={`#f-${k}`}>{tr(ctx, errors[k]!)}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PickupForm({
  ctx,
  d,
  values = {},
  errors,
  limitC = null,
}: {
  ctx: ViewCtx;
  d: Donation;
  values?: FormValues;
  errors?: FieldErrors;
  /** the cold-chain limit of its storage and category (°C), null for ambient food */
  limitC?: number | null;
}) {
  const cold = d.storage !== 'ambient';
  const first = errors ? PICKUP_FIELDS.find((k) => errors[k]) : undefined;
  const focusField = first === 'handoverCode' || first === 'receivedKg' || first === 'temperatureC';
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
      {pickupRefused(errors) && <ErrorSummary ctx={ctx} errors={errors!} focus={!focusField} />}
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
        autofocus={first === 'handoverCode'}
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
          autofocus={first === 'receivedKg'}
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
            hint={limitC != null ? tr(ctx, 'don.pickup.limit', { limit: limitC }) : undefined}
            autofocus={first === 'temperatureC'}
            required
          />
        )}
      </div>
      {cold && (
        <fieldset class={errors?.temperatureC === 'don.err.too_warm' ? 'has-error' : undefined}>
          <label>
            <input
              type="checkbox"
              name="temperatureConfirmed"
              checked={values.temperatureConfirmed === 'on'}
            />{' '}
            {tr(ctx, 'don.pickup.confirm_warm')}
          </label>
          <Select
            ctx={ctx}
            name="temperatureReason"
            label={tr(ctx, 'don.pickup.warm_reason')}
            values={values}
            errors={errors}
            options={[
              ['', '—'],
              ...COLD_CHAIN_REASONS.map((r) => [r, tr(ctx, `don.cold.${r}`)] as [string, string]),
            ]}
          />
        </fieldset>
      )}
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
      <fieldset class={errors?.reasons ? 'has-error' : undefined} id="f-reasons">
        <legend>{tr(ctx, 'don.pickup.reasons')}</legend>
        <div class="checks">
          {PICKUP_REASONS.map((r) => (
            <label>
              <input
                type="checkbox"
                name="reasons"
                value={r}
                checked={has(values.reasons, r)}
                aria-describedby={errors?.reasons ? 'f-reasons-err' : undefined}
              />{' '}
              {tr(ctx, `don.reason.${r}`)}
            </label>
          ))}
        </div>
        <Err ctx={ctx} name="reasons" errors={errors} />
      </fieldset>
      <fieldset class={errors?.remainder ? 'has-error' : undefined}>
        <legend>{tr(ctx, 'don.pickup.remainder')}</legend>
        {(['', 'reoffer', 'left'] as const).map((r) => (
          <label>
            <input
              type="radio"
              name="remainder"
              value={r}
              checked={String(values.remainder ?? '') === r}
            />{' '}
            {tr(ctx, `don.pickup.remainder.${r || 'none'}`)}
          </label>
        ))}
        <Err ctx={ctx} name="remainder" errors={errors} />
      </fieldset>
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
