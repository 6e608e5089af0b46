// The quality of what is given (issue #19): the shares of the kg picked up, and the trend.
import type { GivenFigures, GivenMonth } from '../../src/stats/given.js';
import { tr, type ViewCtx } from '../context.js';
import { TableScroll } from '../components/table-scroll.js';
import { CHART_W, FONT } from './charts.js';
import { axisLabel, num, pct } from './format.js';

type ShareKey = keyof GivenMonth['shares'];
const KEYS: [ShareKey, 'freshProduceKg' | 'fruitVegetablesKg' | 'labelledKg' | 'localKg'][] = [
  ['freshProduce', 'freshProduceKg'],
  ['fruitVegetables', 'fruitVegetablesKg'],
  ['labelled', 'labelledKg'],
  ['local', 'localKg'],
];
/** One colour and one dash per share, so the lines part without colour too. */
const LINES: Record<ShareKey, [string, string | undefined]> = {
  freshProduce: ['#0b6e4f', undefined],
  fruitVegetables: ['#c05621', '6 3'],
  labelled: ['#2b6cb0', '2 3'],
  local: ['#6b46c1', '8 3 2 3'],
};

export function GivenSection({
  ctx,
  given,
  trend,
  qs,
}: {
  ctx: ViewCtx;
  given: GivenFigures;
  /** the twelve months to the period's end (a territory, the admin), or null */
  trend: GivenMonth[] | null;
  qs: string;
}) {
  return (
    <section id="given" aria-labelledby="given-title">
      <h2 id="given-title">{tr(ctx, 'stats.given.title')}</h2>
      <p class="factor">
        {tr(ctx, 'stats.given.basis_with_withdrawals', { kg: num(ctx, given.pickedUpKg) })}
      </p>
      <dl class="counters">
        {KEYS.map(([k, kgKey]) => (
          <div class="card" id={`given-${k}`}>
            <dt>{tr(ctx, `stats.given.${k}`)}</dt>
            <dd class="figure">{pct(ctx, given.shares[k])}</dd>
            <dd class="factor">{`${num(ctx, given[kgKey])} kg`}</dd>
          </div>
        ))}
      </dl>
      <p class="factor" id="given-labels">
        {tr(ctx, 'stats.given.by_label', {
          organic: num(ctx, given.byLabel.organic),
          label_rouge: num(ctx, given.byLabel.label_rouge),
          aop_igp: num(ctx, given.byLabel.aop_igp),
        })}
      </p>
      <p>
        <a href={`/dashboard.csv?table=quality_shares&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
      {trend && <GivenTrend ctx={ctx} months={trend} qs={qs} />}
    </section>
  );
}

function GivenTrend({ ctx, months, qs }: { ctx: ViewCtx; months: GivenMonth[]; qs: string }) {
  const title = tr(ctx, 'stats.given.trend_title');
  return (
    <>
      <h3>{title}</h3>
      <TrendChart ctx={ctx} months={months} title={title} />
      {/* short headings (the cards above say each share in full), tight cells: the twelve
        months fit a phone's width; the box still scrolls should a longer language need it */}
      <TableScroll ctx={ctx} title={title}>
        <table class="table compact" id="given-months">
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'stats.given.month')}</th>
              <th scope="col">{tr(ctx, 'stats.given.short.kg')}</th>
              {KEYS.map(([k]) => (
                <th scope="col">{tr(ctx, `stats.given.short.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr>
                <td>{axisLabel(ctx, m.month, 'month')}</td>
                <td>{num(ctx, m.pickedUpKg)}</td>
                {KEYS.map(([k]) => (
                  <td>{pct(ctx, m.shares[k])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        <a href={`/dashboard.csv?table=quality_months&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </>
  );
}

/** Four lines from 0 to 100 %, one point per month; a month with nothing picked up breaks them. */
function TrendChart({ ctx, months, title }: { ctx: ViewCtx; months: GivenMonth[]; title: string }) {
  const W = CHART_W;
  const H = 184;
  const pad = { l: 60, r: 8, t: 14, b: 30 }; // room for "100 %" (French: a space before %)
  const base = H - pad.b;
  const step = months.length > 1 ? (W - pad.l - pad.r) / (months.length - 1) : 0;
  const x = (i: number) => pad.l + i * step;
  const y = (v: number) => pad.t + (base - pad.t) * (1 - v);
  const every = Math.max(1, Math.ceil(months.length / 4));
  const runs = (k: ShareKey) => {
    const out: string[][] = [[]];
    months.forEach((m, i) => {
      const v = m.shares[k];
      if (v == null) out.push([]);
      else out[out.length - 1].push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    return out.filter((r) => r.length);
  };
  return (
    <>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="given-chart-title"
        class="chart"
        width="100%"
      >
        <title id="given-chart-title">{title}</title>
        <line x1={pad.l} y1={base} x2={W - pad.r} y2={base} stroke="#888" />
        <text x={pad.l - 4} y={pad.t + 4} text-anchor="end" font-size={FONT}>
          {pct(ctx, 1)}
        </text>
        <text x={pad.l - 4} y={base} text-anchor="end" font-size={FONT}>
          {pct(ctx, 0)}
        </text>
        {months.map((m, i) =>
          i % every === 0 ? (
            <text class="tick" x={x(i)} y={base + 17} text-anchor="middle" font-size={FONT}>
              {axisLabel(ctx, m.month, 'month')}
            </text>
          ) : null,
        )}
        {KEYS.map(([k]) =>
          runs(k).map((pts) =>
            pts.length === 1 ? (
              <circle
                cx={pts[0].split(',')[0]}
                cy={pts[0].split(',')[1]}
                r="3"
                fill={LINES[k][0]}
              />
            ) : (
              <polyline
                points={pts.join(' ')}
                fill="none"
                stroke={LINES[k][0]}
                stroke-width="2"
                stroke-dasharray={LINES[k][1]}
              />
            ),
          ),
        )}
      </svg>
      {/* the legend as a list under the chart: it wraps on a narrow screen, where text inside
        the SVG would overlap and run past its edge */}
      <ul class="chart-legend">
        {KEYS.map(([k]) => (
          <li>
            <svg width="24" height="10" aria-hidden="true" focusable="false">
              <line
                x1="0"
                y1="5"
                x2="24"
                y2="5"
                stroke={LINES[k][0]}
                stroke-width="2"
                stroke-dasharray={LINES[k][1]}
              />
            </svg>{' '}
            {tr(ctx, `stats.given.${k}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
