import { LOCAL_ORIGINS, QUALITY_LABELS } from '../../src/db/tables/donations.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';

/**
 * What is given, in one tap each (issue #19): fresh produce, a quality or origin label, local
 * food. All optional; folded until used once (the next post starts with the last one's marks).
 */
export function QualityMarks({
  ctx,
  values,
  errors: e,
}: {
  ctx: ViewCtx;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const open = Boolean(
    values.freshProduce === 'on' ||
    values.qualityLabel ||
    values.localOrigin ||
    e?.freshProduce ||
    e?.qualityLabel ||
    e?.localOrigin,
  );
  const radios = (name: 'qualityLabel' | 'localOrigin', options: readonly string[]) => (
    <fieldset class={e?.[name] ? 'has-error' : undefined} id={`f-${name}`}>
      <legend>{tr(ctx, `don.marks.${name}`)}</legend>
      <div class="checks">
        {['', ...options].map((v) => (
          <label>
            <input type="radio" name={name} value={v} checked={String(values[name] ?? '') === v} />{' '}
            {tr(ctx, `don.marks.${name}.${v || 'none'}`)}
          </label>
        ))}
      </div>
      {e?.[name] && <p class="error">{tr(ctx, e[name])}</p>}
    </fieldset>
  );
  return (
    <details open={open} id="quality-marks">
      <summary>{tr(ctx, 'don.marks.summary')}</summary>
      <div class={`field${e?.freshProduce ? ' has-error' : ''}`}>
        <label>
          <input
            type="checkbox"
            name="freshProduce"
            checked={values.freshProduce === 'on' || values.freshProduce === true}
          />{' '}
          {tr(ctx, 'don.marks.fresh')}
        </label>
        {e?.freshProduce && <p class="error">{tr(ctx, e.freshProduce)}</p>}
      </div>
      {radios('qualityLabel', QUALITY_LABELS)}
      {radios('localOrigin', LOCAL_ORIGINS)}
      <p class="factor">{tr(ctx, 'don.marks.hint')}</p>
    </details>
  );
}

/** The marks in words, for the donation's page ("Produits frais · Bio (AB) · Notre production"). */
export function marksText(
  ctx: ViewCtx,
  d: { fresh_produce: boolean; quality_label: string | null; local_origin: string | null },
) {
  const words = [
    d.fresh_produce ? tr(ctx, 'don.marks.fresh') : null,
    d.quality_label ? tr(ctx, `don.marks.qualityLabel.${d.quality_label}`) : null,
    d.local_origin ? tr(ctx, `don.marks.localOrigin.${d.local_origin}`) : null,
  ].filter(Boolean);
  return words.length ? words.join(' · ') : null;
}
