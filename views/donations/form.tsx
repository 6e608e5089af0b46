import { CATEGORIES } from '../../src/shared/categories.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { QualityMarks } from './quality-marks.js';

/** The posting form, phone first: the fields a shopkeeper changes most come first. */
export function DonationForm({
  ctx,
  values,
  errors,
  action = '/donations',
  submit = 'don.post',
}: {
  ctx: ViewCtx;
  values: FormValues;
  errors?: FieldErrors;
  /** where it posts: a new donation, or a change to one (`/donations/:id/edit`) */
  action?: string;
  submit?: string;
}) {
  const e: FieldErrors | undefined = errors
    ? { ...errors, pickupFromTime: errors.pickupFrom, pickupUntilTime: errors.pickupUntil }
    : undefined;
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field ctx={ctx} name={name} label={tr(ctx, label)} values={values} errors={e} {...extra} />
  );
  // only a new donation takes a photo (the one upload of the site: src/http/body-limit.tsx)
  const withPhoto = action === '/donations';
  return (
    <form
      method="post"
      action={action}
      class="card"
      id="donation-form"
      novalidate
      enctype={withPhoto ? 'multipart/form-data' : undefined}
    >
      <Csrf ctx={ctx} />
      <FormErrors ctx={ctx} errors={errors} />
      <Select
        ctx={ctx}
        name="category"
        label={tr(ctx, 'don.category')}
        values={values}
        errors={e}
        options={CATEGORIES.map((c) => [c, tr(ctx, `cat.${c}`)])}
      />
      {f('description', 'don.description', {
        required: true,
        hint: tr(ctx, 'don.description_hint'),
      })}
      <div class="row">
        {f('quantityKg', 'don.kg', { inputmode: 'decimal', required: true })}
        {f('units', 'don.units', { inputmode: 'numeric' })}
      </div>
      <Select
        ctx={ctx}
        name="storage"
        label={tr(ctx, 'don.storage')}
        values={values}
        errors={e}
        options={(['ambient', 'chilled', 'frozen'] as const).map((s) => [
          s,
          tr(ctx, `don.storage.${s}`),
        ])}
      />
      <div class="row">
        {f('pickupDate', 'don.pickup_date', { type: 'date', required: true })}
        {f('pickupFromTime', 'don.pickup_from', { type: 'time', required: true })}
        {f('pickupUntilTime', 'don.pickup_until', { type: 'time', required: true })}
      </div>
      {f('pickupUntilDate', 'don.pickup_until_date', {
        type: 'date',
        hint: tr(ctx, 'don.pickup_until_date_hint'),
      })}
      <QualityMarks ctx={ctx} values={values} errors={e} />
      <details
        open={Boolean(
          values.dateKind ||
          values.valueEur ||
          values.packaged === 'no' ||
          values.notSellable === 'on' ||
          values.lotNumber ||
          e?.lotNumber ||
          e?.date ||
          e?.packaged ||
          e?.valueEur ||
          e?.sameDay ||
          e?.photo,
        )}
      >
        <summary>
          {tr(ctx, 'don.date_kind')} · {tr(ctx, 'don.packaged')} · {tr(ctx, 'don.value')}
          {withPhoto && ` · ${tr(ctx, 'photo.short')}`}
        </summary>
        <div class="row">
          <Select
            ctx={ctx}
            name="dateKind"
            label={tr(ctx, 'don.date_kind')}
            values={values}
            errors={e}
            options={[
              ['', tr(ctx, 'don.date_kind.none')],
              ['use_by', tr(ctx, 'don.date_kind.use_by')],
              ['best_before', tr(ctx, 'don.date_kind.best_before')],
            ]}
          />
          {f('date', 'don.date', { type: 'date' })}
        </div>
        <Select
          ctx={ctx}
          name="packaged"
          label={tr(ctx, 'don.packaged')}
          values={values}
          errors={e}
          options={[
            ['yes', tr(ctx, 'don.packaged.yes')],
            ['no', tr(ctx, 'don.packaged.no')],
          ]}
        />
        <div class={`field${e?.sameDay ? ' has-error' : ''}`}>
          <label>
            <input
              type="checkbox"
              name="sameDay"
              checked={values.sameDay === 'on' || values.sameDay === true}
            />{' '}
            {tr(ctx, 'don.same_day')}
          </label>
          {e?.sameDay && (
            <p class="error" id="f-sameDay-err">
              {tr(ctx, e.sameDay)}
            </p>
          )}
        </div>
        {f('valueEur', 'don.value', {
          inputmode: 'decimal',
          hint: tr(ctx, 'receipts.value_hint'),
        })}
        <label>
          <input type="checkbox" name="notSellable" checked={values.notSellable === 'on'} />{' '}
          {tr(ctx, 'receipts.not_sellable')}
        </label>
        {withPhoto && <PhotoField ctx={ctx} error={e?.photo} />}
        {f('lotNumber', 'don.lot_number', { maxlength: 40, hint: tr(ctx, 'don.lot_hint') })}
      </details>
      <button type="submit" class="big">
        {tr(ctx, submit)}
      </button>
    </form>
  );
}

/**
 * The photo, from the phone's camera or its gallery: static/photo.js shrinks it before sending and
 * shows it; without JavaScript the file goes as it is and the server says if it is too large.
 */
function PhotoField({ ctx, error }: { ctx: ViewCtx; error?: string }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="f-photo">{tr(ctx, 'photo.label')}</label>
      <small id="f-photo-hint">{tr(ctx, 'photo.hint')}</small>
      <input
        id="f-photo"
        name="photo"
        type="file"
        accept="image/jpeg,image/png,image/webp,image/*"
        capture="environment"
        data-shrink-photo=""
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'f-photo-hint f-photo-err' : 'f-photo-hint'}
      />
      <img id="f-photo-preview" class="photo-preview" alt="" hidden />
      <script src="/static/photo.js" defer></script>
      {error && (
        <p class="error" id="f-photo-err">
          {tr(ctx, error)}
        </p>
      )}
    </div>
  );
}
