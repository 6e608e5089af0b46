// The period of a figures page (the dashboard, the territory's coverage): one fieldset read the
// same way on both. The period chosen decides; the month, the year or the two dates are read only
// for the choice each names (src/shared/period.ts).
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Field, Select } from './fields.js';

export const PERIODS = ['last30', 'month', 'year', 'custom'] as const;

export function PeriodFields({
  ctx,
  values,
  errors,
}: {
  ctx: ViewCtx;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const field = (name: string, type?: string, extra: { inputmode?: string } = {}) => (
    <Field
      ctx={ctx}
      name={name}
      type={type}
      label={tr(ctx, `stats.period_field.${name}`)}
      values={values}
      errors={errors}
      {...extra}
    />
  );
  return (
    <fieldset class="period-fields">
      <legend>{tr(ctx, 'stats.period')}</legend>
      <Select
        ctx={ctx}
        name="period"
        label={tr(ctx, 'stats.period_shown')}
        values={values}
        errors={errors}
        options={PERIODS.map((p) => [p, tr(ctx, `stats.period.${p}`)])}
      />
      <div class="row">
        {field('month', 'month')}
        {field('year', undefined, { inputmode: 'numeric' })}
      </div>
      <div class="row">
        {field('from', 'date')}
        {field('to', 'date')}
      </div>
    </fieldset>
  );
}
