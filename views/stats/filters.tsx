// The dashboard's filters: a GET form, so that a filtered dashboard is a link one can share.
import { CATEGORIES } from '../../src/shared/categories.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { FormErrors, Select } from '../components/fields.js';
import { PeriodFields } from '../components/period-fields.js';

export function DashboardFilters(props: {
  ctx: ViewCtx;
  values: FormValues;
  errors?: FieldErrors;
  options: { shops: [number, string][]; associations: [number, string][] };
}) {
  const { ctx, values, errors } = props;
  const v = values;
  return (
    <details open={!!errors} class="card">
      <summary>{tr(ctx, 'stats.filters')}</summary>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="get" action="/dashboard" class="filters" novalidate>
        <PeriodFields ctx={ctx} values={v} errors={errors} />
        <Select
          ctx={ctx}
          name="category"
          label={tr(ctx, 'stats.category')}
          values={v}
          errors={errors}
          options={[
            ['', tr(ctx, 'stats.all_categories')],
            ...CATEGORIES.map((c): [string, string] => [c, tr(ctx, `cat.${c}`)]),
          ]}
        />
        <Select
          ctx={ctx}
          name="shop"
          label={tr(ctx, 'stats.shop')}
          values={v}
          errors={errors}
          options={[
            ['', tr(ctx, 'stats.all_shops')],
            ...props.options.shops.map(([id, n]): [string, string] => [String(id), n]),
          ]}
        />
        <Select
          ctx={ctx}
          name="association"
          label={tr(ctx, 'stats.association')}
          values={v}
          errors={errors}
          options={[
            ['', tr(ctx, 'stats.all_associations')],
            ...props.options.associations.map(([id, n]): [string, string] => [String(id), n]),
          ]}
        />
        <Select
          ctx={ctx}
          name="series"
          label={tr(ctx, 'stats.series')}
          values={v}
          errors={errors}
          options={[
            ['', '—'],
            ['week', tr(ctx, 'stats.series.week')],
            ['month', tr(ctx, 'stats.series.month')],
          ]}
        />
        {v.organisationId ? (
          <input type="hidden" name="organisationId" value={String(v.organisationId)} />
        ) : null}
        <button type="submit">{tr(ctx, 'stats.apply')}</button>
      </form>
    </details>
  );
}
