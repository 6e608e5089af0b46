import type { listRates } from '../../src/withdrawals/rates.js';
import type { WithdrawalProduct } from '../../src/db/schema.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { date, eur, productName } from './format.js';
import { TableScroll } from '../components/table-scroll.js';

type Rate = Awaited<ReturnType<typeof listRates>>[number];

export function AdminRatesPage(props: {
  ctx: ViewCtx;
  rates: Rate[];
  products: WithdrawalProduct[];
  flat: { transportEurPer100Kg: number | null; sortingPackingEurPer100Kg: number | null };
  values?: FormValues;
  errors?: FieldErrors;
  flatValues?: FormValues;
  flatErrors?: FieldErrors;
  notice?: 'added' | 'flat_saved';
}) {
  const { ctx, values, errors } = props;
  const flatValues = props.flatValues ?? {
    transportEurPer100Kg: props.flat.transportEurPer100Kg ?? '',
    sortingPackingEurPer100Kg: props.flat.sortingPackingEurPer100Kg ?? '',
  };
  return (
    <Layout ctx={ctx} title={tr(ctx, 'wd.admin.title')}>
      <h1>{tr(ctx, 'wd.admin.title')}</h1>
      {props.notice && (
        <div class="alert ok" role="status">
          {tr(ctx, props.notice === 'added' ? 'wd.admin.added' : 'wd.admin.flat_saved')}
        </div>
      )}
      <p class="alert">{tr(ctx, 'wd.admin.source_warning')}</p>
      <TableScroll ctx={ctx} title={tr(ctx, 'wd.admin.title')}>
        <table class="table" id="rates">
          <thead>
            <tr>
              <th scope="col">{tr(ctx, 'wd.product')}</th>
              <th scope="col">{tr(ctx, 'wd.att.cn')}</th>
              <th scope="col">{tr(ctx, 'wd.admin.eur')}</th>
              <th scope="col">{tr(ctx, 'wd.admin.valid_from')}</th>
              <th scope="col">{tr(ctx, 'wd.admin.valid_to')}</th>
              <th scope="col">{tr(ctx, 'wd.admin.source')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rates.map((r) => (
              <tr id={`rate-${r.id}`}>
                <td>{productName(ctx, r)}</td>
                <td>{r.cn_code}</td>
                <td>{eur(ctx, r.eur_per_100kg)}</td>
                <td>{date(ctx, r.valid_from)}</td>
                <td>{r.valid_to ? date(ctx, r.valid_to) : '—'}</td>
                <td>{r.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{tr(ctx, 'wd.admin.add')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/withdrawal-rates" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Select
          ctx={ctx}
          name="product"
          label={tr(ctx, 'wd.product')}
          values={values}
          errors={errors}
          options={[
            ['', '—'],
            ...props.products.map((p): [string, string] => [
              p.key,
              `${productName(ctx, p)} (${p.cn_code})`,
            ]),
          ]}
        />
        <Field
          ctx={ctx}
          name="eurPer100Kg"
          label={tr(ctx, 'wd.admin.eur')}
          inputmode="decimal"
          values={values}
          errors={errors}
          required
        />
        <Field
          ctx={ctx}
          name="validFrom"
          type="date"
          label={tr(ctx, 'wd.admin.valid_from')}
          values={values}
          errors={errors}
          required
        />
        <Field
          ctx={ctx}
          name="source"
          label={tr(ctx, 'wd.admin.source')}
          values={values}
          errors={errors}
          required
        />
        <button type="submit">{tr(ctx, 'wd.admin.add')}</button>
      </form>
      <h2>{tr(ctx, 'wd.admin.flat')}</h2>
      <FormErrors ctx={ctx} errors={props.flatErrors} />
      <form method="post" action="/admin/withdrawal-rates/flat" class="card" novalidate>
        <Csrf ctx={ctx} />
        <p class="meta">{tr(ctx, 'wd.admin.flat_hint')}</p>
        <Field
          ctx={ctx}
          name="transportEurPer100Kg"
          label={tr(ctx, 'wd.admin.transport')}
          inputmode="decimal"
          values={flatValues}
          errors={props.flatErrors}
        />
        <Field
          ctx={ctx}
          name="sortingPackingEurPer100Kg"
          label={tr(ctx, 'wd.admin.sorting')}
          inputmode="decimal"
          values={flatValues}
          errors={props.flatErrors}
        />
        <button type="submit" class="secondary">
          {tr(ctx, 'wd.admin.save_flat')}
        </button>
      </form>
    </Layout>
  );
}
