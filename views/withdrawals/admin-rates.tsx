import type { listRates } from '../../src/withdrawals/rates.js';
import type { listTransportCosts } from '../../src/withdrawals/transport.js';
import { ENTERED_BASES } from '../../src/withdrawals/rules.js';
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
  transport: Awaited<ReturnType<typeof listTransportCosts>>;
  transportValues?: FormValues;
  transportErrors?: FieldErrors;
  notice?: 'added' | 'flat_saved' | 'transport_saved';
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
          {tr(ctx, `wd.admin.${props.notice}`)}
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
              <th scope="col">{tr(ctx, 'wd.admin.basis')}</th>
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
                <td class={r.basis === 'history_2014_2018' ? 'history' : undefined}>
                  {tr(ctx, `wd.basis.${r.basis}`)}
                  {r.share_pct != null && r.average_price_eur_per_100kg != null && (
                    <span class="meta">
                      {' '}
                      {tr(ctx, 'wd.admin.share_of', {
                        pct: String(r.share_pct).replace('.', ctx.lang === 'fr' ? ',' : '.'),
                        avg: eur(ctx, r.average_price_eur_per_100kg),
                      })}
                    </span>
                  )}
                </td>
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
        <Select
          ctx={ctx}
          name="basis"
          label={tr(ctx, 'wd.admin.basis')}
          values={values}
          errors={errors}
          options={[
            ['', '—'],
            ...ENTERED_BASES.map((b): [string, string] => [b, tr(ctx, `wd.basis.${b}`)]),
          ]}
        />
        <Field
          ctx={ctx}
          name="eurPer100Kg"
          label={tr(ctx, 'wd.admin.eur')}
          hint={tr(ctx, 'wd.admin.eur_hint')}
          inputmode="decimal"
          values={values}
          errors={errors}
        />
        <Field
          ctx={ctx}
          name="averagePriceEurPer100Kg"
          label={tr(ctx, 'wd.admin.average_price')}
          inputmode="decimal"
          values={values}
          errors={errors}
        />
        <Field
          ctx={ctx}
          name="sharePct"
          label={tr(ctx, 'wd.admin.share')}
          inputmode="decimal"
          values={values}
          errors={errors}
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
      <h2>{tr(ctx, 'wd.admin.transport_title')}</h2>
      <p class="meta">{tr(ctx, 'wd.admin.transport_hint')}</p>
      {props.transport.length > 0 && (
        <div class="table-wrap">
          <table class="table" id="transport">
            <thead>
              <tr>
                <th scope="col">{tr(ctx, 'wd.admin.valid_from')}</th>
                <th scope="col">{tr(ctx, 'wd.admin.up_to_km')}</th>
                <th scope="col">{tr(ctx, 'wd.admin.eur')}</th>
                <th scope="col">{tr(ctx, 'wd.admin.source')}</th>
              </tr>
            </thead>
            <tbody>
              {props.transport.map((b) => (
                <tr>
                  <td>{date(ctx, b.valid_from)}</td>
                  <td>{b.up_to_km}</td>
                  <td>{eur(ctx, b.eur_per_100kg)}</td>
                  <td>{b.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormErrors ctx={ctx} errors={props.transportErrors} />
      <form method="post" action="/admin/withdrawal-rates/transport" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Field
          ctx={ctx}
          name="bandFrom"
          type="date"
          label={tr(ctx, 'wd.admin.valid_from')}
          values={props.transportValues}
          errors={props.transportErrors}
          required
        />
        <Field
          ctx={ctx}
          name="upToKm"
          inputmode="numeric"
          label={tr(ctx, 'wd.admin.up_to_km')}
          values={props.transportValues}
          errors={props.transportErrors}
          required
        />
        <Field
          ctx={ctx}
          name="bandEur"
          inputmode="decimal"
          label={tr(ctx, 'wd.admin.eur')}
          values={props.transportValues}
          errors={props.transportErrors}
          required
        />
        <Field
          ctx={ctx}
          name="bandSource"
          label={tr(ctx, 'wd.admin.source')}
          values={props.transportValues}
          errors={props.transportErrors}
          required
        />
        <button type="submit" class="secondary">
          {tr(ctx, 'wd.admin.save_transport')}
        </button>
      </form>
    </Layout>
  );
}
