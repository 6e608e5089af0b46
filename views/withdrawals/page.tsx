import type { WithdrawalDetail } from '../../src/withdrawals/domain.js';
import type { WithdrawalProduct } from '../../src/db/schema.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { eur, kg, productName, date } from './format.js';
import { AnswerForms } from './answer.js';

export interface Ceiling {
  marketedKg: number | null;
  capKg: number | null;
  usedPct: number | null;
  remainingKg: number | null;
  withdrawnKg: number;
}

export interface ListProps {
  ctx: ViewCtx;
  campaign: number;
  items: WithdrawalDetail[];
  totals: { kg: number; amountEur: number };
}

function CampaignNav({ ctx, campaign }: { ctx: ViewCtx; campaign: number }) {
  return (
    <p class="meta">
      <a href={`/withdrawals?campaign=${campaign - 1}`}>← {campaign - 1}</a> · <strong>{tr(ctx, 'wd.campaign')} {campaign}</strong> ·{' '}
      <a href={`/withdrawals?campaign=${campaign + 1}`}>{campaign + 1} →</a>
    </p>
  );
}

function StatusBadge({ ctx, w }: { ctx: ViewCtx; w: WithdrawalDetail }) {
  return <span class={`badge ${w.status === 'received' ? 'ok' : 'warn'}`}>{tr(ctx, `wd.status.${w.status}`)}</span>;
}

/** One operation as a line that fits a phone: what, how much, to whom, what it is worth. */
export function OperationItem({ ctx, w, who }: { ctx: ViewCtx; w: WithdrawalDetail; who: 'po' | 'association' | 'admin' }) {
  return (
    <li id={`withdrawal-${w.id}`}>
      <strong>{productName(ctx, w)}</strong> · {kg(ctx, w.quantity_kg)} kg · {date(ctx, w.withdrawn_on)} <StatusBadge ctx={ctx} w={w} />
      {w.over_ceiling && <span class="badge warn"> {tr(ctx, 'wd.over_badge')}</span>}
      <div class="meta">
        {who !== 'association' && tr(ctx, 'wd.to_association', { name: w.association_name })}
        {who !== 'po' && ` ${tr(ctx, 'wd.from_po', { name: w.po_name })}`}
        {w.certificate_number && ` · ${tr(ctx, 'wd.att.certificate')} ${w.certificate_number}`}
      </div>
      {w.status === 'received' && (
        <div>
          {tr(ctx, 'wd.received_kg')} : {kg(ctx, w.received_kg!)} kg · {tr(ctx, 'wd.compensation')} : <strong class="amount">{eur(ctx, w.amount_eur!)} €</strong>
          <div class="meta">
            {tr(ctx, 'wd.compensation_detail', { kg: kg(ctx, w.received_kg!), rate: eur(ctx, w.eur_per_100kg), flat: eur(ctx, w.flat_eur_per_100kg) })}
          </div>
        </div>
      )}
      {w.status === 'refused' && <div class="meta">{w.refusal_reason}</div>}
      <a href={`/withdrawals/${w.id}/attestation`}>{tr(ctx, 'wd.attestation')}</a>
    </li>
  );
}

function Totals({ ctx, totals }: { ctx: ViewCtx; totals: ListProps['totals'] }) {
  return <p id="totals">{tr(ctx, 'wd.totals', { kg: kg(ctx, totals.kg), eur: eur(ctx, totals.amountEur) })}</p>;
}

export function CeilingSummary({ ctx, ceiling }: { ctx: ViewCtx; ceiling: Ceiling }) {
  if (ceiling.capKg == null) return null;
  const passed = ceiling.withdrawnKg > ceiling.capKg;
  const near = !passed && ceiling.usedPct! >= 80;
  return (
    <div id="ceiling">
      <p>{tr(ctx, 'wd.ceiling_line', { withdrawn: kg(ctx, ceiling.withdrawnKg), cap: kg(ctx, ceiling.capKg), pct: kg(ctx, ceiling.usedPct!) })}</p>
      <progress max={100} value={Math.min(100, ceiling.usedPct!)} aria-label={tr(ctx, 'wd.ceiling')}></progress>
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
          <Field ctx={ctx} name="marketedKg" label={`${tr(ctx, 'wd.marketed_kg')} — ${campaign}`} inputmode="decimal" values={props.marketedValues ?? { marketedKg: ceiling.marketedKg ?? '' }} errors={props.marketedErrors} required />
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
              <Select ctx={ctx} name="product" label={tr(ctx, 'wd.product')} values={values} errors={errors} options={[['', '—'], ...props.products.map((p): [string, string] => [p.key, `${productName(ctx, p)} (${p.cn_code})${p.eur_per_100kg != null ? ` — ${tr(ctx, 'wd.rate_label', { rate: eur(ctx, p.eur_per_100kg) })}` : ''}`])]} />
              <Field ctx={ctx} name="quantityKg" label={tr(ctx, 'wd.quantity_kg')} inputmode="decimal" values={values} errors={errors} hint={ceiling.remainingKg != null ? tr(ctx, 'wd.quantity_hint', { kg: kg(ctx, ceiling.remainingKg) }) : undefined} required />
              <Field ctx={ctx} name="date" type="date" label={tr(ctx, 'wd.date')} values={values} errors={errors} required />
              <Select ctx={ctx} name="associationId" label={tr(ctx, 'wd.association')} values={values} errors={errors} options={[['', '—'], ...props.associations.map((a): [string, string] => [String(a.id), a.town ? `${a.name} (${a.town})` : a.name])]} />
              <Field ctx={ctx} name="certificateNumber" label={tr(ctx, 'wd.certificate')} values={values} errors={errors} />
              {props.overCeiling && (
                <div class="field">
                  <label>
                    <input type="checkbox" name="acceptOverCeiling" value="on" /> {tr(ctx, 'wd.accept_over')}
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

function OperationsSection(props: ListProps & { who: 'po' | 'association' | 'admin'; answer?: AnswerState }) {
  const { ctx } = props;
  return (
    <section aria-labelledby="operations-title">
      <h2 id="operations-title">{tr(ctx, 'wd.operations')}</h2>
      <Totals ctx={ctx} totals={props.totals} />
      {props.items.length === 0 ? (
        <p>{tr(ctx, 'wd.none')}</p>
      ) : (
        <ul class="list" id="operations">
          {props.items.map((w) =>
            props.who === 'association' && w.status === 'pending_receipt' ? (
              <AnswerForms ctx={ctx} w={w} state={props.answer?.id === w.id ? props.answer : undefined} />
            ) : (
              <OperationItem ctx={ctx} w={w} who={props.who} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

export interface AnswerState {
  id: number;
  values?: FormValues;
  errors?: FieldErrors;
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
