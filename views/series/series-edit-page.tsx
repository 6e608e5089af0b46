import type { DonationSeries } from '../../src/db/schema.js';
import { weekdaysOf } from '../../src/series/dates.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { SeriesForm } from './series-form.js';

/** The form's values of a stored series (the lead in hours, as typed). */
export function seriesFormValues(s: DonationSeries): FormValues {
  return {
    category: s.category,
    description: s.description,
    quantityKg: Number(s.quantity_kg),
    storage: s.storage,
    weekdays: weekdaysOf(s.weekdays).map(String),
    pickupFromTime: s.pickup_from_time,
    pickupUntilTime: s.pickup_until_time,
    startsOn: s.starts_on,
    endsOn: s.ends_on ?? '',
    leadHours: s.lead_minutes / 60,
    freshProduce: s.fresh_produce ? 'on' : '',
    qualityLabel: s.quality_label ?? '',
    localOrigin: s.local_origin ?? '',
  };
}

/** Change a regular donation: only the dates to come that nobody has claimed follow. */
export function SeriesEditPage(props: {
  ctx: ViewCtx;
  series: DonationSeries;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'series.edit_title')}>
      <p>
        <a href="/series">{tr(ctx, 'series.back')}</a>
      </p>
      <h1>{tr(ctx, 'series.edit_title')}</h1>
      <p>{tr(ctx, 'series.edit_hint')}</p>
      <SeriesForm
        ctx={ctx}
        action={`/series/${props.series.id}`}
        submit="series.save"
        values={props.values}
        errors={props.errors}
      />
    </Layout>
  );
}
