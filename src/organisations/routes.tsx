import { mailBacklog } from '../mail/outbox.js';
import { Hono, type Context } from 'hono';
import { AdminOrganisationsPage, ApprovalButton } from '../../views/admin/organisations.js';
import { ConfirmActionPage } from '../../views/components/confirm-action.js';
import { tr } from '../../views/context.js';
import { wakeSender } from '../mail/wake.js';
import { AddressNotConfirmedError } from './approval.js';
import { MembersPage } from '../../views/organisations/members.js';
import { ProfilePage, profileValues } from '../../views/organisations/profile.js';
import { canManage, type Actor } from '../accounts/actor.js';
import type { Organisation } from '../db/schema.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod } from '../http/errors.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { createOrganisationWithManager } from './admin.js';
import { addMember } from './invitations.js';
import { publicUrl } from '../http/public-url.js';
import {
  getOrganisation,
  listMembers,
  listOrganisations,
  setApproval,
  updateOrganisation,
} from './domain.js';
import {
  createOrganisationSchema,
  memberSchema,
  organisationFromForm,
  updateOrganisationSchema,
} from './schemas.js';
import { idParam } from '../shared/ids.js';
import type { AddressState } from '../../views/components/address-field.js';
import { chooseAddress } from '../places/choose.js';
import { addressFromForm, placingOf } from '../places/routes.js';
import { identityFormErrors } from '../../views/organisations/identity.js';
import { parisToday } from '../shared/period.js';

export const organisationRoutes = new Hono<SignedInEnv>();

const orgId = (s: string) => idParam(s);

/** Only a manager of the organisation (or the admin) edits it or sees its members. */
const mustManage = (actor: Actor, id: number) => {
  if (!canManage(actor, id)) throw new ForbiddenError();
};

/** The admin pages are the platform admin's alone, whatever the organisation. */
const mustBeAdmin = (actor: Actor) => {
  if (!actor.user.is_admin) throw new ForbiddenError();
};

/** Form fields show one message per input: `acceptedCategories.0` belongs to `acceptedCategories`. */
const formFields = (fields: Record<string, string>) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(identityFormErrors(fields))) out[k.split('.')[0]!] ??= v;
  return out;
};

organisationRoutes.get('/organisations/:id', async (c) => {
  const actor = c.get('actor');
  const org = await getOrganisation(c.get('deps').db, actor, orgId(c.req.param('id')));
  const ctx = viewCtx(c);
  return c.html(
    <ProfilePage
      ctx={ctx}
      org={org}
      lookup={!!c.get('deps').geocoder}
      values={profileValues(org)}
      saved={c.req.query('saved') === '1'}
      canEdit={canManage(actor, org.id)}
      today={parisToday(c.get('deps').now())}
    />,
  );
});

/** The profile form again with what was typed and what is wrong (422). */
function profileAgain(
  c: Context<SignedInEnv>,
  org: Organisation,
  form: Record<string, string | string[]>,
  errors: Record<string, string>,
  address?: AddressState,
) {
  const values = {
    ...form,
    chilled: form.chilled === 'on',
    frozen: form.frozen === 'on',
    sameDayCapacity: form.sameDayCapacity === 'on',
    acceptedCategories: [form.acceptedCategories ?? []].flat(),
    pickupDays: [form.pickupDays ?? []].flat(),
  };
  return c.html(
    <ProfilePage
      ctx={viewCtx(c)}
      org={org}
      lookup={!!c.get('deps').geocoder}
      address={address}
      values={values}
      errors={formFields(errors)}
      canEdit
      today={parisToday(c.get('deps').now())}
    />,
    422,
  );
}

organisationRoutes.post('/organisations/:id', async (c) => {
  const actor = c.get('actor');
  const { db } = c.get('deps');
  const id = orgId(c.req.param('id'));
  const org = await getOrganisation(db, actor, id);
  mustManage(actor, id);
  const form = await formBody(c);
  const parsed = updateOrganisationSchema.safeParse(organisationFromForm(form));
  const placed = await chooseAddress(await placingOf(c), addressFromForm(form), org);
  const errors = { ...(placed.ok ? {} : placed.errors) };
  if (!parsed.success) Object.assign(errors, fieldsFromZod(parsed.error.issues));
  if (!parsed.success || !placed.ok) return profileAgain(c, org, form, errors, placed);
  try {
    await updateOrganisation(db, actor, id, parsed.data, undefined, placed.columns);
    c.get('deps').feedCache?.forget(id); // its radius or profile may have changed
  } catch (e) {
    if (e instanceof ValidationError) return profileAgain(c, org, form, e.fields, placed);
    throw e;
  }
  return c.redirect(`/organisations/${id}?saved=1`, 303);
});

organisationRoutes.get('/organisations/:id/members', async (c) => {
  const actor = c.get('actor');
  const { db } = c.get('deps');
  const id = orgId(c.req.param('id'));
  const org = await getOrganisation(db, actor, id);
  mustManage(actor, id);
  const members = await listMembers(db, actor, id);
  return c.html(<MembersPage ctx={viewCtx(c)} orgId={id} orgName={org.name} members={members} />);
});

/**
 * The members page after a try at adding someone: the invitation link to hand over, or the form
 * again with what was typed and what is wrong.
 */
async function membersAfterAdding(
  c: Context<SignedInEnv>,
  org: { id: number; name: string },
  outcome: {
    values?: Record<string, string | string[]>;
    errors?: Record<string, string>;
    invitation?: { email: string; token: string | null; setsPassword: boolean; mailed: boolean };
  },
) {
  const { values, errors, invitation } = outcome;
  const members = await listMembers(c.get('deps').db, c.get('actor'), org.id);
  if (errors) c.status(422);
  return c.html(
    <MembersPage
      ctx={viewCtx(c)}
      orgId={org.id}
      orgName={org.name}
      members={members}
      values={values}
      errors={errors}
      invitation={
        invitation && {
          email: invitation.email,
          url: publicUrl(c.get('deps'), `/invitations/${invitation.token}`, c.req.url),
          setsPassword: invitation.setsPassword,
          mailed: invitation.mailed,
        }
      }
    />,
  );
}

organisationRoutes.post('/organisations/:id/members', async (c) => {
  const actor = c.get('actor');
  const { db, now } = c.get('deps');
  const id = orgId(c.req.param('id'));
  const org = await getOrganisation(db, actor, id);
  mustManage(actor, id);
  const form = await formBody(c);
  const parsed = memberSchema.safeParse({ email: form.email, name: form.name, role: form.role });
  if (!parsed.success)
    return membersAfterAdding(c, org, {
      values: form,
      errors: formFields(fieldsFromZod(parsed.error.issues)),
    });
  try {
    const added = await addMember(db, actor, id, parsed.data, now());
    if (added.mailed) await wakeSender(c.get('deps').events);
    const { invitation: token, setsPassword, mailed } = added;
    return membersAfterAdding(c, org, {
      invitation: { email: parsed.data.email, token, setsPassword, mailed },
    });
  } catch (e) {
    if (e instanceof ValidationError)
      return membersAfterAdding(c, org, { values: form, errors: e.fields });
    throw e;
  }
});

organisationRoutes.get('/admin/organisations', async (c) => {
  mustBeAdmin(c.get('actor'));
  const pendingOnly = c.req.query('pending') === '1';
  const { db, config, geocoder, now } = c.get('deps');
  const orgs = await listOrganisations(db, c.get('actor'), { pendingOnly });
  const mail = { mode: config.mail ?? ('files' as const), ...(await mailBacklog(db, now())) };
  return c.html(
    <AdminOrganisationsPage
      ctx={viewCtx(c)}
      orgs={orgs}
      pendingOnly={pendingOnly}
      lookup={!!geocoder}
      mail={mail}
    />,
  );
});

/** The admin's list with the creation form again, its values kept and its errors said (422). */
async function adminCreateAgain(
  c: Context<SignedInEnv>,
  form: Record<string, string | string[]>,
  errors: Record<string, string>,
  address?: AddressState,
) {
  c.status(422);
  const orgs = await listOrganisations(c.get('deps').db, c.get('actor'));
  return c.html(
    <AdminOrganisationsPage
      ctx={viewCtx(c)}
      orgs={orgs}
      pendingOnly={false}
      lookup={!!c.get('deps').geocoder}
      address={address}
      values={form}
      errors={errors}
    />,
  );
}

organisationRoutes.post('/admin/organisations', async (c) => {
  const actor = c.get('actor');
  mustBeAdmin(actor);
  const { db, now } = c.get('deps');
  const form = await formBody(c);
  const parsed = createOrganisationSchema.safeParse(organisationFromForm(form));
  const placed = await chooseAddress(await placingOf(c), addressFromForm(form), null);
  const errors = { ...(placed.ok ? {} : placed.errors) };
  if (!parsed.success) Object.assign(errors, formFields(fieldsFromZod(parsed.error.issues)));
  if (!parsed.success || !placed.ok) return adminCreateAgain(c, form, errors, placed);
  try {
    const managerEmail = String(form.managerEmail ?? '');
    const { org, invitation } = await createOrganisationWithManager(
      db,
      actor,
      parsed.data,
      managerEmail,
      now(),
      placed.columns,
    );
    if (!invitation) return c.redirect(`/organisations/${org.id}`, 303);
    if (invitation.mailed) await wakeSender(c.get('deps').events);
    return membersAfterAdding(c, org, { invitation });
  } catch (e) {
    if (e instanceof ValidationError) return adminCreateAgain(c, form, e.fields, placed);
    throw e;
  }
});

organisationRoutes.post('/admin/organisations/:id/approval', async (c) => {
  const actor = c.get('actor');
  mustBeAdmin(actor);
  const form = await formBody(c);
  const id = orgId(c.req.param('id'));
  const { db } = c.get('deps');
  const htmx = !!c.req.header('hx-request');
  // withdrawing an approval is asked again on a page of its own, as destructive taps are
  if (form.approved !== 'true' && form.confirmed !== 'yes') {
    const org = await getOrganisation(db, actor, id);
    const ctx = viewCtx(c);
    return c.html(
      <ConfirmActionPage
        ctx={ctx}
        title={tr(ctx, 'admin.unapprove_confirm', { name: org.name })}
        text={tr(ctx, 'admin.unapprove_text')}
        yes={tr(ctx, 'admin.unapprove')}
        action={`/admin/organisations/${id}/approval`}
        back={`/admin/organisations#approval-${id}`}
        hidden={{ approved: 'false' }}
      />,
    );
  }
  try {
    const org = await setApproval(db, actor, id, form.approved === 'true');
    if (htmx) return c.html(<ApprovalButton ctx={viewCtx(c)} org={org} />);
    return c.redirect('/admin/organisations', 303);
  } catch (e) {
    if (!(e instanceof AddressNotConfirmedError)) throw e;
    // said beside the button (htmx swaps a 422), or on the whole list without JavaScript
    c.status(422);
    const refused = { id, error: e.message };
    const orgs = await listOrganisations(db, actor);
    const org = orgs.find((o) => o.id === id)!;
    if (htmx) return c.html(<ApprovalButton ctx={viewCtx(c)} org={org} error={e.message} />);
    const lookup = !!c.get('deps').geocoder;
    const page = { orgs, pendingOnly: false, lookup, refused };
    return c.html(<AdminOrganisationsPage ctx={viewCtx(c)} {...page} />);
  }
});
