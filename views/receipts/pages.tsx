import type { ReceiptGroup, ReceiptLine } from '../../src/receipts/domain.js';
import { euroAmountInFrench } from '../../src/receipts/words.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { day, eur, num } from '../stats/format.js';

function Lines({ ctx, lines }: { ctx: ViewCtx; lines: ReceiptLine[] }) {
  return (
    <div class="table-wrap">
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
              <td>{eur(ctx, l.costValueEur)}</td>
              <td>{tr(ctx, `receipts.rule.${l.rule}`)}</td>
              <td>{eur(ctx, l.valueEur)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
}) {
  const { ctx } = props;
  const bad = props.errors && Object.values(props.errors)[0];
  return (
    <Layout ctx={ctx} title={tr(ctx, 'receipts.title')}>
      <h1>{tr(ctx, 'receipts.title')}</h1>
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
                {tr(ctx, 'receipts.total')} : {eur(ctx, g.totalEur)}
              </strong>
              {g.withoutValue > 0 && (
                <> · {tr(ctx, 'receipts.without_value', { n: g.withoutValue })}</>
              )}
            </p>
            <p class="amount-words">{euroAmountInFrench(g.totalEur)}</p>
            <Lines ctx={ctx} lines={g.lines} />
            <p class="noprint">
              <a href={`/receipts/print?${qs}`}>{tr(ctx, 'receipts.print')}</a> ·{' '}
              <a href={`/receipts.csv?${qs}`} download>
                {tr(ctx, 'receipts.csv')}
              </a>
            </p>
          </section>
        );
      })}
    </Layout>
  );
}

const orgAddress = (o: { address: string | null; postcode: string | null; town: string | null }) =>
  [o.address, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/** The receipt an association hands the donor: the fields of Cerfa 16216, for a donation in kind. */
export function ReceiptPrintPage({
  ctx,
  g,
  from,
  to,
}: {
  ctx: ViewCtx;
  g: ReceiptGroup;
  from: string;
  to: string;
}) {
  const todo = <em>{tr(ctx, 'receipts.to_complete')}</em>;
  const byCategory = new Map<string, number>();
  for (const l of g.lines)
    byCategory.set(l.category, (byCategory.get(l.category) ?? 0) + l.receivedKg);
  return (
    <Layout ctx={ctx} title={tr(ctx, 'receipts.print')}>
      <article class="cerfa">
        <h1>{tr(ctx, 'receipts.cerfa')}</h1>
        <h2>{tr(ctx, 'receipts.beneficiary')}</h2>
        <dl>
          <dt>{tr(ctx, 'receipts.name')}</dt>
          <dd>{g.association.name}</dd>
          <dt>{tr(ctx, 'receipts.address')}</dt>
          <dd>{orgAddress(g.association) || todo}</dd>
          <dt>{tr(ctx, 'receipts.rna')}</dt>
          <dd>{todo}</dd>
          <dt>{tr(ctx, 'receipts.object')}</dt>
          <dd>Aide alimentaire {todo}</dd>
        </dl>
        <h2>{tr(ctx, 'receipts.donor')}</h2>
        <dl>
          <dt>{tr(ctx, 'receipts.name')}</dt>
          <dd>{g.shop.name}</dd>
          <dt>{tr(ctx, 'receipts.address')}</dt>
          <dd>{orgAddress(g.shop) || todo}</dd>
          <dt>{tr(ctx, 'receipts.siren')}</dt>
          <dd>{todo}</dd>
        </dl>
        <h2>{tr(ctx, 'receipts.amount')}</h2>
        <dl>
          <dt>{tr(ctx, 'receipts.amount')}</dt>
          <dd id="amount">{eur(ctx, g.totalEur)}</dd>
          <dt>{tr(ctx, 'receipts.in_words')}</dt>
          <dd id="amount-words">{euroAmountInFrench(g.totalEur)}</dd>
          <dt>{tr(ctx, 'receipts.period')}</dt>
          <dd>{tr(ctx, 'receipts.from_to', { from: day(ctx, from), to: day(ctx, to) })}</dd>
          <dt>{tr(ctx, 'receipts.form')}</dt>
          <dd>{tr(ctx, 'receipts.in_kind')}</dd>
          <dt>{tr(ctx, 'receipts.nature')}</dt>
          <dd>
            {[...byCategory]
              .map(([c, kg]) => `${tr(ctx, `cat.${c}`)} : ${num(ctx, kg)} kg`)
              .join(' ; ')}
            {g.withoutValue > 0 && (
              <> ({tr(ctx, 'receipts.without_value', { n: g.withoutValue })})</>
            )}
          </dd>
        </dl>
        <p>{tr(ctx, 'receipts.valuation')}</p>
        <Lines ctx={ctx} lines={g.lines} />
        <p>{tr(ctx, 'receipts.certify')}</p>
        <p>{tr(ctx, 'receipts.signature')} : ______________________</p>
      </article>
    </Layout>
  );
}
