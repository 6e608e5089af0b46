// The dashboard's rankings of shops and of associations, with their CSV links.
import type { OrgFigures } from '../../src/stats/queries.js';
import { tr, type ViewCtx } from '../context.js';
import { num, pct } from './format.js';

export function OrgTable({
  ctx,
  title,
  id,
  rows,
  qs,
  shops,
}: {
  ctx: ViewCtx;
  title: string;
  id: string;
  rows: OrgFigures[];
  qs: string;
  shops: boolean;
}) {
  return (
    <section>
      <h2>{title}</h2>
      <div
        class="table-wrap"
        tabindex={0}
        role="region"
        aria-label={tr(ctx, 'stats.table_scroll', { title })}
      >
        <table class="table" id={id}>
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'stats.rank')}</th>
              <th scope="col">{tr(ctx, 'stats.name')}</th>
              {shops && <th scope="col">{tr(ctx, 'stats.donations')}</th>}
              {shops && <th scope="col">{tr(ctx, 'stats.posted_kg')}</th>}
              <th scope="col">{tr(ctx, 'stats.pickups')}</th>
              <th scope="col">{tr(ctx, 'stats.picked_kg')}</th>
              {shops && <th scope="col">{tr(ctx, 'stats.defect_rate')}</th>}
              {shops && <th scope="col">{tr(ctx, 'stats.followed_up')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr>
                <td>{i + 1}</td>
                <td>{r.name}</td>
                {shops && <td>{r.donations}</td>}
                {shops && <td>{num(ctx, r.postedKg)}</td>}
                <td>{r.pickups}</td>
                <td>{num(ctx, r.kg)}</td>
                {shops && <td>{`${pct(ctx, r.defectRate)} (${r.defects})`}</td>}
                {shops && <td>{`${r.followedUp} / ${r.defects}`}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/dashboard.csv?table=${id}&${qs}`} download>
          {tr(ctx, 'stats.csv')}
        </a>
      </p>
    </section>
  );
}
