import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors } from '../components/fields.js';
import { Layout } from '../layout.js';
import type { AreaPart } from '../../src/places/communes.js';
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

/** The chosen parts, each with its commune count and a button to remove it (the form keeps them). */
function ChosenParts({ ctx, parts }: { ctx: ViewCtx; parts: AreaPart[] }) {
  if (!parts.length) return <p>{tr(ctx, 'area.parts_none')}</p>;
  return (
    <ul class="list" id="area-parts">
      {parts.map((p) => (
        <li>
          <input type="hidden" name="part" value={`${p.kind}:${p.code}`} />
          <PartLabel ctx={ctx} part={p} />{' '}
          <button
            type="submit"
            name="remove"
            value={`${p.kind}:${p.code}`}
            class="secondary"
            aria-label={`${tr(ctx, 'area.remove')} ${p.name}`}
          >
            {tr(ctx, 'area.remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}

const PartLabel = ({ ctx, part }: { ctx: ViewCtx; part: AreaPart }) => (
  <span>
    <strong>{part.name}</strong> ({tr(ctx, `area.kind.${part.kind}`)} {part.code}
    {part.detail ? `, ${part.detail}` : ''}) · {tr(ctx, 'area.part_communes', { n: part.communes })}
  </span>
);

/** The parts matching a search; each button adds one (the form is posted, htmx or not). */
export function AreaMatches({ ctx, matches }: { ctx: ViewCtx; matches: AreaPart[] | null }) {
  return (
    <div id="area-matches" aria-live="polite">
      {matches && !matches.length && <p>{tr(ctx, 'area.no_match')}</p>}
      {matches && matches.length > 0 && (
        <>
          <h3>{tr(ctx, 'area.matches')}</h3>
          <ul class="list">
            {matches.map((p) => (
              <li>
                <PartLabel ctx={ctx} part={p} />{' '}
                <button
                  type="submit"
                  name="add"
                  value={`${p.kind}:${p.code}`}
                  aria-label={`${tr(ctx, 'area.add')} ${p.name}`}
                >
                  {tr(ctx, 'area.add')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function AreaPage(props: {
  ctx: ViewCtx;
  territory: { id: number; name: string };
  values: AreaInput;
  parts: AreaPart[];
  matches?: AreaPart[] | null;
  /** town names typed by hand before official communes, still in force */
  legacyTowns: string[];
  /** false on Workers: the list of communes is not at hand */
  canChoose: boolean;
  errors?: FieldErrors;
  saved?: { shops: number; associations: number };
}) {
  const { ctx, values, errors } = props;
  const action = `/admin/territories/${props.territory.id}/area`;
  const title = tr(ctx, 'area.title', { name: props.territory.name });
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.saved && (
        <p class="alert ok" role="status">
          {tr(ctx, 'area.saved', {
            shops: tr(ctx, 'count.shops', { n: props.saved.shops }),
            associations: tr(ctx, 'count.associations', { n: props.saved.associations }),
          })}
        </p>
      )}
      {props.legacyTowns.length > 0 && (
        <p class="alert" role="note">
          {tr(ctx, 'area.legacy_towns', { towns: props.legacyTowns.join(', ') })}
        </p>
      )}
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action={action} class="card" novalidate>
        {/* Enter in a field: search when something is typed in the search, else save */}
        <button type="submit" name="action" value="enter" hidden tabindex={-1} aria-hidden="true" />
        <Csrf ctx={ctx} />
        <p>{tr(ctx, 'area.hint')}</p>
        <h2>{tr(ctx, 'area.parts')}</h2>
        <ChosenParts ctx={ctx} parts={props.parts} />
        {props.canChoose ? (
          <>
            <div class={`field${errors?.q ? ' has-error' : ''}`}>
              <label for="f-q">{tr(ctx, 'area.q')}</label>
              <small id="f-q-hint">{tr(ctx, 'area.q_hint')}</small>
              <input
                id="f-q"
                name="q"
                type="search"
                value={values.q}
                maxlength={100}
                autocomplete="off"
                aria-invalid={errors?.q ? 'true' : undefined}
                aria-describedby={errors?.q ? 'f-q-err f-q-hint' : 'f-q-hint'}
                hx-get={`${action}/suggestions`}
                hx-trigger="input changed delay:300ms"
                hx-target="#area-matches"
                hx-swap="outerHTML"
              />
              {errors?.q && (
                <p class="error" id="f-q-err">
                  {tr(ctx, errors.q)}
                </p>
              )}
            </div>
            <button type="submit" name="action" value="search" class="secondary">
              {tr(ctx, 'area.search')}
            </button>
            <AreaMatches ctx={ctx} matches={props.matches ?? null} />
          </>
        ) : (
          <>
            <p class="alert" role="note">
              {tr(ctx, 'area.needs_node')}
            </p>
            {errors?.q && (
              <p class="error" id="f-q-err">
                {tr(ctx, errors.q)}
              </p>
            )}
          </>
        )}
        <h2>{tr(ctx, 'area.circle')}</h2>
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
        <p>
          <small>{tr(ctx, 'area.unsaved')}</small>
        </p>
        <button type="submit" name="action" value="save">
          {tr(ctx, 'area.save')}
        </button>
      </form>
    </Layout>
  );
}
