// Where the territory's area lacks coverage (issue #19), over a period: three tables.
import type { Coverage } from '../../src/territories/coverage.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { PeriodFields } from '../components/period-fields.js';
import { Layout } from '../layout.js';
import { day, num, pct } from '../stats/format.js';

const Table = ({
  ctx,
  id,
  title,
  head,
  rows,
}: {
  ctx: ViewCtx;
  id: string;
  title: string;
  head: string[];
  rows: (string | number)[][];
}) => (
  <div
    class="table-wrap"
    tabindex={0}
    role="region"
    aria-label={tr(ctx, 'stats.table_scroll', { title })}
  >
    <table class="table" id={id}>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col">{tr(ctx, h)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            {r.map((c) => (
              <td>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

export function CoveragePage({
  ctx,
  coverage: cv,
  values,
  errors,
  names,
}: {
  ctx: ViewCtx;
  coverage: Coverage;
  values: FormValues;
  /** a bad period, said beside its field (the default period is shown) */
  errors?: FieldErrors;
  /** a commune's name by its INSEE code, when the list of communes is at hand (Node) */
  names: (code: string) => string | null;
}) {
  const commune = (code: string | null, town: string | null) => {
    const name = code ? (names(code) ?? town) : town;
    return code && name ? `${name} (${code})` : (code ?? name ?? '—');
  };
  const kit = (c: { chilled: boolean; frozen: boolean }) =>
    tr(ctx, `territory.coverage.kit.${c.chilled ? 'fridge' : c.frozen ? 'freezer' : 'none'}`);
  return (
    <Layout ctx={ctx} title={tr(ctx, 'territory.coverage.title')}>
      <h1>{tr(ctx, 'territory.coverage.title')}</h1>
      <p>{tr(ctx, 'stats.range', { from: day(ctx, cv.from), to: day(ctx, cv.to) })}</p>
      {cv.areaEmpty && <p class="alert">{tr(ctx, 'stats.scope_empty')}</p>}
      <form method="get" action="/territory/coverage" class="card filters" novalidate>
        <PeriodFields ctx={ctx} values={values} errors={errors} />
        <button type="submit">{tr(ctx, 'territory.coverage.show')}</button>
      </form>

      <section id="coverage-expiring" aria-labelledby="coverage-expiring-title">
        <h2 id="coverage-expiring-title">{tr(ctx, 'territory.coverage.expiring')}</h2>
        <p class="factor">{tr(ctx, 'territory.coverage.expiring_hint')}</p>
        {cv.expiring.length === 0 ? (
          <p>{tr(ctx, 'territory.coverage.nothing')}</p>
        ) : (
          <Table
            ctx={ctx}
            id="expiring"
            title={tr(ctx, 'territory.coverage.expiring')}
            head={[
              'territory.coverage.shop',
              'territory.coverage.town',
              'territory.coverage.expired',
              'territory.coverage.share',
              'territory.coverage.expired_kg',
            ]}
            rows={cv.expiring.map((s) => [
              s.name,
              s.town ?? '—',
              `${s.expired} / ${s.posted}`,
              pct(ctx, s.share),
              num(ctx, s.expiredKg),
            ])}
          />
        )}
      </section>

      <section id="coverage-reach" aria-labelledby="coverage-reach-title">
        <h2 id="coverage-reach-title">{tr(ctx, 'territory.coverage.reach')}</h2>
        <p class="factor">{tr(ctx, 'territory.coverage.reach_hint')}</p>
        {cv.outOfReach.length === 0 ? (
          <p>{tr(ctx, 'territory.coverage.nothing')}</p>
        ) : (
          <Table
            ctx={ctx}
            id="out-of-reach"
            title={tr(ctx, 'territory.coverage.reach')}
            head={[
              'territory.coverage.commune',
              'territory.coverage.shops',
              'territory.coverage.nearest',
            ]}
            rows={cv.outOfReach.map((c) => [
              commune(c.citycode, c.town),
              c.shops,
              c.nearestKm == null ? '—' : `${num(ctx, c.nearestKm, 1)} km`,
            ])}
          />
        )}
        {cv.emptyCommunes.length > 0 && (
          <p id="empty-communes">
            {tr(ctx, 'territory.coverage.empty', { n: cv.emptyCommunes.length })}{' '}
            {cv.emptyCommunes
              .slice(0, 50)
              .map((c) => commune(c, null))
              .join(', ')}
            {cv.emptyCommunes.length > 50 ? '…' : ''}
          </p>
        )}
      </section>

      <section id="coverage-cold" aria-labelledby="coverage-cold-title">
        <h2 id="coverage-cold-title">{tr(ctx, 'territory.coverage.cold')}</h2>
        <p class="factor">{tr(ctx, 'territory.coverage.cold_hint')}</p>
        {cv.cold.length === 0 ? (
          <p>{tr(ctx, 'territory.coverage.nothing')}</p>
        ) : (
          <Table
            ctx={ctx}
            id="cold"
            title={tr(ctx, 'territory.coverage.cold')}
            head={[
              'territory.coverage.association',
              'territory.coverage.kit',
              'territory.coverage.missed',
              'territory.coverage.missed_expired',
              'territory.coverage.no_room',
            ]}
            rows={cv.cold.map((a) => [
              `${a.name}${a.town ? ` (${a.town})` : ''}`,
              kit(a),
              `${a.missed} · ${num(ctx, a.missedKg)} kg`,
              a.missedExpired,
              a.noRoom,
            ])}
          />
        )}
      </section>
    </Layout>
  );
}
