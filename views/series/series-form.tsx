import { CATEGORIES } from '../../src/shared/categories.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { QualityMarks } from '../donations/quality-marks.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** The fields of a regular donation, for setting one up and for changing one. */
export function SeriesForm(props: {
  ctx: ViewCtx;
  action: string;
  submit: string;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, values, errors: e } = props;
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field ctx={ctx} name={name} label={tr(ctx, label)} values={values} errors={e} {...extra} />
  );
  const chosen = new Set([values.weekdays].flat().map(String));
  return (
    <form method="post" action={props.action} class="card" novalidate>
      <Csrf ctx={ctx} />
      <FormErrors ctx={ctx} errors={e} />
      <Select
        ctx={ctx}
        name="category"
        label={tr(ctx, 'don.category')}
        values={values}
        errors={e}
        options={CATEGORIES.map((c) => [c, tr(ctx, `cat.${c}`)])}
      />
      {f('description', 'don.description', { required: true, maxlength: 300 })}
      {f('quantityKg', 'series.kg', { inputmode: 'decimal', required: true })}
      <Select
        ctx={ctx}
        name="storage"
        label={tr(ctx, 'series.storage')}
        values={values}
        errors={e}
        options={['ambient', 'chilled', 'frozen'].map((s) => [s, tr(ctx, `series.storage.${s}`)])}
      />
      <fieldset class={e?.weekdays ? 'has-error' : ''}>
        <legend>{tr(ctx, 'series.weekdays')}</legend>
        <div class="checks">
          {DAYS.map((d) => (
            <label>
              <input
                type="checkbox"
                name="weekdays"
                value={String(d)}
                checked={chosen.has(String(d))}
              />{' '}
              {tr(ctx, `series.day.${d}`)}
            </label>
          ))}
        </div>
        {e?.weekdays && <p class="error">{tr(ctx, e.weekdays)}</p>}
      </fieldset>
      {f('pickupFromTime', 'series.from', { type: 'time', required: true })}
      {f('pickupUntilTime', 'series.until_time', { type: 'time', required: true })}
      {f('startsOn', 'series.starts', { type: 'date', required: true })}
      {f('endsOn', 'series.ends', { type: 'date' })}
      {f('leadHours', 'series.lead', { inputmode: 'decimal', hint: tr(ctx, 'series.lead_hint') })}
      <QualityMarks ctx={ctx} values={values} errors={e} />
      <button type="submit">{tr(ctx, props.submit)}</button>
    </form>
  );
}
