import type { Defect } from '../../src/quality/domain.js';
import { parisDate } from '../../src/shared/time.js';
import type { OrgFigures } from '../../src/stats/queries.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, FormErrors } from '../components/fields.js';
import { Layout } from '../layout.js';
import { day, num, pct } from '../stats/format.js';
import { TableScroll } from '../components/table-scroll.js';

export function DefectItem({
  ctx,
  d,
  canAct,
  values,
  errors,
  recorded,
}: {
  ctx: ViewCtx;
  d: Defect;
  canAct: boolean;
  values?: FormValues;
  errors?: FieldErrors;
  recorded?: boolean;
}) {
  const id = `defect-${d.id}`;
  return (
    <li id={id} class="card">
      <h3>
        {day(ctx, d.day)} · {d.description} · {tr(ctx, `cat.${d.category}`)}
      </h3>
      <p class="meta">
        {d.shopName} → {d.associationName ?? '—'} ·{' '}
        <a href={`/donations/${d.id}/record`}>{tr(ctx, 'quality.record_link')}</a>
      </p>
      <ul>
        {d.reasons.map((r) => (
          <li>
            {r === 'quality' &&
              tr(ctx, 'quality.reason.quality', { q: tr(ctx, `stats.quality.${d.quality}`) })}
            {r === 'temperature' &&
              tr(ctx, 'quality.reason.temperature', {
                t: num(ctx, d.temperatureC, 1),
                limit: num(ctx, d.limitC, 0),
              })}
            {r === 'issues' && tr(ctx, 'quality.reason.issues', { issues: d.issues ?? '' })}
            {r === 'hub_temperature' &&
              tr(ctx, 'quality.reason.hub_temperature', {
                t: num(ctx, d.hubTemperatureC, 1),
                limit: num(ctx, d.limitC, 0),
              })}
            {r === 'hub_refused' &&
              `${tr(ctx, 'quality.reason.hub_refused', {
                reason: tr(ctx, `don.reason.${d.hubRefusalReason}`),
              })} · ${tr(ctx, 'quality.hub_waste', { kg: num(ctx, d.hubRefusedKg) })}`}
          </li>
        ))}
        {d.codes.length > 0 && (
          <li class="codes">
            {tr(ctx, 'quality.codes', {
              list: d.codes.map((c) => tr(ctx, `don.reason.${c}`)).join(', '),
            })}
          </li>
        )}
        {d.coldChainReason && (
          <li>
            {tr(ctx, 'quality.cold_reason', { reason: tr(ctx, `don.cold.${d.coldChainReason}`) })}
          </li>
        )}
      </ul>
      <h4>{tr(ctx, 'quality.actions')}</h4>
      {d.actions.length ? (
        <ul>
          {d.actions.map((a) => (
            <li>
              {a.action}{' '}
              <small>
                ({a.by ?? '—'}, {day(ctx, parisDate(a.at))})
              </small>
            </li>
          ))}
        </ul>
      ) : (
        <p>{tr(ctx, 'quality.no_action')}</p>
      )}
      {recorded && (
        <p class="alert ok" role="status">
          {tr(ctx, 'quality.recorded')}
        </p>
      )}
      {canAct && (
        <form
          method="post"
          action={`/quality/${d.id}/actions`}
          hx-post={`/quality/${d.id}/actions`}
          hx-target={`#${id}`}
          hx-swap="outerHTML"
          novalidate
        >
          <Csrf ctx={ctx} />
          <FormErrors ctx={ctx} errors={errors} />
          <div class={`field${errors?.action ? ' has-error' : ''}`}>
            <label for={`action-${d.id}`}>{tr(ctx, 'quality.action')}</label>
            <textarea
              id={`action-${d.id}`}
              name="action"
              rows={2}
              aria-invalid={errors?.action ? 'true' : undefined}
              aria-describedby={errors?.action ? `action-${d.id}-err` : undefined}
            >
              {String(values?.action ?? '')}
            </textarea>
            {errors?.action && (
              <p class="error" id={`action-${d.id}-err`}>
                {tr(ctx, errors.action)}
              </p>
            )}
          </div>
          <button type="submit">{tr(ctx, 'quality.record')}</button>
        </form>
      )}
    </li>
  );
}

export function QualityPage(props: {
  ctx: ViewCtx;
  defects: Defect[];
  shops: OrgFigures[];
  canActFor: number[];
  range: { from: string; to: string };
  failed?: { id: number; values: FormValues; errors: FieldErrors };
  /** how often each structured reason was given in the period (quality/domain.ts) */
  codeCounts?: [string, number][];
}) {
  const { ctx } = props;
  const codeCounts = props.codeCounts ?? [];
  return (
    <Layout ctx={ctx} title={tr(ctx, 'quality.title')}>
      <h1>{tr(ctx, 'quality.title')}</h1>
      <p>{tr(ctx, 'quality.intro')}</p>
      <p class="meta">{tr(ctx, 'quality.limits')}</p>
      <p>
        {tr(ctx, 'stats.range', { from: day(ctx, props.range.from), to: day(ctx, props.range.to) })}{' '}
        ·{' '}
        <a href={`/quality?period=year&year=${props.range.to.slice(0, 4)}`}>
          {props.range.to.slice(0, 4)}
        </a>
      </p>
      <h2>{tr(ctx, 'quality.rates')}</h2>
      <TableScroll ctx={ctx} title={tr(ctx, 'quality.rates')}>
        <table class="table compact" id="defect-rates">
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'stats.shop')}</th>
              <th scope="col">{tr(ctx, 'stats.pickups')}</th>
              <th scope="col">{tr(ctx, 'stats.defects')}</th>
              <th scope="col">{tr(ctx, 'stats.defect_rate')}</th>
              <th scope="col">{tr(ctx, 'stats.followed_up')}</th>
            </tr>
          </thead>
          <tbody>
            {props.shops.map((s) => (
              <tr>
                <td>{s.name}</td>
                <td>{s.pickups}</td>
                <td>{s.defects}</td>
                <td>{pct(ctx, s.defectRate)}</td>
                <td>{`${s.followedUp} / ${s.defects}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{tr(ctx, 'quality.list')}</h2>
      {codeCounts.length > 0 && (
        <p id="reason-counts">
          {tr(ctx, 'quality.code_counts')}{' '}
          {codeCounts.map(([c, n]) => `${tr(ctx, `don.reason.${c}`)} ${n}`).join(' · ')}
        </p>
      )}
      <p>
        <a href={`/quality.csv?from=${props.range.from}&to=${props.range.to}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
      {props.defects.length ? (
        <ul class="list">
          {props.defects.map((d) => (
            <DefectItem
              ctx={ctx}
              d={d}
              canAct={props.canActFor.includes(d.shopId)}
              {...(props.failed?.id === d.id
                ? { values: props.failed.values, errors: props.failed.errors }
                : {})}
            />
          ))}
        </ul>
      ) : (
        <p>{tr(ctx, 'quality.none')}</p>
      )}
    </Layout>
  );
}
