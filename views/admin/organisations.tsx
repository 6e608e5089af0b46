import { MailStatus, type MailStatusInfo } from '../mail/status.js';
import type { Organisation } from '../../src/db/schema.js';
import type { EmailAddressState } from '../../src/organisations/approval.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { AddressField, type AddressState } from '../components/address-field.js';
import { IdentityFields, IdentitySummary } from '../organisations/identity.js';

/** A row of the admin's list: the organisation and whether its people confirmed an address. */
export type AdminOrganisation = Organisation & { address_state?: EmailAddressState };

/**
 * `error`: the approval was refused (no confirmed address yet), said beside the button. Approving
 * swaps the button in place (htmx); withdrawing an approval goes through its confirmation page.
 */
export function ApprovalButton({
  ctx,
  org,
  error,
}: {
  ctx: ViewCtx;
  org: Organisation;
  error?: string;
}) {
  return (
    <form
      method="post"
      action={`/admin/organisations/${org.id}/approval`}
      hx-post={org.approved ? undefined : `/admin/organisations/${org.id}/approval`}
      hx-target={org.approved ? undefined : 'this'}
      hx-swap={org.approved ? undefined : 'outerHTML'}
      class="inline"
      id={`approval-${org.id}`}
    >
      <Csrf ctx={ctx} />
      <input type="hidden" name="approved" value={org.approved ? 'false' : 'true'} />
      <button type="submit" class={org.approved ? 'secondary' : ''}>
        {tr(ctx, org.approved ? 'admin.unapprove' : 'admin.approve')}
      </button>
      {error && (
        <p class="error" role="alert" id={`approval-${org.id}-err`}>
          {tr(ctx, error)}
        </p>
      )}
    </form>
  );
}

export function AdminOrganisationsPage(props: {
  ctx: ViewCtx;
  orgs: AdminOrganisation[];
  /** the organisation whose approval was just refused, and why */
  refused?: { id: number; error: string };
  pendingOnly: boolean;
  /** an address service is configured: addresses are looked up, not coordinates typed */
  lookup: boolean;
  address?: AddressState;
  values?: FormValues;
  errors?: FieldErrors;
  /** how e-mail leaves (shown on the list page) */
  mail?: MailStatusInfo;
}) {
  const { ctx, values, errors } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'admin.title')}>
      <h1>{tr(ctx, 'admin.title')}</h1>
      {props.mail && <MailStatus ctx={ctx} mail={props.mail} />}
      <p>
        <a href={props.pendingOnly ? '/admin/organisations' : '/admin/organisations?pending=1'}>
          {tr(ctx, 'admin.filter_pending')}
        </a>
      </p>
      <table class="table stack" id="organisations">
        <thead>
          <tr>
            <th scope="col">{tr(ctx, 'profile.name')}</th>
            <th scope="col">{tr(ctx, 'admin.kind')}</th>
            <th scope="col">{tr(ctx, 'signup.town')}</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {props.orgs.map((o) => (
            <tr>
              <td>
                <a href={`/organisations/${o.id}`}>{o.name}</a>
                <br />
                <IdentitySummary ctx={ctx} org={o} />
              </td>
              <td>{tr(ctx, `kind.${o.kind}`)}</td>
              <td>{o.town ?? ''}</td>
              <td>
                {o.address_state && o.address_state !== 'none' && (
                  <small class="address-state" id={`address-${o.id}`}>
                    {tr(ctx, `admin.address_${o.address_state}`)}
                  </small>
                )}
                {o.kind === 'association' && (
                  <ApprovalButton
                    ctx={ctx}
                    org={o}
                    error={props.refused?.id === o.id ? props.refused.error : undefined}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr(ctx, 'admin.create')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/organisations" class="card" novalidate>
        <Csrf ctx={ctx} />
        <Select
          ctx={ctx}
          name="kind"
          label={tr(ctx, 'admin.kind')}
          values={values}
          errors={errors}
          options={(['shop', 'association', 'producer_org', 'territory'] as const).map((k) => [
            k,
            tr(ctx, `kind.${k}`),
          ])}
        />
        <Field
          ctx={ctx}
          name="name"
          label={tr(ctx, 'profile.name')}
          values={values}
          errors={errors}
          required
        />
        <AddressField
          ctx={ctx}
          lookup={props.lookup}
          state={props.address}
          values={values}
          errors={errors}
        />
        <IdentityFields ctx={ctx} values={values} errors={errors} />
        <Field
          ctx={ctx}
          name="managerEmail"
          type="email"
          label={tr(ctx, 'admin.manager_email')}
          values={values}
          errors={errors}
        />
        <button type="submit">{tr(ctx, 'admin.create')}</button>
      </form>
    </Layout>
  );
}
