import type { TraceabilityRecord } from '../../src/quality/domain.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { num } from '../stats/format.js';

const fmt = (ctx: ViewCtx, d: Date | null) =>
  d
    ? new Intl.DateTimeFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Paris',
      }).format(d)
    : '—';
const orgLine = (o: {
  name: string;
  address: string | null;
  postcode: string | null;
  town: string | null;
  phone: string | null;
}) =>
  [o.name, o.address, [o.postcode, o.town].filter(Boolean).join(' '), o.phone]
    .filter(Boolean)
    .join(' · ');

export function RecordPage({ ctx, rec }: { ctx: ViewCtx; rec: TraceabilityRecord }) {
  const { d } = rec;
  const rows: [string, string][] = [
    [tr(ctx, 'record.number'), `#${d.id}`],
    [tr(ctx, 'record.product'), `${d.description} (${tr(ctx, `cat.${d.category}`)})`],
    [tr(ctx, 'record.storage'), tr(ctx, `record.storage.${d.storage}`)],
    [tr(ctx, 'record.packaged'), tr(ctx, d.packaged ? 'record.yes' : 'record.no')],
    [tr(ctx, 'record.kg_offered'), `${num(ctx, d.quantity_kg)} kg`],
    [tr(ctx, 'record.kg_received'), d.received_kg == null ? '—' : `${num(ctx, d.received_kg)} kg`],
    [
      tr(ctx, 'record.date'),
      d.product_date ? `${d.date_kind === 'use_by' ? 'DLC' : 'DDM'} ${d.product_date}` : '—',
    ],
    [tr(ctx, 'record.posted_at'), fmt(ctx, d.created_at)],
    [tr(ctx, 'record.picked_up_at'), fmt(ctx, d.picked_up_at ?? d.closed_at)],
    [
      tr(ctx, 'record.temperature'),
      d.temperature_c == null
        ? '—'
        : `${num(ctx, d.temperature_c, 1)} °C${d.limit_c != null ? ` (max ${num(ctx, d.limit_c, 0)} °C)` : ''}`,
    ],
    [tr(ctx, 'record.quality'), d.quality ? tr(ctx, `stats.quality.${d.quality}`) : '—'],
    [tr(ctx, 'record.issues'), d.issues ?? '—'],
    [tr(ctx, 'record.donor'), orgLine(rec.shop)],
    [tr(ctx, 'record.association'), rec.association ? orgLine(rec.association) : '—'],
    [tr(ctx, 'record.driver'), rec.pickerName ?? '—'],
  ];
  return (
    <Layout ctx={ctx} title={tr(ctx, 'record.title')}>
      <h1>{tr(ctx, 'record.title')}</h1>
      <p class="meta">{tr(ctx, 'record.keep')}</p>
      <table class="table" id="record">
        <tbody>
          {rows.map(([k, v]) => (
            <tr>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
