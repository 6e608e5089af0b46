import { colon } from '../../src/i18n/format.js';
import type { WithdrawalDetail } from '../../src/withdrawals/queries.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { date, kg, productName } from './format.js';

const address = (a: string | null, postcode: string | null, town: string | null) =>
  [a, [postcode, town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/** The paper the charity signs for the PO's claim: who, what, how much, when, which certificate. */
export function AttestationPage({ ctx, w }: { ctx: ViewCtx; w: WithdrawalDetail }) {
  const row = (label: string, value: string | number) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
  return (
    <Layout ctx={ctx} title={tr(ctx, 'wd.att.title')}>
      <article class="attestation">
        <h1>{tr(ctx, 'wd.att.title')}</h1>
        <p class="meta">{tr(ctx, 'wd.att.print')}</p>
        <table class="table">
          <tbody>
            {row(tr(ctx, 'wd.att.certificate'), w.certificate_number ?? '……………………')}
            {row(
              tr(ctx, 'wd.att.po'),
              `${w.po_name} — ${address(w.po_address, w.po_postcode, w.po_town)}`,
            )}
            {row(
              tr(ctx, 'wd.att.association'),
              `${w.association_name} — ${address(w.association_address, w.association_postcode, w.association_town)}`,
            )}
            {row(tr(ctx, 'wd.att.product'), productName(ctx, w))}
            {row(tr(ctx, 'wd.att.cn'), w.cn_code)}
            {row(tr(ctx, 'wd.att.date'), date(ctx, w.withdrawn_on))}
            {row(tr(ctx, 'wd.att.withdrawn'), `${kg(ctx, w.quantity_kg)} kg`)}
            {row(
              tr(ctx, 'wd.att.received'),
              w.status === 'received'
                ? `${kg(ctx, w.received_kg!)} kg`
                : w.status === 'refused'
                  ? `0 kg — ${tr(ctx, 'wd.status.refused')}${colon(ctx.lang)}${w.refusal_reason}`
                  : `………… kg (${tr(ctx, 'wd.att.not_yet')})`,
            )}
          </tbody>
        </table>
        <p>{tr(ctx, 'wd.att.statement')}</p>
        <div class="card signature">
          <p>
            {tr(ctx, 'wd.att.sign_name')}
            {colon(ctx.lang)}……………………………………
          </p>
          <p>{tr(ctx, 'wd.att.sign_place_date')}</p>
          <p>
            {tr(ctx, 'wd.att.signature')}
            {colon(ctx.lang).trimEnd()}
          </p>
          <div class="signature-space"></div>
        </div>
        <p class="meta">#{w.id}</p>
      </article>
    </Layout>
  );
}
