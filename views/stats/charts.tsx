import type { Stats } from '../../src/stats/queries.js';
import { tr, type ViewCtx } from '../context.js';
import { axisLabel, num } from './format.js';

/**
 * Charts are drawn in a 360-unit-wide viewBox: a phone (390 px, 358 px of content) shows them at
 * about 1:1, so FONT units are about FONT px there (at least 12 px); wider screens scale them up.
 */
export const CHART_W = 360;
export const FONT = 13;
/** The x axis has room for this many date labels ("30 nov.", "nov. 2026"). */
const MAX_TICKS = 4;

/** Server-drawn SVG: readable without JavaScript, printable, with a text title for screen readers. */
export function SeriesChart({ ctx, stats }: { ctx: ViewCtx; stats: Stats }) {
  const pts = stats.timeSeries;
  const W = CHART_W;
  const H = 230;
  const pad = { l: 44, r: 8, t: 14, b: 58 };
  const max = Math.max(1, ...pts.map((p) => Math.max(p.postedKg, p.kg)));
  const slot = pts.length ? (W - pad.l - pad.r) / pts.length : 0;
  const base = H - pad.b;
  const y = (v: number) => pad.t + (base - pad.t) * (1 - v / max);
  const every = Math.max(1, Math.ceil(pts.length / MAX_TICKS));
  const title = tr(ctx, 'stats.series_title', { unit: tr(ctx, `stats.series.${stats.series}`) });
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby="series-title"
      class="chart"
      width="100%"
    >
      <title id="series-title">{title}</title>
      <line x1={pad.l} y1={base} x2={W - pad.r} y2={base} stroke="#888" />
      <text x={pad.l - 4} y={pad.t + 4} text-anchor="end" font-size={FONT}>
        {num(ctx, max, 0)}
      </text>
      <text x={pad.l - 4} y={base} text-anchor="end" font-size={FONT}>
        0
      </text>
      {pts.map((p, i) => (
        <g>
          <rect
            x={pad.l + i * slot + slot * 0.1}
            y={y(p.postedKg)}
            width={slot * 0.4}
            height={base - y(p.postedKg)}
            fill="#b7d7c9"
          >
            <title>{`${axisLabel(ctx, p.start, stats.series)} – ${num(ctx, p.postedKg)} kg ${tr(ctx, 'stats.posted_kg').toLowerCase()}`}</title>
          </rect>
          <rect
            x={pad.l + i * slot + slot * 0.5}
            y={y(p.kg)}
            width={slot * 0.4}
            height={base - y(p.kg)}
            fill="#0b6e4f"
          >
            <title>{`${axisLabel(ctx, p.start, stats.series)} – ${num(ctx, p.kg)} kg ${tr(ctx, 'stats.picked_kg').toLowerCase()}`}</title>
          </rect>
          {i % every === 0 && (
            <text
              class="tick"
              x={pad.l + i * slot + slot / 2}
              y={base + 17}
              text-anchor="middle"
              font-size={FONT}
            >
              {axisLabel(ctx, p.start, stats.series)}
            </text>
          )}
        </g>
      ))}
      <rect x={8} y={H - 32} width="12" height="12" fill="#b7d7c9" />
      <text x={26} y={H - 21} font-size={FONT}>
        {tr(ctx, 'stats.posted_kg')}
      </text>
      <rect x={8} y={H - 14} width="12" height="12" fill="#0b6e4f" />
      <text x={26} y={H - 3} font-size={FONT}>
        {tr(ctx, 'stats.picked_kg')}
      </text>
    </svg>
  );
}

/** By category: each row a name and its figures on one line, the bars full width below. */
export function CategoryChart({ ctx, stats }: { ctx: ViewCtx; stats: Stats }) {
  const rows = stats.byCategory.filter((c) => c.kg > 0 || c.postedKg > 0);
  const W = CHART_W;
  const row = 38;
  const H = Math.max(1, rows.length) * row + 4;
  const max = Math.max(1, ...rows.map((c) => Math.max(c.kg, c.postedKg)));
  const w = (v: number) => ((W - 4) * v) / max;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby="cat-title"
      class="chart"
      width="100%"
    >
      <title id="cat-title">{tr(ctx, 'stats.categories_title')}</title>
      {rows.map((c, i) => (
        <g>
          <text x={0} y={i * row + 14} font-size={FONT}>
            {tr(ctx, `cat.${c.category}`)}
          </text>
          <text
            x={W}
            y={i * row + 14}
            text-anchor="end"
            font-size={FONT}
          >{`${num(ctx, c.kg)} / ${num(ctx, c.postedKg)} kg`}</text>
          <rect x={0} y={i * row + 19} width={w(c.postedKg)} height="14" fill="#b7d7c9" />
          <rect x={0} y={i * row + 22} width={w(c.kg)} height="8" fill="#0b6e4f" />
        </g>
      ))}
    </svg>
  );
}
