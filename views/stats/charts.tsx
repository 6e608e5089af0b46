import type { Stats } from '../../src/stats/queries.js';
import { tr, type ViewCtx } from '../context.js';
import { num } from './format.js';

/** Server-drawn SVG: readable without JavaScript, printable, with a text title for screen readers. */
export function SeriesChart({ ctx, stats }: { ctx: ViewCtx; stats: Stats }) {
  const pts = stats.timeSeries;
  const W = 640;
  const H = 220;
  const pad = { l: 48, r: 8, t: 12, b: 36 };
  const max = Math.max(1, ...pts.map((p) => Math.max(p.postedKg, p.kg)));
  const slot = pts.length ? (W - pad.l - pad.r) / pts.length : 0;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const every = Math.max(1, Math.ceil(pts.length / 8));
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
      <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} stroke="#888" />
      <text x={pad.l - 4} y={pad.t + 4} text-anchor="end" font-size="11">
        {num(ctx, max, 0)}
      </text>
      <text x={pad.l - 4} y={H - pad.b} text-anchor="end" font-size="11">
        0
      </text>
      {pts.map((p, i) => (
        <g>
          <rect
            x={pad.l + i * slot + slot * 0.1}
            y={y(p.postedKg)}
            width={slot * 0.4}
            height={H - pad.b - y(p.postedKg)}
            fill="#b7d7c9"
          >
            <title>{`${p.start}: ${num(ctx, p.postedKg)} kg ${tr(ctx, 'stats.posted_kg').toLowerCase()}`}</title>
          </rect>
          <rect
            x={pad.l + i * slot + slot * 0.5}
            y={y(p.kg)}
            width={slot * 0.4}
            height={H - pad.b - y(p.kg)}
            fill="#0b6e4f"
          >
            <title>{`${p.start}: ${num(ctx, p.kg)} kg ${tr(ctx, 'stats.picked_kg').toLowerCase()}`}</title>
          </rect>
          {i % every === 0 && (
            <text
              x={pad.l + i * slot + slot / 2}
              y={H - pad.b + 14}
              text-anchor="middle"
              font-size="10"
            >
              {p.start.slice(stats.series === 'month' ? 0 : 5, stats.series === 'month' ? 7 : 10)}
            </text>
          )}
        </g>
      ))}
      <rect x={pad.l} y={H - 14} width="10" height="10" fill="#b7d7c9" />
      <text x={pad.l + 14} y={H - 5} font-size="11">
        {tr(ctx, 'stats.posted_kg')}
      </text>
      <rect x={pad.l + 160} y={H - 14} width="10" height="10" fill="#0b6e4f" />
      <text x={pad.l + 174} y={H - 5} font-size="11">
        {tr(ctx, 'stats.picked_kg')}
      </text>
    </svg>
  );
}

export function CategoryChart({ ctx, stats }: { ctx: ViewCtx; stats: Stats }) {
  const rows = stats.byCategory.filter((c) => c.kg > 0 || c.postedKg > 0);
  const W = 640;
  const row = 22;
  const H = Math.max(1, rows.length) * row + 8;
  const label = 150;
  const max = Math.max(1, ...rows.map((c) => Math.max(c.kg, c.postedKg)));
  const w = (v: number) => ((W - label - 70) * v) / max;
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
          <text x={label - 6} y={i * row + 16} text-anchor="end" font-size="12">
            {tr(ctx, `cat.${c.category}`)}
          </text>
          <rect x={label} y={i * row + 4} width={w(c.postedKg)} height="16" fill="#b7d7c9" />
          <rect x={label} y={i * row + 8} width={w(c.kg)} height="8" fill="#0b6e4f" />
          <text
            x={label + w(Math.max(c.kg, c.postedKg)) + 4}
            y={i * row + 16}
            font-size="11"
          >{`${num(ctx, c.kg)} / ${num(ctx, c.postedKg)} kg`}</text>
        </g>
      ))}
    </svg>
  );
}
