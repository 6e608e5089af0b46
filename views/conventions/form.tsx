import type { Partner } from '../../src/conventions/queries.js';
import { CATEGORIES } from '../../src/shared/categories.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';

/**
 * The proposal, from the ministry's model: the other side (one the organisation works with), the
 * food, the pickup arrangements, the quality contact and the dates. Identities come from both
 * profiles and the regular donations are added: nothing to type twice.
 */
export function ConventionFormPage(props: {
  ctx: ViewCtx;
  /** the organisation proposing, and which side it is */
  org: { id: number; kind: 'shop' | 'association'; name: string };
  partners: Partner[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, org, values, errors } = props;
  const partnerField = org.kind === 'shop' ? 'associationId' : 'shopId';
  const ownField = org.kind === 'shop' ? 'shopId' : 'associationId';
  const chosen = new Set([values.categories ?? []].flat().map(String));
  const err = (k: string) =>
    errors?.[k] && (
      <p class="error" id={`f-${k}-err`}>
        {tr(ctx, errors[k]!)}
      </p>
    );
  return (
    <Layout ctx={ctx} title={tr(ctx, 'conv.new')}>
      <h1>{tr(ctx, 'conv.new')}</h1>
      <p>{tr(ctx, 'conv.intro')}</p>
      {props.partners.length === 0 ? (
        <p class="alert" id="no-partner">
          {tr(ctx, 'conv.no_partner')}
        </p>
      ) : (
        <form method="post" action="/conventions" class="card" id="convention-form" novalidate>
          <Csrf ctx={ctx} />
          <FormErrors ctx={ctx} errors={errors} />
          <input type="hidden" name={ownField} value={String(org.id)} />
          <Select
            ctx={ctx}
            name={partnerField}
            label={tr(ctx, `conv.partner.${org.kind === 'shop' ? 'association' : 'shop'}`)}
            options={props.partners.map((p) => [String(p.id), p.name])}
            values={values}
            errors={errors}
          />
          <fieldset class={errors?.categories ? 'has-error' : undefined}>
            <legend>{tr(ctx, 'conv.categories')}</legend>
            <div class="checks">
              {CATEGORIES.map((cat) => (
                <label>
                  <input type="checkbox" name="categories" value={cat} checked={chosen.has(cat)} />{' '}
                  {tr(ctx, `cat.${cat}`)}
                </label>
              ))}
            </div>
            {err('categories')}
          </fieldset>
          <div class={`field${errors?.pickupArrangements ? ' has-error' : ''}`}>
            <label for="f-pickupArrangements">{tr(ctx, 'conv.pickup_arrangements')}</label>
            <small id="f-pickupArrangements-hint">{tr(ctx, 'conv.pickup_hint')}</small>
            <textarea
              id="f-pickupArrangements"
              name="pickupArrangements"
              rows={4}
              maxlength={1000}
              required
              aria-describedby="f-pickupArrangements-hint"
              aria-invalid={errors?.pickupArrangements ? 'true' : undefined}
            >
              {String(values.pickupArrangements ?? '')}
            </textarea>
            {err('pickupArrangements')}
          </div>
          <Field
            ctx={ctx}
            name="qualityContact"
            label={tr(ctx, 'conv.quality_contact')}
            hint={tr(ctx, 'conv.quality_hint')}
            maxlength={300}
            values={values}
            errors={errors}
          />
          <Field
            ctx={ctx}
            name="startsOn"
            type="date"
            label={tr(ctx, 'conv.starts_on')}
            required
            values={values}
            errors={errors}
          />
          <Field
            ctx={ctx}
            name="endsOn"
            type="date"
            label={tr(ctx, 'conv.ends_on')}
            hint={tr(ctx, 'conv.ends_hint')}
            values={values}
            errors={errors}
          />
          <button type="submit" class="big">
            {tr(ctx, 'conv.submit')}
          </button>
        </form>
      )}
    </Layout>
  );
}
