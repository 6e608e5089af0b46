import type { TraceLine } from '../../src/quality/traceability.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { num } from '../stats/format.js';
import { fmt, partyLine, productDateOf, temperatureOf } from './record.js';

/** The records of a period, for the shop or the association that keeps them; a CSV of the same. */
export function RecordsPage(props: {
  ctx: ViewCtx;
  lines: TraceLine[];
  from: string;
  to: string;
  truncated: boolean;
}) {
  const { ctx, lines } = props;
  const q = `from=${props.from}&to=${props.to}`;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'record.period_title')}>
      <h1>{tr(ctx, 'record.period_title')}</h1>
      <p class="meta">{tr(ctx, 'record.keep')}</p>
      <form method="get" action="/records" class="card">
        <div class="field">
          <label for="f-from">{tr(ctx, 'record.from')}</label>
          <input id="f-from" name="from" type="date" value={props.from} />
        </div>
        <div class="field">
          <label for="f-to">{tr(ctx, 'record.to')}</label>
          <input id="f-to" name="to" type="date" value={props.to} />
        </div>
        <button type="submit" class="secondary">
          {tr(ctx, 'record.show')}
        </button>
      </form>
      <p>
        <a href={`/records.csv?${q}`}>{tr(ctx, 'record.csv')}</a>
      </p>
      {props.truncated && <p class="alert">{tr(ctx, 'record.truncated')}</p>}
      {lines.length === 0 ? (
        <p>{tr(ctx, 'record.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table" id="records">
            <thead>
              <tr>
                <th scope="col">{tr(ctx, 'record.number')}</th>
                <th scope="col">{tr(ctx, 'record.picked_up_at')}</th>
                <th scope="col">{tr(ctx, 'record.product')}</th>
                <th scope="col">{tr(ctx, 'record.kg_received')}</th>
                <th scope="col">{tr(ctx, 'record.date')}</th>
                <th scope="col">{tr(ctx, 'record.lot')}</th>
                <th scope="col">{tr(ctx, 'record.temperature')}</th>
                <th scope="col">{tr(ctx, 'record.donor')}</th>
                <th scope="col">{tr(ctx, 'record.association')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr id={`record-${l.id}`}>
                  <td>
                    <a href={`/donations/${l.id}/record`}>#{l.id}</a>
                  </td>
                  <td>{fmt(ctx, l.handedOverAt)}</td>
                  <td>{l.description}</td>
                  <td>{l.receivedKg == null ? '—' : `${num(ctx, l.receivedKg)} kg`}</td>
                  <td>{productDateOf(ctx, l)}</td>
                  <td>{l.lotNumber ?? '—'}</td>
                  <td>{temperatureOf(ctx, l)}</td>
                  <td>{partyLine(l.shop)}</td>
                  <td>{partyLine(l.association)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
