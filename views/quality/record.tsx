import type { TraceLine } from '../../src/quality/traceability.js';
import type { TraceParty } from '../../src/db/schema.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { num } from '../stats/format.js';
import { formatDay } from '../../src/i18n/format.js';

export const fmt = (ctx: ViewCtx, d: Date | null) =>
  d
    ? new Intl.DateTimeFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Paris',
      }).format(d)
    : '—';
/** Name, address and legal identity of a party, as the record names it. */
export const partyLine = (p: TraceParty | null) =>
  p
    ? [
        p.name,
        p.address,
        p.siret && `SIRET ${p.siret}`,
        !p.siret && p.siren && `SIREN ${p.siren}`,
        p.rna && `RNA ${p.rna}`,
      ]
        .filter(Boolean)
        .join(' · ')
    : '—';

/** "DLC 2 décembre 2026" / "Use-by date 2 December 2026". */
export const productDateOf = (ctx: ViewCtx, d: TraceLine) =>
  d.productDate
    ? `${tr(ctx, d.dateKind === 'use_by' ? 'record.use_by' : 'record.best_before')} ${formatDay(ctx.lang, d.productDate)}`
    : '—';

export const temperatureOf = (ctx: ViewCtx, d: TraceLine) =>
  d.temperatureC == null
    ? '—'
    : `${num(ctx, d.temperatureC, 1)} °C${d.limitC != null ? ` (max ${num(ctx, d.limitC, 0)} °C)` : ''}`;

export function RecordPage({ ctx, rec: d }: { ctx: ViewCtx; rec: TraceLine }) {
  const rows: [string, string][] = [
    [tr(ctx, 'record.number'), `#${d.id}`],
    [tr(ctx, 'record.product'), `${d.description} (${tr(ctx, `cat.${d.category}`)})`],
    [tr(ctx, 'record.storage'), tr(ctx, `record.storage.${d.storage}`)],
    [tr(ctx, 'record.packaged'), tr(ctx, d.packaged ? 'record.yes' : 'record.no')],
    [tr(ctx, 'record.kg_offered'), `${num(ctx, d.quantityKg)} kg`],
    [tr(ctx, 'record.kg_received'), d.receivedKg == null ? '—' : `${num(ctx, d.receivedKg)} kg`],
    [tr(ctx, 'record.date'), productDateOf(ctx, d)],
    [tr(ctx, 'record.lot'), d.lotNumber ?? '—'],
    [tr(ctx, 'record.posted_at'), fmt(ctx, d.postedAt)],
    [tr(ctx, 'record.picked_up_at'), fmt(ctx, d.handedOverAt)],
    [tr(ctx, 'record.temperature'), temperatureOf(ctx, d)],
    [tr(ctx, 'record.quality'), d.quality ? tr(ctx, `stats.quality.${d.quality}`) : '—'],
    [tr(ctx, 'record.issues'), d.issues ?? '—'],
    [tr(ctx, 'record.donor'), partyLine(d.shop)],
    [tr(ctx, 'record.association'), partyLine(d.association)],
    // a shared round: each association with the kg it received
    ...d.shares.map((s): [string, string] => [
      tr(ctx, 'record.share'),
      tr(ctx, 'record.share_kg', { party: partyLine(s.association), kg: num(ctx, s.kg) }),
    ]),
    [tr(ctx, 'record.driver'), d.driver ?? '—'],
  ];
  return (
    <Layout ctx={ctx} title={tr(ctx, 'record.title')}>
      <h1>{tr(ctx, 'record.title')}</h1>
      <p class="meta">{tr(ctx, 'record.keep')}</p>
      <p>
        <a href={`/donations/${d.id}/record.csv`}>{tr(ctx, 'record.csv')}</a>
      </p>
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
