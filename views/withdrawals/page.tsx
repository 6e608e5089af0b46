import type { WithdrawalProduct } from '../../src/db/schema.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { eur, kg, productName, date } from './format.js';
import { CampaignNav, OperationsSection, type AnswerState, type ListProps } from './operations.js';
export type { AnswerState } from './operations.js';

export interface Ceiling {
  marketedKg: number | null;
  capKg: number | null;
  usedPct: number | null;
  remainingKg: number | null;
  withdrawnKg: number;
}

export function CeilingSummary({ ctx, ceiling }: { ctx: ViewCtx; ceiling: Ceiling }) {
  if (ceiling.capKg == null) return null;
  const passed = ceiling.withdrawnKg > ceiling.capKg;
  const near = !passed && ceiling.usedPct! >= 80;
  return (
    <div id="ceiling">
      <p>
        {tr(ctx, 'wd.ceiling_line', {
          withdrawn: kg(ctx, ceiling.withdrawnKg),
          cap: kg(ctx, ceiling.capKg),
          pct: kg(ctx, ceiling.usedPct!),
        })}
      </p>
      <progress
        max={100}
        value={Math.min(100, ceiling.usedPct!)}
        aria-label={tr(ctx, 'wd.ceiling')}
      ></progress>
      <p>{tr(ctx, 'wd.remaining', { kg: kg(ctx, ceiling.remainingKg!) })}</p>
      {(near || passed) && (
        <div class="alert error" role="status">
          {tr(ctx, passed ? 'wd.ceiling_passed' : 'wd.ceiling_near')}
        </div>
      )}
    </div>
  );
}

export function ProducerPage(
  props: ListProps & {
    ceiling: Ceiling;
    products: (WithdrawalProduct & { eur_per_100kg: number | null })[];
    associations: { id: number; name: string; town: string | null }[];
    values?: FormValues;
    errors?: FieldErrors;
    marketedValues?: FormValues;
    marketedErrors?: FieldErrors;
    overCeiling?: boolean;
    recorded?: boolean;
  },
) {
  const { ctx, campaign, ceiling, values, errors } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'wd.title')}>
      <h1>{tr(ctx, 'wd.title')}</h1>
      <p class="tagline">{tr(ctx, 'wd.intro')}</p>
      <CampaignNav ctx={ctx} campaign={campaign} />
      {props.recorded && (
        <div class="alert ok" role="status">
          {tr(ctx, 'wd.recorded')}
        </div>
      )}
      <section class="card" aria-labelledby="ceiling-title">
        <h2 id="ceiling-title">{tr(ctx, 'wd.ceiling')}</h2>
        <CeilingSummary ctx={ctx} ceiling={ceiling} />
        <FormErrors ctx={ctx} errors={props.marketedErrors} />
        <form method="post" action={`/withdrawals/campaigns/${campaign}`} novalidate>
          <Csrf ctx={ctx} />
          <Field
            ctx={ctx}
            name="marketedKg"
            label={`${tr(ctx, 'wd.marketed_kg')} — ${campaign}`}
            inputmode="decimal"
            values={props.marketedValues ?? { marketedKg: ceiling.marketedKg ?? '' }}
            errors={props.marketedErrors}
            required
          />
          <button type="submit" class="secondary">
            {tr(ctx, 'wd.marketed_declare')}
          </button>
        </form>
      </section>
      <section aria-labelledby="record-title">
        <h2 id="record-title">{tr(ctx, 'wd.record')}</h2>
        {ceiling.marketedKg == null && !errors ? (
          <p class="alert">{tr(ctx, 'wd.marketed_missing', { year: campaign })}</p>
        ) : (
          <>
            {props.overCeiling ? (
              <div class="alert error" role="alert">
                {tr(ctx, 'wd.err.over_ceiling')}
              </div>
            ) : (
              <FormErrors ctx={ctx} errors={errors} />
            )}
            <form method="post" action="/withdrawals" class="card" novalidate id="record-form">
              <Csrf ctx={ctx} />
              <input type="hidden" name="campaign" value={String(campaign)} />
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
                    `${productName(ctx, p)} (${p.cn_code})${p.eur_per_100kg != null ? ` — ${tr(ctx, 'wd.rate_label', { rate: eur(ctx, p.eur_per_100kg) })}` : ''}`,
                  ]),
                ]}
              />
              <Field
                ctx={ctx}
                name="quantityKg"
                label={tr(ctx, 'wd.quantity_kg')}
                inputmode="decimal"
                values={values}
                errors={errors}
                hint={
                  ceiling.remainingKg != null
                    ? tr(ctx, 'wd.quantity_hint', { kg: kg(ctx, ceiling.remainingKg) })
                    : undefined
                }
                required
              />
              <Field
                ctx={ctx}
                name="date"
                type="date"
                label={tr(ctx, 'wd.date')}
                values={values}
                errors={errors}
                required
              />
              <Select
                ctx={ctx}
                name="associationId"
                label={tr(ctx, 'wd.association')}
                values={values}
                errors={errors}
                options={[
                  ['', '—'],
                  ...props.associations.map((a): [string, string] => [
                    String(a.id),
                    a.town ? `${a.name} (${a.town})` : a.name,
                  ]),
                ]}
              />
              <Field
                ctx={ctx}
                name="distanceKm"
                label={tr(ctx, 'wd.distance_km')}
                hint={tr(ctx, 'wd.distance_hint')}
                inputmode="numeric"
                values={values}
                errors={errors}
              />
              <Field
                ctx={ctx}
                name="notifiedAt"
                type="datetime-local"
                label={tr(ctx, 'wd.notified_at')}
                hint={tr(ctx, 'wd.notified_hint')}
                values={values}
                errors={errors}
              />
              <Field
                ctx={ctx}
                name="certificateNumber"
                label={tr(ctx, 'wd.certificate')}
                hint={tr(ctx, 'wd.certificate_hint')}
                values={values}
                errors={errors}
              />
              {props.overCeiling && (
                <div class="field">
                  <label>
                    <input type="checkbox" name="acceptOverCeiling" value="on" />{' '}
                    {tr(ctx, 'wd.accept_over')}
                  </label>
                </div>
              )}
              <button type="submit">{tr(ctx, 'wd.record')}</button>
            </form>
          </>
        )}
      </section>
      <OperationsSection {...props} who="po" />
      <p>
        <a href={`/withdrawals.csv?campaign=${campaign}`} download>
          {tr(ctx, 'wd.csv')}
        </a>
      </p>
    </Layout>
  );
}

export function AssociationPage(props: ListProps & { answer?: AnswerState; answered?: boolean }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'wd.title_association')}>
      <h1>{tr(ctx, 'wd.title_association')}</h1>
      <CampaignNav ctx={ctx} campaign={props.campaign} />
      {props.answered && (
        <div class="alert ok" role="status">
          {tr(ctx, 'wd.answered')}
        </div>
      )}
      <OperationsSection {...props} who="association" />
    </Layout>
  );
}

export function AdminWithdrawalsPage(props: ListProps) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'wd.title')}>
      <h1>{tr(ctx, 'wd.title')}</h1>
      <p>
        <a href="/admin/withdrawal-rates">{tr(ctx, 'wd.admin.title')}</a>
      </p>
      <CampaignNav ctx={ctx} campaign={props.campaign} />
      <OperationsSection {...props} who="admin" />
    </Layout>
  );
}
