// What an organisation shows in its territory's public directory: a form of its own, linked from
// the profile page (managers only). Works without JavaScript; errors beside their field.
import type { OrganisationKind } from '../../src/db/schema.js';
import { LOCATIONS, SERVICES } from '../../src/directory/schemas.js';
import { frenchPhoneText } from '../../src/shared/phone.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, TextArea } from '../components/fields.js';
import { Layout } from '../layout.js';

/** The form's values from a saved entry (the API's shape). */
export function entryValues(e: {
  listed: boolean;
  showName: boolean;
  showKind: boolean;
  location: string;
  services: string[];
  hours: string | null;
  newBeneficiaries: boolean | null;
  phone?: string | null;
  email: string | null;
  website: string | null;
  showGiving: boolean;
}): FormValues {
  return {
    ...e,
    phone: e.phone && frenchPhoneText(e.phone),
    newBeneficiaries: e.newBeneficiaries == null ? '' : e.newBeneficiaries ? 'yes' : 'no',
  };
}

/** The profile page's section: what the directory is, and the way to the choices. */
export function DirectorySection({
  ctx,
  org,
}: {
  ctx: ViewCtx;
  org: { id: number; kind: string };
}) {
  return (
    <section class="card" aria-labelledby="directory-title">
      <h2 id="directory-title">{tr(ctx, 'dir.profile_title')}</h2>
      <p>{tr(ctx, org.kind === 'territory' ? 'dir.profile_text_territory' : 'dir.profile_text')}</p>
      <p>
        <a href={`/organisations/${org.id}/directory`}>{tr(ctx, 'dir.profile_link')}</a>
      </p>
    </section>
  );
}

function Check(p: {
  ctx: ViewCtx;
  name: string;
  label: string;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const err = p.errors?.[p.name];
  return (
    <label>
      <input
        type="checkbox"
        id={`f-${p.name}`}
        name={p.name}
        checked={p.values[p.name] === true || p.values[p.name] === 'on'}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `f-${p.name}-err` : undefined}
      />
      <span>{tr(p.ctx, p.label)}</span>
    </label>
  );
}

function Radios(p: {
  ctx: ViewCtx;
  name: string;
  legend: string;
  options: [value: string, label: string][];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const current = String(p.values[p.name] ?? '');
  const err = p.errors?.[p.name];
  return (
    <fieldset>
      <legend>{tr(p.ctx, p.legend)}</legend>
      <div class="checks stacked">
        {p.options.map(([v, label]) => (
          <label>
            <input type="radio" name={p.name} value={v} checked={current === v} />
            <span>{tr(p.ctx, label)}</span>
          </label>
        ))}
      </div>
      {err && <p class="error">{tr(p.ctx, err)}</p>}
    </fieldset>
  );
}

export function DirectoryEntryPage(props: {
  ctx: ViewCtx;
  org: { id: number; kind: OrganisationKind; name: string; approved: boolean };
  values: FormValues;
  errors?: FieldErrors;
  saved?: boolean;
  /** the published territories whose page lists it (once listed and, an association, approved) */
  territories: { id: number; name: string }[];
  /** it is on those pages now: listed as saved, and approved if an association */
  shown: boolean;
}) {
  const { ctx, org, values, errors } = props;
  const isTerritory = org.kind === 'territory';
  const services = Array.isArray(values.services) ? values.services.map(String) : [];
  const field = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field
      ctx={ctx}
      name={name}
      label={tr(ctx, label)}
      values={values}
      errors={errors}
      {...extra}
    />
  );
  return (
    <Layout ctx={ctx} title={tr(ctx, 'dir.profile_title')}>
      <h1>{tr(ctx, 'dir.entry_title', { name: org.name })}</h1>
      {props.saved && (
        <div class="alert ok" role="status">
          {tr(ctx, 'dir.saved')}
        </div>
      )}
      <p>{tr(ctx, isTerritory ? 'dir.profile_text_territory' : 'dir.entry_intro')}</p>
      {org.kind === 'association' && !org.approved && (
        <div class="alert" id="dir-pending">
          {tr(ctx, 'dir.pending_approval')}
        </div>
      )}
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action={`/organisations/${org.id}/directory`} class="card" novalidate>
        <Csrf ctx={ctx} />
        <div class={`field${errors?.listed ? ' has-error' : ''}`}>
          <div class="checks stacked">
            <Check
              ctx={ctx}
              name="listed"
              label={isTerritory ? 'dir.listed_territory' : 'dir.listed'}
              values={values}
              errors={errors}
            />
          </div>
          {errors?.listed && (
            <p class="error" id="f-listed-err">
              {tr(ctx, errors.listed)}
            </p>
          )}
        </div>
        {!isTerritory && (
          <>
            <div class="checks stacked">
              <Check ctx={ctx} name="showName" label="dir.show_name" values={values} />
              <Check ctx={ctx} name="showKind" label="dir.show_kind" values={values} />
            </div>
            <Radios
              ctx={ctx}
              name="location"
              legend="dir.location"
              options={LOCATIONS.map((l) => [l, `dir.location.${l}`])}
              values={values}
              errors={errors}
            />
            {org.kind === 'association' && (
              <>
                <fieldset>
                  <legend>{tr(ctx, 'dir.services')}</legend>
                  <div class="checks stacked">
                    {SERVICES.map((s) => (
                      <label>
                        <input
                          type="checkbox"
                          name="services"
                          value={s}
                          checked={services.includes(s)}
                        />
                        <span>{tr(ctx, `dir.service.${s}`)}</span>
                      </label>
                    ))}
                  </div>
                  {errors?.services && <p class="error">{tr(ctx, errors.services)}</p>}
                </fieldset>
                <Radios
                  ctx={ctx}
                  name="newBeneficiaries"
                  legend="dir.new_beneficiaries"
                  options={[
                    ['', 'dir.nb.unsaid'],
                    ['yes', 'dir.nb.yes'],
                    ['no', 'dir.nb.no'],
                  ]}
                  values={values}
                  errors={errors}
                />
              </>
            )}
            {org.kind === 'shop' && (
              <div class="checks stacked">
                <Check ctx={ctx} name="showGiving" label="dir.show_giving" values={values} />
              </div>
            )}
            <TextArea
              ctx={ctx}
              name="hours"
              label={tr(ctx, 'dir.hours')}
              hint={tr(ctx, 'dir.hours_hint')}
              maxlength={300}
              values={values}
              errors={errors}
            />
            <fieldset>
              <legend>{tr(ctx, 'dir.contact')}</legend>
              {field('phone', 'dir.phone', { type: 'tel', autocomplete: 'off', maxlength: 30 })}
              {field('email', 'dir.email', { type: 'email', autocomplete: 'off', maxlength: 200 })}
              {field('website', 'dir.website', { type: 'url', inputmode: 'url', maxlength: 200 })}
            </fieldset>
          </>
        )}
        <button type="submit">{tr(ctx, 'dir.save')}</button>
      </form>
      <section>
        {props.territories.length ? (
          <>
            <p>{tr(ctx, props.shown ? 'dir.appears_on' : 'dir.would_appear_on')}</p>
            <ul>
              {props.territories.map((t) => (
                <li>
                  <a href={`/territories/${t.id}/directory`}>{t.name}</a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          !isTerritory && <p>{tr(ctx, 'dir.appears_nowhere')}</p>
        )}
      </section>
    </Layout>
  );
}
