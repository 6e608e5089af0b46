import { Hono, type Context } from 'hono';
import { AdminOrganisationsPage, ApprovalButton } from '../../views/admin/organisations.js';
import { MembersPage } from '../../views/organisations/members.js';
import { ProfilePage, profileValues } from '../../views/organisations/profile.js';
import { canManage, type Actor } from '../accounts/actor.js';
import type { AppEnv } from '../http/env.js';
import { fieldsFromZod, ForbiddenError, ValidationError } from '../http/errors.js';
import { requireUser } from '../http/middleware.js';
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
import { idParam } from '../http/ids.js';

export const organisationRoutes = new Hono<AppEnv>();
organisationRoutes.use('/organisations/*', requireUser());
organisationRoutes.use('/admin/*', requireUser());

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
  for (const [k, v] of Object.entries(fields)) out[k.split('.')[0]] ??= v;
  return out;
};

organisationRoutes.get('/organisations/:id', async (c) => {
  const actor = c.get('actor')!;
  const org = await getOrganisation(c.get('deps').db, actor, orgId(c.req.param('id')));
  const ctx = viewCtx(c);
  return c.html(
    <ProfilePage
      ctx={ctx}
      org={org}
      values={profileValues(org)}
      saved={c.req.query('saved') === '1'}
      canEdit={canManage(actor, org.id)}
    />,
  );
});

organisationRoutes.post('/organisations/:id', async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('deps');
  const id = orgId(c.req.param('id'));
  const org = await getOrganisation(db, actor, id);
  mustManage(actor, id);
  const form = await formBody(c);
  const again = (errors: Record<string, string>) => {
    c.status(422);
    return c.html(
      <ProfilePage
        ctx={viewCtx(c)}
        org={org}
        values={{
          ...form,
          chilled: form.chilled === 'on',
          frozen: form.frozen === 'on',
          sameDayCapacity: form.sameDayCapacity === 'on',
          acceptedCategories: [form.acceptedCategories ?? []].flat(),
          pickupDays: [form.pickupDays ?? []].flat(),
        }}
        errors={formFields(errors)}
        canEdit
      />,
    );
  };
  const parsed = updateOrganisationSchema.safeParse(organisationFromForm(form));
  if (!parsed.success) return again(fieldsFromZod(parsed.error.issues));
  try {
    await updateOrganisation(db, actor, id, parsed.data);
    c.get('deps').feedCache?.forget(id); // its radius or profile may have changed
  } catch (e) {
    if (e instanceof ValidationError) return again(e.fields);
    throw e;
  }
  return c.redirect(`/organisations/${id}?saved=1`, 303);
});

organisationRoutes.get('/organisations/:id/members', async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('deps');
  const id = orgId(c.req.param('id'));
  const org = await getOrganisation(db, actor, id);
  mustManage(actor, id);
  const members = await listMembers(db, actor, id);
  return c.html(<MembersPage ctx={viewCtx(c)} orgId={id} orgName={org.name} members={members} />);
});

organisationRoutes.post('/organisations/:id/members', async (c) => {
  const actor = c.get('actor')!;
  const { db, now } = c.get('deps');
  const id = orgId(c.req.param('id'));
  const org = await getOrganisation(db, actor, id);
  mustManage(actor, id);
  const form = await formBody(c);
  const render = async (extra: {
    errors?: Record<string, string>;
    invitation?: { email: string; url: string; setsPassword: boolean };
  }) =>
    c.html(
      <MembersPage
        ctx={viewCtx(c)}
        orgId={id}
        orgName={org.name}
        members={await listMembers(db, actor, id)}
        values={extra.errors ? form : {}}
        {...extra}
      />,
    );
  const parsed = memberSchema.safeParse({ email: form.email, name: form.name, role: form.role });
  if (!parsed.success)
    return (c.status(422), render({ errors: formFields(fieldsFromZod(parsed.error.issues)) }));
  try {
    const { invitation, setsPassword } = await addMember(db, actor, id, parsed.data, now());
    return render({
      invitation: {
        setsPassword,
        email: parsed.data.email,
        url: publicUrl(c.get('deps'), `/invitations/${invitation}`, c.req.url),
      },
    });
  } catch (e) {
    if (e instanceof ValidationError) return (c.status(422), render({ errors: e.fields }));
    throw e;
  }
});

organisationRoutes.get('/admin/organisations', async (c) => {
  mustBeAdmin(c.get('actor')!);
  const pendingOnly = c.req.query('pending') === '1';
  const orgs = await listOrganisations(c.get('deps').db, c.get('actor')!, { pendingOnly });
  return c.html(<AdminOrganisationsPage ctx={viewCtx(c)} orgs={orgs} pendingOnly={pendingOnly} />);
});

/** The admin's list with the creation form again, its values kept and its errors said (422). */
async function adminCreateAgain(
  c: Context<AppEnv>,
  form: Record<string, string | string[]>,
  errors: Record<string, string>,
) {
  c.status(422);
  const orgs = await listOrganisations(c.get('deps').db, c.get('actor')!);
  return c.html(
    <AdminOrganisationsPage
      ctx={viewCtx(c)}
      orgs={orgs}
      pendingOnly={false}
      values={form}
      errors={errors}
    />,
  );
}

/** The new organisation's members, with its manager's invitation link to hand over. */
async function invitationToHandOver(
  c: Context<AppEnv>,
  org: { id: number; name: string },
  invitation: { email: string; token: string; setsPassword: boolean },
) {
  const url = publicUrl(c.get('deps'), `/invitations/${invitation.token}`, c.req.url);
  const members = await listMembers(c.get('deps').db, c.get('actor')!, org.id);
  return c.html(
    <MembersPage
      ctx={viewCtx(c)}
      orgId={org.id}
      orgName={org.name}
      members={members}
      invitation={{ email: invitation.email, url, setsPassword: invitation.setsPassword }}
    />,
  );
}

organisationRoutes.post('/admin/organisations', async (c) => {
  const actor = c.get('actor')!;
  mustBeAdmin(actor);
  const { db, now } = c.get('deps');
  const form = await formBody(c);
  const parsed = createOrganisationSchema.safeParse(organisationFromForm(form));
  if (!parsed.success)
    return adminCreateAgain(c, form, formFields(fieldsFromZod(parsed.error.issues)));
  try {
    const managerEmail = String(form.managerEmail ?? '');
    const created = await createOrganisationWithManager(
      db,
      actor,
      parsed.data,
      managerEmail,
      now(),
    );
    if (!created.invitation) return c.redirect(`/organisations/${created.org.id}`, 303);
    return invitationToHandOver(c, created.org, created.invitation);
  } catch (e) {
    if (e instanceof ValidationError) return adminCreateAgain(c, form, e.fields);
    throw e;
  }
});

organisationRoutes.post('/admin/organisations/:id/approval', async (c) => {
  mustBeAdmin(c.get('actor')!);
  const form = await formBody(c);
  const org = await setApproval(
    c.get('deps').db,
    c.get('actor')!,
    orgId(c.req.param('id')),
    form.approved === 'true',
  );
  if (c.req.header('hx-request')) return c.html(<ApprovalButton ctx={viewCtx(c)} org={org} />);
  return c.redirect('/admin/organisations', 303);
});
