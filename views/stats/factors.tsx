import { CATEGORIES } from '../../src/shared/categories.js';
import { FACTOR_NAMES, type Factors } from '../../src/stats/factors.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors } from '../components/fields.js';
import { Layout } from '../layout.js';

export function factorValues(f: Factors): FormValues {
  const v: FormValues = {};
  for (const name of FACTOR_NAMES) {
    v[name] = f.defaults[name];
    for (const [cat, value] of Object.entries(f.byCategory[name] ?? {}))
      v[`${name}.${cat}`] = value;
  }
  return v;
}

export function FactorsPage({
  ctx,
  values,
  errors,
  saved,
}: {
  ctx: ViewCtx;
  values: FormValues;
  errors?: FieldErrors;
  saved?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'factors.title')}>
      <h1>{tr(ctx, 'factors.title')}</h1>
      <p>{tr(ctx, 'factors.intro')}</p>
      {saved && (
        <p class="alert ok" role="status">
          {tr(ctx, 'factors.saved')}
        </p>
      )}
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/factors" class="card" novalidate>
        <Csrf ctx={ctx} />
        {FACTOR_NAMES.map((name) => {
          const open = errors && Object.keys(errors).some((k) => k.startsWith(`${name}.`));
          return (
            <fieldset>
              <legend>{tr(ctx, `factors.${name}`)}</legend>
              <Field
                ctx={ctx}
                name={name}
                label={tr(ctx, 'factors.default')}
                values={values}
                errors={errors}
                inputmode="decimal"
                required
              />
              <details
                open={
                  open ||
                  CATEGORIES.some(
                    (c) => values[`${name}.${c}`] != null && values[`${name}.${c}`] !== '',
                  )
                }
              >
                <summary>{tr(ctx, 'factors.by_category')}</summary>
                {CATEGORIES.map((c) => (
                  <Field
                    ctx={ctx}
                    name={`${name}.${c}`}
                    label={tr(ctx, `cat.${c}`)}
                    values={values}
                    errors={errors}
                    inputmode="decimal"
                  />
                ))}
              </details>
            </fieldset>
          );
        })}
        <button type="submit">{tr(ctx, 'factors.save')}</button>
      </form>
    </Layout>
  );
}
