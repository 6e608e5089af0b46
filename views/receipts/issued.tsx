import type { Receipt } from '../../src/db/schema.js';
import type { ReceiptGroup } from '../../src/receipts/domain.js';
import { tr, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { day, eur } from '../stats/format.js';

/** The association issues the receipt of one shop for the period shown. */
export function IssueForm(props: { ctx: ViewCtx; g: ReceiptGroup; from: string; to: string }) {
  const { ctx, g } = props;
  return (
    <form method="post" action="/receipts/issue" class="noprint issue">
      <Csrf ctx={ctx} />
      <input type="hidden" name="shopId" value={String(g.shop.id)} />
      <input type="hidden" name="periodFrom" value={props.from} />
      <input type="hidden" name="periodTo" value={props.to} />
      {g.withoutValue > 0 && (
        <label>
          <input type="checkbox" name="withoutValue" value="exclude" />{' '}
          {tr(ctx, 'receipts.issue_without', { n: g.withoutValue })}
        </label>
      )}
      <button type="submit">{tr(ctx, 'receipts.issue')}</button>
    </form>
  );
}

/** The shop gives a donation's cost value it left out, so that it can be on the receipt. */
export function ValueForm({ ctx, donationId }: { ctx: ViewCtx; donationId: number }) {
  return (
    <form method="post" action="/receipts/value" class="inline noprint">
      <Csrf ctx={ctx} />
      <input type="hidden" name="donationId" value={String(donationId)} />
      <label for={`f-value-${donationId}`}>{tr(ctx, 'receipts.fill_value')}</label>{' '}
      <input
        id={`f-value-${donationId}`}
        name="valueEur"
        inputmode="decimal"
        size={6}
        maxlength={12}
      />{' '}
      <button type="submit">{tr(ctx, 'receipts.fill')}</button>
    </form>
  );
}

/** The receipts of the year, issued and cancelled, each with its number. */
export function IssuedList(props: {
  ctx: ViewCtx;
  items: Receipt[];
  names: Map<number, string>;
  canCancel: boolean;
  year?: string;
}) {
  const { ctx } = props;
  return (
    <section id="issued">
      <h2>{tr(ctx, 'receipts.issued')}</h2>
      {!props.items.length && <p>{tr(ctx, 'receipts.none_issued')}</p>}
      {props.items.length > 0 && props.year && (
        <p class="noprint">
          <a href={`/receipts/issued.csv?year=${props.year}`} download>
            {tr(ctx, 'receipts.issued_csv')}
          </a>
          <br />
          <a href={`/receipts/issued.pdf?year=${props.year}`}>{tr(ctx, 'receipts.issued_pdf')}</a>
        </p>
      )}
      {props.items.map((r) => (
        <div class="card" data-receipt={r.number}>
          <p>
            <a href={`/receipts/${r.id}`}>
              {tr(ctx, 'receipts.number')} {r.number}
            </a>{' '}
            (<a href={`/receipts/${r.id}/pdf`}>{tr(ctx, 'receipts.pdf')}</a>) ·{' '}
            {(r.donor as { name?: string }).name ?? props.names.get(r.shop_id) ?? ''} →{' '}
            {(r.donee as { name?: string }).name ?? props.names.get(r.association_id) ?? ''} ·{' '}
            {tr(ctx, 'receipts.from_to', {
              from: day(ctx, r.period_from),
              to: day(ctx, r.period_to),
            })}{' '}
            · <strong>{eur(ctx, Number(r.amount_eur))}</strong> ·{' '}
            <span class={r.status === 'issued' ? 'badge ok' : 'badge warn'}>
              {tr(ctx, `receipts.status.${r.status}`)}
            </span>
          </p>
          {r.status === 'cancelled' && <p class="meta">{r.cancel_reason}</p>}
          {props.canCancel && r.status === 'issued' && (
            <details class="noprint">
              <summary>{tr(ctx, 'receipts.cancel')}</summary>
              <form method="post" action={`/receipts/${r.id}/cancel`}>
                <Csrf ctx={ctx} />
                <label for={`f-reason-${r.id}`}>{tr(ctx, 'receipts.cancel_reason')}</label>
                <input id={`f-reason-${r.id}`} name="reason" maxlength={300} required />
                <button type="submit">{tr(ctx, 'receipts.cancel')}</button>
              </form>
            </details>
          )}
        </div>
      ))}
    </section>
  );
}
