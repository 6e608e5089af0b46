import type { Organisation } from '../../src/db/schema.js';
import { CATEGORIES } from '../../src/shared/categories.js';
import { frenchPhoneText } from '../../src/shared/phone.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, TextArea } from '../components/fields.js';
import { Layout } from '../layout.js';
import { AddressField, type AddressState } from '../components/address-field.js';
import { IdentityBanner, IdentityFields, identityValues } from './identity.js';
import { DirectorySection } from '../directory/entry.js';

/** Form values from a saved organisation, in the form's field names. */
export function profileValues(o: Organisation): FormValues {
  return {
    name: o.name,
    address: o.address,
    town: o.town,
    postcode: o.postcode,
    phone: o.phone,
    accessNotes: o.access_notes,
    pickupPhone: o.pickup_phone && frenchPhoneText(o.pickup_phone),
    lat: o.lat,
    lng: o.lng,
    radiusKm: o.radius_km,
    acceptedCategories: o.accepted_categories ?? [],
    chilled: o.storage_chilled,
    frozen: o.storage_frozen,
    sameDayCapacity: o.same_day_capacity,
    minKg: o.min_kg,
    maxKg: o.max_kg,
    pickupDays: o.pickup_days,
    pickupFrom: o.pickup_from,
    pickupUntil: o.pickup_until,
    ...identityValues(o),
  };
}

/** The place on record in words, when the service never named it (placed by hand, before #13). */
const placeText = (o: Organisation) =>
  [o.address, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null;

export function ProfilePage(props: {
  ctx: ViewCtx;
  org: Organisation;
  /** an address service is configured: addresses are looked up, not coordinates typed */
  lookup: boolean;
  address?: AddressState;
  values: FormValues;
  errors?: FieldErrors;
  saved?: boolean;
  canEdit: boolean;
  /** Paris day, for the approval's banner */
  today: string;
}) {
  const { ctx, org, values, errors } = props;
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
  const checked = (name: string, v?: string | number) => {
    const cur = values[name];
    if (v === undefined) return cur === true || cur === 'on';
    return Array.isArray(cur) && (cur as unknown[]).map(String).includes(String(v));
  };
  const isAssoc = org.kind === 'association';
  return (
    <Layout ctx={ctx} title={tr(ctx, 'profile.title')}>
      <h1>
        {org.name} <small>{tr(ctx, `kind.${org.kind}`)}</small>
      </h1>
      {isAssoc && (
        <p class={org.approved ? 'badge ok' : 'badge warn'}>
          {tr(ctx, org.approved ? 'profile.approved' : 'profile.not_approved')}
        </p>
      )}
      <IdentityBanner ctx={ctx} org={org} today={props.today} />
      {props.saved && (
        <div class="alert ok" role="status">
          {tr(ctx, 'profile.saved')}
        </div>
      )}
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action={`/organisations/${org.id}`} class="card" novalidate>
        <Csrf ctx={ctx} />
        <input type="hidden" name="profileForm" value={org.kind} />
        <fieldset disabled={!props.canEdit}>
          {f('name', 'profile.name', { required: true })}
          <AddressField
            ctx={ctx}
            lookup={props.lookup}
            state={props.address}
            values={values}
            errors={errors}
            saved={org.address_label ?? placeText(org)}
          />
          {f('phone', 'profile.phone', { type: 'tel', autocomplete: 'tel' })}
          {org.kind === 'shop' && <ShopAccessFields ctx={ctx} values={values} errors={errors} />}
          {(org.kind === 'shop' || isAssoc) && (
            <IdentityFields ctx={ctx} kind={org.kind} values={values} errors={errors} />
          )}
          {isAssoc && (
            <>
              {f('radiusKm', 'profile.radius', { inputmode: 'decimal' })}
              <fieldset>
                <legend>{tr(ctx, 'profile.categories')}</legend>
                <small>{tr(ctx, 'profile.categories_hint')}</small>
                <div class="checks">
                  {CATEGORIES.map((cat) => (
                    <label>
                      <input
                        type="checkbox"
                        name="acceptedCategories"
                        value={cat}
                        checked={checked('acceptedCategories', cat)}
                      />{' '}
                      {tr(ctx, `cat.${cat}`)}
                    </label>
                  ))}
                </div>
                {errors?.acceptedCategories && (
                  <p class="error">{tr(ctx, errors.acceptedCategories)}</p>
                )}
              </fieldset>
              <fieldset>
                <legend>{tr(ctx, 'profile.storage')}</legend>
                <label>
                  <input type="checkbox" name="chilled" checked={checked('chilled')} />{' '}
                  {tr(ctx, 'profile.chilled')}
                </label>
                <label>
                  <input type="checkbox" name="frozen" checked={checked('frozen')} />{' '}
                  {tr(ctx, 'profile.frozen')}
                </label>
                <label>
                  <input
                    type="checkbox"
                    name="sameDayCapacity"
                    checked={checked('sameDayCapacity')}
                  />{' '}
                  {tr(ctx, 'profile.same_day')}
                </label>
              </fieldset>
              <div class="row">
                {f('minKg', 'profile.min_kg', { inputmode: 'decimal' })}
                {f('maxKg', 'profile.max_kg', { inputmode: 'decimal' })}
              </div>
              <fieldset>
                <legend>{tr(ctx, 'profile.days')}</legend>
                <div class="checks days">
                  {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                    <label>
                      <input
                        type="checkbox"
                        name="pickupDays"
                        value={String(d)}
                        checked={checked('pickupDays', d)}
                      />{' '}
                      {tr(ctx, `day.${d}`)}
                    </label>
                  ))}
                </div>
                {errors?.pickupDays && <p class="error">{tr(ctx, errors.pickupDays)}</p>}
              </fieldset>
            </>
          )}
          <div class="row">
            {f('pickupFrom', isAssoc ? 'profile.slot_from' : 'profile.usual_window', {
              type: 'time',
            })}
            {f('pickupUntil', 'profile.slot_until', { type: 'time' })}
          </div>
          <button type="submit">{tr(ctx, 'profile.save')}</button>
        </fieldset>
      </form>
      {props.canEdit && <DirectorySection ctx={ctx} org={org} />}
    </Layout>
  );
}

/** How to get to the shop and whom to call: shown only to the association holding a claim. */
function ShopAccessFields(props: { ctx: ViewCtx; values: FormValues; errors?: FieldErrors }) {
  const { ctx, values, errors } = props;
  return (
    <>
      <TextArea
        ctx={ctx}
        name="accessNotes"
        label={tr(ctx, 'profile.access_notes')}
        hint={tr(ctx, 'profile.access_notes_hint')}
        maxlength={500}
        values={values}
        errors={errors}
      />
      <Field
        ctx={ctx}
        name="pickupPhone"
        type="tel"
        autocomplete="tel"
        maxlength={30}
        label={tr(ctx, 'profile.pickup_phone')}
        hint={tr(ctx, 'profile.pickup_phone_hint')}
        values={values}
        errors={errors}
      />
    </>
  );
}
