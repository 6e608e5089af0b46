import type { DonationSeries, ShopClosure } from '../../src/db/schema.js';
import { CATEGORIES } from '../../src/shared/categories.js';
import { weekdaysOf } from '../../src/series/dates.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** "tous les mardis et vendredis, 19 h 00 - 19 h 30, environ 8 kg de pain" */
function Summary({ ctx, s }: { ctx: ViewCtx; s: DonationSeries }) {
  const days = weekdaysOf(s.weekdays).map((d) => tr(ctx, `series.day.${d}`));
  return (
    <p>
      {tr(ctx, 'series.summary', {
        days: days.join(', '),
        from: s.pickup_from_time,
        until: s.pickup_until_time,
        kg: Number(s.quantity_kg),
        what: s.description,
      })}
      {s.ends_on ? ` ${tr(ctx, 'series.until', { date: s.ends_on })}` : ''}
    </p>
  );
}

function SeriesCard({ ctx, s }: { ctx: ViewCtx; s: DonationSeries }) {
  return (
    <li class="card" id={`series-${s.id}`}>
      <Summary ctx={ctx} s={s} />
      {s.ended_at ? (
        <p>{tr(ctx, 'series.ended')}</p>
      ) : (
        <>
          <form method="post" action={`/series/${s.id}/skip`}>
            <Csrf ctx={ctx} />
            <label for={`skip-${s.id}`}>{tr(ctx, 'series.skip_date')}</label>
            <input id={`skip-${s.id}`} type="date" name="date" required />
            <button type="submit">{tr(ctx, 'series.skip')}</button>
          </form>
          <form method="post" action={`/series/${s.id}/end`}>
            <Csrf ctx={ctx} />
            <button type="submit" class="danger">
              {tr(ctx, 'series.end')}
            </button>
          </form>
        </>
      )}
    </li>
  );
}

export function SeriesPage(props: {
  ctx: ViewCtx;
  series: DonationSeries[];
  closures: ShopClosure[];
  values: FormValues;
  errors?: FieldErrors;
  closureErrors?: FieldErrors;
  message?: string;
}) {
  const { ctx, values, errors: e } = props;
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field ctx={ctx} name={name} label={tr(ctx, label)} values={values} errors={e} {...extra} />
  );
  const chosen = new Set([values.weekdays].flat().map(String));
  return (
    <Layout ctx={ctx} title={tr(ctx, 'series.title')}>
      <h1>{tr(ctx, 'series.title')}</h1>
      {props.message && (
        <p class="alert" role="status">
          {tr(ctx, props.message)}
        </p>
      )}
      <ul class="list">
        {props.series.map((s) => (
          <SeriesCard ctx={ctx} s={s} />
        ))}
      </ul>
      <h2>{tr(ctx, 'series.new')}</h2>
      <form method="post" action="/series" class="card" novalidate>
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
          {e?.weekdays && <p class="error">{tr(ctx, e.weekdays)}</p>}
        </fieldset>
        {f('pickupFromTime', 'series.from', { type: 'time', required: true })}
        {f('pickupUntilTime', 'series.until_time', { type: 'time', required: true })}
        {f('startsOn', 'series.starts', { type: 'date', required: true })}
        {f('endsOn', 'series.ends', { type: 'date' })}
        {f('leadHours', 'series.lead', { inputmode: 'decimal', hint: tr(ctx, 'series.lead_hint') })}
        <button type="submit">{tr(ctx, 'series.create')}</button>
      </form>
      <h2>{tr(ctx, 'series.holidays')}</h2>
      <ul>
        {props.closures.map((c) => (
          <li>{tr(ctx, 'series.closed', { from: c.starts_on, until: c.ends_on })}</li>
        ))}
      </ul>
      <form method="post" action="/series/closures" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="closeFrom"
          label={tr(ctx, 'series.close_from')}
          type="date"
          errors={props.closureErrors}
        />
        <Field
          ctx={ctx}
          name="closeUntil"
          label={tr(ctx, 'series.close_until')}
          type="date"
          errors={props.closureErrors}
        />
        <button type="submit">{tr(ctx, 'series.close')}</button>
      </form>
    </Layout>
  );
}
