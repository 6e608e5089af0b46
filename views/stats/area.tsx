import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors } from '../components/fields.js';
import { Layout } from '../layout.js';
import type { AreaInput } from '../../src/stats/area.js';

export function TerritoriesPage({
  ctx,
  territories,
}: {
  ctx: ViewCtx;
  territories: { id: number; name: string; town: string | null }[];
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'area.list_title')}>
      <h1>{tr(ctx, 'area.list_title')}</h1>
      <ul class="list">
        {territories.map((t) => (
          <li>
            {t.name} · <a href={`/admin/territories/${t.id}/area`}>{tr(ctx, 'area.edit')}</a> ·{' '}
            <a href={`/dashboard?organisationId=${t.id}`}>{tr(ctx, 'stats.title')}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function AreaPage(props: {
  ctx: ViewCtx;
  territory: { id: number; name: string };
  values: AreaInput;
  errors?: FieldErrors;
  saved?: { shops: number; associations: number };
}) {
  const { ctx, values, errors } = props;
  const id = 'f-towns';
  const title = tr(ctx, 'area.title', { name: props.territory.name });
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.saved && (
        <p class="alert ok" role="status">
          {tr(ctx, 'area.saved', props.saved)}
        </p>
      )}
      <FormErrors ctx={ctx} errors={errors} />
      <form
        method="post"
        action={`/admin/territories/${props.territory.id}/area`}
        class="card"
        novalidate
      >
        <Csrf ctx={ctx} />
        <p>{tr(ctx, 'area.hint')}</p>
        <div class={`field${errors?.towns ? ' has-error' : ''}`}>
          <label for={id}>{tr(ctx, 'area.towns')}</label>
          <textarea
            id={id}
            name="towns"
            rows={4}
            aria-invalid={errors?.towns ? 'true' : undefined}
            aria-describedby={errors?.towns ? `${id}-err` : undefined}
          >
            {values.towns}
          </textarea>
          {errors?.towns && (
            <p class="error" id={`${id}-err`}>
              {tr(ctx, errors.towns)}
            </p>
          )}
        </div>
        <div class="row">
          <Field
            ctx={ctx}
            name="lat"
            label={tr(ctx, 'area.center_lat')}
            values={values as any}
            errors={errors}
            inputmode="decimal"
          />
          <Field
            ctx={ctx}
            name="lng"
            label={tr(ctx, 'area.center_lng')}
            values={values as any}
            errors={errors}
            inputmode="decimal"
          />
          <Field
            ctx={ctx}
            name="radiusKm"
            label={tr(ctx, 'area.radius_km')}
            values={values as any}
            errors={errors}
            inputmode="decimal"
          />
        </div>
        <button type="submit">{tr(ctx, 'area.save')}</button>
      </form>
    </Layout>
  );
}
