import type { WithdrawalDetail } from '../../src/withdrawals/queries.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, FormErrors } from '../components/fields.js';
import { date, kg, productName } from './format.js';

/** A pending offer for the association: confirm with the kg received, or refuse with a reason. */
export function AnswerForms({
  ctx,
  w,
  state,
}: {
  ctx: ViewCtx;
  w: WithdrawalDetail;
  state?: { values?: FormValues; errors?: FieldErrors };
}) {
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  const field = (name: string, label: string, type: string, fallback: string, hint?: string) => {
    const id = `f-${name}-${w.id}`;
    const err = errors[name];
    return (
      <div class={`field${err ? ' has-error' : ''}`}>
        <label for={id}>{label}</label>
        {hint && <small id={`${id}-hint`}>{hint}</small>}
        <input
          id={id}
          name={name}
          type={type}
          inputmode={name === 'receivedKg' ? 'decimal' : undefined}
          value={String(values[name] ?? fallback)}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={
            [err ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') ||
            undefined
          }
        />
        {err && (
          <p class="error" id={`${id}-err`}>
            {tr(ctx, err)}
          </p>
        )}
      </div>
    );
  };
  return (
    <li id={`withdrawal-${w.id}`} class="donation">
      <h3>
        {productName(ctx, w)} · {kg(ctx, w.quantity_kg)} kg
      </h3>
      <p class="meta">
        {date(ctx, w.withdrawn_on)} · {tr(ctx, 'wd.from_po', { name: w.po_name })}
        {w.certificate_number && ` · ${tr(ctx, 'wd.att.certificate')} ${w.certificate_number}`}
      </p>
      <FormErrors ctx={ctx} errors={state?.errors} />
      <form method="post" action={`/withdrawals/${w.id}/receipt`} novalidate>
        <Csrf ctx={ctx} />
        {field(
          'receivedKg',
          tr(ctx, 'wd.received_kg'),
          'text',
          String(w.quantity_kg),
          tr(ctx, 'wd.confirm_hint', { kg: kg(ctx, w.quantity_kg) }),
        )}
        <button type="submit">{tr(ctx, 'wd.confirm')}</button>
      </form>
      <details open={!!errors.reason}>
        <summary>{tr(ctx, 'wd.refuse')}</summary>
        <form method="post" action={`/withdrawals/${w.id}/refusal`} novalidate>
          <Csrf ctx={ctx} />
          {field('reason', tr(ctx, 'wd.refuse_reason'), 'text', '')}
          <button type="submit" class="danger">
            {tr(ctx, 'wd.refuse')}
          </button>
        </form>
      </details>
      <a href={`/withdrawals/${w.id}/attestation`}>{tr(ctx, 'wd.attestation')}</a>
    </li>
  );
}
