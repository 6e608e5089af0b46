import { colon } from '../../src/i18n/format.js';
import type { Receipt } from '../../src/db/schema.js';
import type { ReceiptGroup, ReceiptLine } from '../../src/receipts/domain.js';
import { euroAmountInFrench } from '../../src/receipts/words.js';
import { tr, type ViewCtx } from '../context.js';
import { IssueForm, IssuedList, ValueForm } from './issued.js';
import { ReductionEstimate } from './reduction.js';
import type { YearEstimate } from '../../src/receipts/reduction.js';
import { Layout } from '../layout.js';
import { day, eur, num } from '../stats/format.js';
import { TableScroll } from '../components/table-scroll.js';

export function Lines({
  ctx,
  lines,
  fill,
  title,
}: {
  ctx: ViewCtx;
  lines: ReceiptLine[];
  /** what the table is, for its scroll box's name (a receipt group: the other party) */
  title?: string;
  /** the shop fills a missing cost value here, before the receipt is issued */
  fill?: boolean;
}) {
  return (
    <TableScroll ctx={ctx} title={title ?? tr(ctx, 'receipts.goods')}>
      <table class="table lines">
        <thead>
          <tr>
            <th scope="col">{tr(ctx, 'receipts.day')}</th>
            <th scope="col">{tr(ctx, 'receipts.goods')}</th>
            <th scope="col">{tr(ctx, 'receipts.kg')}</th>
            <th scope="col">{tr(ctx, 'receipts.date')}</th>
            <th scope="col">{tr(ctx, 'receipts.cost')}</th>
            <th scope="col">{tr(ctx, 'receipts.rate')}</th>
            <th scope="col">{tr(ctx, 'receipts.value')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr data-donation={l.id}>
              <td>{day(ctx, l.pickupDay)}</td>
              <td>{`${l.description} (${tr(ctx, `cat.${l.category}`)})`}</td>
              <td>{num(ctx, l.receivedKg)}</td>
              <td>
                {l.productDate
                  ? `${l.dateKind === 'use_by' ? 'DLC' : 'DDM'} ${day(ctx, l.productDate)}`
                  : '—'}
              </td>
              <td>
                {fill && l.costValueEur == null ? (
                  <ValueForm ctx={ctx} donationId={l.id} />
                ) : (
                  eur(ctx, l.costValueEur)
                )}
              </td>
              <td>{tr(ctx, `receipts.rule.${l.rule}`)}</td>
              <td>{eur(ctx, l.valueEur)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function ReceiptsPage(props: {
  ctx: ViewCtx;
  groups: ReceiptGroup[];
  year: string;
  from: string;
  to: string;
  asAssociation: boolean;
  /** a query that could not be read: field -> message key */
  errors?: Record<string, string>;
  typedYear?: string;
  /** the associations the reader manages: it issues and cancels their receipts */
  managed: number[];
  issued: Receipt[];
  /** Paris day: a receipt issued now ends today at the latest */
  today: string;
  /** the shop's estimate of its tax reduction */
  reduction?: { turnover: number | null; years: YearEstimate[] };
  /** why the last action was refused (an i18n key) */
  message?: string;
}) {
  const { ctx } = props;
  const bad = props.errors && Object.values(props.errors)[0];
  const names = new Map(
    props.groups.flatMap(
      (g) =>
        [
          [g.shop.id, g.shop.name],
          [g.association.id, g.association.name],
        ] as const,
    ),
  );
  return (
    <Layout ctx={ctx} title={tr(ctx, 'receipts.title')}>
      <h1>{tr(ctx, 'receipts.title')}</h1>
      {props.message && (
        <div class="alert error" role="alert" id="receipt-error">
          {tr(ctx, props.message)}
        </div>
      )}
      <p>{tr(ctx, props.asAssociation ? 'receipts.intro_association' : 'receipts.intro_shop')}</p>
      <p class="meta">{tr(ctx, 'receipts.rule')}</p>
      <form method="get" action="/receipts" class="inline noprint">
        <label for="f-year">{tr(ctx, 'receipts.year')}</label>{' '}
        <input
          id="f-year"
          name="year"
          value={props.typedYear ?? props.year}
          inputmode="numeric"
          size={4}
          aria-invalid={bad ? 'true' : undefined}
          aria-describedby={bad ? 'f-year-err' : undefined}
        />{' '}
        <button type="submit">{tr(ctx, 'receipts.show')}</button>
        {bad && (
          <p class="error" id="f-year-err">
            {tr(ctx, bad)}
          </p>
        )}
      </form>
      <p>{tr(ctx, 'receipts.from_to', { from: day(ctx, props.from), to: day(ctx, props.to) })}</p>
      {!props.groups.length && <p>{tr(ctx, 'receipts.none')}</p>}
      {props.groups.map((g) => {
        const qs = `shop=${g.shop.id}&association=${g.association.id}&from=${props.from}&to=${props.to}`;
        return (
          <section class="card receipt-group" id={`receipt-${g.shop.id}-${g.association.id}`}>
            <h2>{props.asAssociation ? g.shop.name : g.association.name}</h2>
            <p>
              {tr(ctx, 'receipts.donations', { n: g.lines.length, kg: num(ctx, g.kg) })} ·{' '}
              <strong>
                {tr(ctx, 'receipts.total')}
                {colon(ctx.lang)}
                {eur(ctx, g.totalEur)}
              </strong>
              {g.withoutValue > 0 && (
                <> · {tr(ctx, 'receipts.without_value', { n: g.withoutValue })}</>
              )}
            </p>
            <p class="amount-words">{euroAmountInFrench(g.totalEur)}</p>
            <Lines
              ctx={ctx}
              lines={g.lines}
              fill={!props.asAssociation}
              title={props.asAssociation ? g.shop.name : g.association.name}
            />
            {props.managed.includes(g.association.id) && (
              <IssueForm
                ctx={ctx}
                g={g}
                year={Number(props.year)}
                today={props.today}
                issued={props.issued}
              />
            )}
            <p class="noprint">
              <a href={`/receipts/print?${qs}`}>{tr(ctx, 'receipts.print')}</a> ·{' '}
              <a href={`/receipts.csv?${qs}`} download>
                {tr(ctx, 'receipts.csv')}
              </a>
            </p>
          </section>
        );
      })}
      {props.reduction && (
        <ReductionEstimate
          ctx={ctx}
          year={props.year}
          turnover={props.reduction.turnover}
          years={props.reduction.years}
        />
      )}
      <IssuedList
        year={props.year}
        ctx={ctx}
        items={props.issued}
        names={names}
        canCancel={(r) => props.managed.includes(r.association_id)}
      />
    </Layout>
  );
}
