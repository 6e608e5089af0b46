import { Hono } from 'hono';
import { AdminOrganisationsPage, ApprovalButton } from '../../views/admin/organisations.js';
import { MembersPage } from '../../views/organisations/members.js';
import { ProfilePage, profileValues } from '../../views/organisations/profile.js';
import { canManage, type Actor } from '../accounts/actor.js';
import { findUserByEmail } from '../accounts/domain.js';
import type { AppEnv } from '../http/env.js';
import { fieldsFromZod, ForbiddenError, ValidationError } from '../http/errors.js';
import { requireUser } from '../http/middleware.js';
import { formBody, viewCtx } from '../http/render.js';
import { addMember } from './invitations.js';
import { publicUrl } from '../http/public-url.js';
import {
  createOrganisation,
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

organisationRoutes.post('/admin/organisations', async (c) => {
  const actor = c.get('actor')!;
  mustBeAdmin(actor);
  const { db, now } = c.get('deps');
  const form = await formBody(c);
  const render = async (errors?: Record<string, string>) =>
    c.html(
      <AdminOrganisationsPage
        ctx={viewCtx(c)}
        orgs={await listOrganisations(db, actor)}
        pendingOnly={false}
        values={form}
        errors={errors}
      />,
    );
  const parsed = createOrganisationSchema.safeParse(organisationFromForm(form));
  if (!parsed.success)
    return (c.status(422), render(formFields(fieldsFromZod(parsed.error.issues))));
  const managerEmail = String(form.managerEmail ?? '').trim();
  const manager = managerEmail
    ? memberSchema.safeParse({ email: managerEmail, role: 'manager' })
    : null;
  if (manager && !manager.success) return (c.status(422), render({ managerEmail: 'err.email' }));
  // an account that already has a password cannot be invited: say so before creating anything
  if (manager?.success && (await findUserByEmail(db, manager.data.email))?.password_hash)
    return (c.status(422), render({ managerEmail: 'err.email_taken' }));
  const org = await createOrganisation(db, actor, parsed.data);
  if (manager?.success) {
    const { invitation, setsPassword } = await addMember(
      db,
      actor,
      org.id,
      manager.data,
      now(),
    ).catch(async (e) => {
      if (e instanceof ValidationError) return { invitation: null, setsPassword: false };
      throw e;
    });
    if (invitation) {
      const url = publicUrl(c.get('deps'), `/invitations/${invitation}`, c.req.url);
      const members = await listMembers(db, actor, org.id);
      return c.html(
        <MembersPage
          ctx={viewCtx(c)}
          orgId={org.id}
          orgName={org.name}
          members={members}
          invitation={{ email: managerEmail, url, setsPassword }}
        />,
      );
    }
  }
  return c.redirect(`/organisations/${org.id}`, 303);
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
