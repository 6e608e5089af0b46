import type { YearEstimate } from '../../src/receipts/reduction.js';
import { inputNumber } from '../../src/i18n/format.js';
import { tr, type ViewCtx } from '../context.js';
import { eur } from '../stats/format.js';
import { TableScroll } from '../components/table-scroll.js';

/** The shop's estimate of its tax reduction, from the receipts issued to it. */
export function ReductionEstimate(props: {
  ctx: ViewCtx;
  year: string;
  turnover: number | null;
  years: YearEstimate[];
}) {
  const { ctx } = props;
  const shown = props.years.filter(
    (y) => y.giftsEur > 0 || y.carriedInEur > 0 || y.carryOutEur > 0,
  );
  const current = props.years.at(-1);
  return (
    <section class="card" id="reduction">
      <h2>{tr(ctx, 'reduction.title')}</h2>
      <p class="meta">{tr(ctx, 'reduction.rule')}</p>
      <form method="get" action="/receipts" class="inline noprint">
        <input type="hidden" name="year" value={props.year} />
        <label for="f-turnover">{tr(ctx, 'reduction.turnover')}</label>{' '}
        <input
          id="f-turnover"
          name="turnover"
          inputmode="decimal"
          size={12}
          maxlength={15}
          value={props.turnover == null ? '' : inputNumber(ctx.lang, props.turnover)}
        />{' '}
        <button type="submit">{tr(ctx, 'reduction.compute')}</button>
      </form>
      <TableScroll ctx={ctx} title={tr(ctx, 'reduction.title')}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'receipts.year')}</th>
              <th scope="col">{tr(ctx, 'reduction.gifts')}</th>
              <th scope="col">{tr(ctx, 'reduction.cap')}</th>
              <th scope="col">{tr(ctx, 'reduction.carried_in')}</th>
              <th scope="col">{tr(ctx, 'reduction.reduction')}</th>
              <th scope="col">{tr(ctx, 'reduction.carry_out')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((y) => (
              <tr data-year={y.year}>
                <td>{y.year}</td>
                <td>{eur(ctx, y.giftsEur)}</td>
                <td>{eur(ctx, y.capEur)}</td>
                <td>{eur(ctx, y.carriedInEur)}</td>
                <td>{eur(ctx, y.reductionEur)}</td>
                <td>{eur(ctx, y.carryOutEur)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {current && (
        <p id="reduction-total">
          <strong>
            {tr(ctx, 'reduction.estimate', {
              year: String(current.year),
              eur: eur(ctx, current.reductionEur),
            })}
          </strong>
        </p>
      )}
    </section>
  );
}
