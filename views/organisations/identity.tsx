import { colon, formatDay } from '../../src/i18n/format.js';
import type { Organisation } from '../../src/db/schema.js';
import { approvalState, underLegalDuty } from '../../src/organisations/identity.js';
import { RECEIPT_PERIODS } from '../../src/receipts/periods.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Field, Select } from '../components/fields.js';

/** Form values of the identity fields, from a saved organisation. */
export function identityValues(o: Organisation): FormValues {
  return {
    siret: o.siret,
    siren: o.siren,
    rna: o.rna,
    legalForm: o.legal_form,
    object: o.purpose,
    salesAreaM2: o.sales_area_m2,
    approvalLevel: o.approval_level ?? '',
    approvalNumber: o.approval_number,
    approvalStartsOn: o.approval_starts_on,
    approvalEndsOn: o.approval_ends_on,
    receiptPeriod: o.receipt_period,
  };
}

/** `approval.number` (zod's path) is the form's `approvalNumber`. */
export function identityFormErrors(fields: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^approval\.(\w)(\w*)$/.exec(k);
    out[m ? `approval${m[1]!.toUpperCase()}${m[2]}` : k] = v;
  }
  return out;
}

/** The legal identity of a shop (SIRET, legal form, sales area) or of an association. */
export function IdentityFields(props: {
  ctx: ViewCtx;
  /** none: every field (the admin's creation form, before the kind is known) */
  kind?: Organisation['kind'];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, values, errors } = props;
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field
      ctx={ctx}
      name={name}
      label={tr(ctx, label)}
      values={values}
      errors={errors}
      {...extra}
    />
  );
  const all = props.kind === undefined;
  const isAssoc = props.kind === 'association' || all;
  const isShop = props.kind === 'shop' || all;
  return (
    <fieldset id="identity">
      <legend>{tr(ctx, 'identity.title')}</legend>
      <small>{tr(ctx, 'identity.hint')}</small>
      {(isShop || !isAssoc) &&
        f('siret', 'identity.siret', {
          hint: tr(ctx, 'identity.siret_hint'),
          inputmode: 'numeric',
          maxlength: 20,
        })}
      {isAssoc && f('rna', 'identity.rna', { hint: tr(ctx, 'identity.rna_hint'), maxlength: 20 })}
      {isAssoc && f('siren', 'identity.siren', { inputmode: 'numeric', maxlength: 20 })}
      {f('legalForm', 'identity.legal_form', {
        hint: tr(ctx, 'identity.legal_form_hint'),
        maxlength: 80,
      })}
      {isShop && f('salesAreaM2', 'identity.sales_area', { inputmode: 'numeric', maxlength: 8 })}
      {isAssoc && f('object', 'identity.object', { maxlength: 300 })}
      {isAssoc && (
        <fieldset>
          <legend>{tr(ctx, 'identity.approval')}</legend>
          <Select
            ctx={ctx}
            name="approvalLevel"
            label={tr(ctx, 'identity.approval_level')}
            values={values}
            errors={errors}
            options={(['', 'national', 'regional', 'law'] as const).map((l) => [
              l,
              tr(ctx, `identity.approval.${l || 'none'}`),
            ])}
          />
          {f('approvalNumber', 'identity.approval_number', { maxlength: 60 })}
          {f('approvalStartsOn', 'identity.approval_starts', { type: 'date' })}
          {f('approvalEndsOn', 'identity.approval_ends', { type: 'date' })}
        </fieldset>
      )}
      {props.kind === 'association' && (
        <Select
          ctx={ctx}
          name="receiptPeriod"
          label={tr(ctx, 'identity.receipt_period')}
          values={values}
          errors={errors}
          options={RECEIPT_PERIODS.map(
            (p) => [p, tr(ctx, `identity.receipt_period.${p}`)] as [string, string],
          )}
        />
      )}
    </fieldset>
  );
}

/**
 * What an organisation's pages say of its paperwork: a shop under the legal duty; an
 * association whose approval ends within 60 days, has ended, or was never recorded.
 */
export function IdentityBanner(props: { ctx: ViewCtx; org: Organisation; today: string }) {
  const { ctx, org } = props;
  if (underLegalDuty(org))
    return (
      <div class="alert info" role="note" id="legal-duty">
        {tr(ctx, 'identity.legal_duty')} <a href="/conventions">{tr(ctx, 'conv.title')}</a>
      </div>
    );
  if (org.kind !== 'association') return null;
  const state = approvalState(org, props.today);
  if (state === 'valid' || state === 'law') return null;
  const date = org.approval_ends_on ? formatDay(ctx.lang, org.approval_ends_on) : '';
  return (
    <div
      class={`alert ${state === 'ending' ? 'warn' : 'error'}`}
      role="status"
      id="approval-banner"
    >
      {tr(ctx, `identity.approval_${state === 'none' ? 'missing' : state}`, { date })}
    </div>
  );
}

/** The identity in one line, for the admin's list (seen before approving). */
export function IdentitySummary({ ctx, org }: { ctx: ViewCtx; org: Organisation }) {
  const missing = tr(ctx, 'identity.missing');
  const parts =
    org.kind === 'association'
      ? [
          `RNA ${org.rna ?? missing}`,
          `SIREN ${org.siren ?? missing}`,
          org.approval_level
            ? `${tr(ctx, `identity.approval.${org.approval_level}`)}${org.approval_number ? ` n° ${org.approval_number}` : ''}${org.approval_ends_on ? ` → ${formatDay(ctx.lang, org.approval_ends_on)}` : ''}`
            : `${tr(ctx, 'identity.approval')}${colon(ctx.lang)}${tr(ctx, 'identity.missing.f')}`,
        ]
      : org.kind === 'shop'
        ? [
            `SIRET ${org.siret ?? missing}`,
            org.legal_form ?? '',
            org.sales_area_m2 != null ? `${org.sales_area_m2} m²` : '',
          ]
        : [];
  return <small class="identity">{parts.filter(Boolean).join(' · ')}</small>;
}
