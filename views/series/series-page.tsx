import type { DonationSeries, ShopClosure } from '../../src/db/schema.js';
import { formatKm } from '../../src/i18n/format.js';
import { weekdaysOf } from '../../src/series/dates.js';
import { formatDay } from '../../src/i18n/format.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { SeriesForm } from './series-form.js';

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
      {s.ends_on ? ` ${tr(ctx, 'series.until', { date: formatDay(ctx.lang, s.ends_on) })}` : ''}
    </p>
  );
}

/** A live arrangement of a series, as the shop's page shows it. */
export interface LiveArrangement {
  id: number;
  association_name: string;
  status: 'proposed' | 'active' | 'ended';
}
export type AssociationChoice = {
  id: number;
  name: string;
  town: string | null;
  distance_km: number;
};

/** The series' arrangement, or the form that proposes one (to an approved association near). */
function Arrangement(props: {
  ctx: ViewCtx;
  s: DonationSeries;
  live?: LiveArrangement;
  associations: AssociationChoice[];
  /** this form was refused: its messages by field (shown open, next to the fields) */
  errors?: FieldErrors;
}) {
  const { ctx, s, live, errors } = props;
  if (live)
    return (
      <p>
        {tr(ctx, 'arr.with', {
          name: live.association_name,
          status: tr(ctx, `arr.status.${live.status}`),
        })}{' '}
        <a href={`/arrangements#arrangement-${live.id}`}>{tr(ctx, 'arr.see_all')}</a>
      </p>
    );
  if (!props.associations.length)
    return errors?.associationId ? (
      <p class="error" role="alert">
        {tr(ctx, errors.associationId)}
      </p>
    ) : null;
  return (
    <details open={!!errors}>
      <summary>{tr(ctx, 'arr.propose')}</summary>
      <form method="post" action={`/series/${s.id}/arrangement`} class="stack">
        <Csrf ctx={ctx} />
        <Select
          ctx={ctx}
          name="associationId"
          label={tr(ctx, 'arr.propose_to')}
          errors={errors}
          options={props.associations.map((a) => {
            const km = formatKm(ctx.lang, a.distance_km);
            return [String(a.id), `${a.name} (${a.town ? `${a.town}, ${km}` : km})`] as [
              string,
              string,
            ];
          })}
        />
        <Field
          ctx={ctx}
          name="confirmHoursBefore"
          label={tr(ctx, 'arr.confirm_hours')}
          type="number"
          inputmode="numeric"
          min="1"
          max="168"
          value={24}
          errors={errors}
        />
        <button type="submit">{tr(ctx, 'arr.propose_button')}</button>
      </form>
    </details>
  );
}

function SeriesCard({
  ctx,
  s,
  live,
  associations,
  skipped,
  arrangementErrors,
}: {
  ctx: ViewCtx;
  s: DonationSeries;
  live?: LiveArrangement;
  associations: AssociationChoice[];
  skipped?: string[];
  arrangementErrors?: FieldErrors;
}) {
  return (
    <li class="card" id={`series-${s.id}`}>
      <Summary ctx={ctx} s={s} />
      {skipped?.length ? (
        <p id={`series-${s.id}-skipped`}>
          {tr(ctx, 'series.skipped', {
            dates: skipped.map((d) => formatDay(ctx.lang, d)).join(', '),
          })}
        </p>
      ) : null}
      {s.ended_at ? (
        <p>{tr(ctx, 'series.ended')}</p>
      ) : (
        <>
          <p>
            <a href={`/series/${s.id}/edit`}>{tr(ctx, 'series.edit')}</a>
          </p>
          <Arrangement
            ctx={ctx}
            s={s}
            live={live}
            associations={associations}
            errors={arrangementErrors}
          />
          <form method="post" action={`/series/${s.id}/skip`}>
            <Csrf ctx={ctx} />
            <label for={`skip-${s.id}`}>{tr(ctx, 'series.skip_date')}</label>
            <input id={`skip-${s.id}`} type="date" name="date" required />
            <button type="submit">{tr(ctx, 'series.skip')}</button>
          </form>
          <p>
            {/* a confirmation page first (GET), then the post */}
            <a class="button danger" href={`/series/${s.id}/end`}>
              {tr(ctx, 'series.end')}
            </a>
          </p>
        </>
      )}
    </li>
  );
}

export function SeriesPage(props: {
  ctx: ViewCtx;
  series: DonationSeries[];
  /** the dates ahead each series skips */
  skipped?: Map<number, string[]>;
  arrangements: Map<number, LiveArrangement>;
  associations: AssociationChoice[];
  closures: ShopClosure[];
  values: FormValues;
  errors?: FieldErrors;
  closureErrors?: FieldErrors;
  /** the refused arrangement form of one series */
  arrangementErrors?: { seriesId: number; fields: FieldErrors };
  message?: string;
}) {
  const { ctx } = props;
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
          <SeriesCard
            ctx={ctx}
            s={s}
            live={props.arrangements.get(s.id)}
            associations={props.associations}
            skipped={props.skipped?.get(s.id)}
            arrangementErrors={
              props.arrangementErrors?.seriesId === s.id
                ? props.arrangementErrors.fields
                : undefined
            }
          />
        ))}
      </ul>
      <h2>{tr(ctx, 'series.new')}</h2>
      <SeriesForm
        ctx={ctx}
        action="/series"
        submit="series.create"
        values={props.values}
        errors={props.errors}
      />
      <h2>{tr(ctx, 'series.holidays')}</h2>
      <ul>
        {props.closures.map((c) => (
          <li>
            {tr(ctx, 'series.closed', {
              from: formatDay(ctx.lang, c.starts_on),
              until: formatDay(ctx.lang, c.ends_on),
            })}{' '}
            <a class="button secondary" href={`/series/closures/${c.id}/reopen`}>
              {tr(ctx, 'series.reopen')}
            </a>
          </li>
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
      <p>
        <a href="/arrangements">{tr(ctx, 'arr.see_all')}</a>
      </p>
    </Layout>
  );
}
