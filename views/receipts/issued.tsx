import type { Receipt } from '../../src/db/schema.js';
import type { ReceiptGroup } from '../../src/receipts/domain.js';
import { tr, type ViewCtx } from '../context.js';
import { Csrf, Select } from '../components/fields.js';
import { endedUnits } from '../../src/receipts/periods.js';
import { day, eur } from '../stats/format.js';

/**
 * The association issues the receipt of one shop for one of its periods (month, quarter or year,
 * as it chose) that has ended this year and has no receipt yet.
 */
export function IssueForm(props: {
  ctx: ViewCtx;
  g: ReceiptGroup;
  year: number;
  today: string;
  issued: Receipt[];
}) {
  const { ctx, g } = props;
  const kind = g.association.receipt_period;
  const taken = props.issued.filter(
    (r) =>
      r.status === 'issued' && r.shop_id === g.shop.id && r.association_id === g.association.id,
  );
  const open = endedUnits(kind, props.year, props.today).filter(
    (u) => !taken.some((r) => r.period_from <= u.to && r.period_to >= u.from),
  );
  return (
    <div class="noprint issue">
      <p class="meta">
        {tr(ctx, 'receipts.period_choice', { period: tr(ctx, `identity.receipt_period.${kind}`) })}{' '}
        <a href={`/organisations/${g.association.id}#identity`}>
          {tr(ctx, 'receipts.period_change')}
        </a>
      </p>
      {open.length ? (
        <form method="post" action="/receipts/issue">
          <Csrf ctx={ctx} />
          <input type="hidden" name="shopId" value={String(g.shop.id)} />
          <input type="hidden" name="associationId" value={String(g.association.id)} />
          <Select
            ctx={ctx}
            name="period"
            label={tr(ctx, 'receipts.issue_period')}
            options={open.map(
              (u) =>
                [
                  `${u.from}/${u.to}`,
                  tr(ctx, 'receipts.from_to', { from: day(ctx, u.from), to: day(ctx, u.to) }),
                ] as [string, string],
            )}
          />
          {g.withoutValue > 0 && (
            <label>
              <input type="checkbox" name="withoutValue" value="exclude" />{' '}
              {tr(ctx, 'receipts.issue_without', { n: g.withoutValue })}
            </label>
          )}
          <button type="submit">{tr(ctx, 'receipts.issue')}</button>
        </form>
      ) : (
        <p>{tr(ctx, 'receipts.no_period_ended')}</p>
      )}
    </div>
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
  /** the associations whose receipts the reader cancels (it manages them) */
  canCancel: (r: Receipt) => boolean;
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
          {props.canCancel(r) && r.status === 'issued' && (
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
