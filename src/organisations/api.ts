import { publicUrl } from '../http/public-url.js';
import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { wakeSender } from '../mail/wake.js';
import { addMember } from './invitations.js';
import {
  createOrganisation,
  getOrganisation,
  organisationToApi,
  updateOrganisation,
} from './domain.js';
import {
  createOrganisationApiSchema,
  memberSchema,
  updateOrganisationApiSchema,
} from './schemas.js';
import { idParam } from '../shared/ids.js';

export const organisationApi = new Hono<SignedInEnv>();

const orgIdParam = (s: string) => idParam(s, 'No such organisation.');

organisationApi.post('/organisations', async (c) => {
  const input = await jsonBody(c, createOrganisationApiSchema);
  const { db, geocoder } = c.get('deps');
  const org = await createOrganisation(db, c.get('actor'), input, geocoder);
  return c.json(organisationToApi(org), 201);
});

organisationApi.get('/organisations/:id', async (c) => {
  const org = await getOrganisation(
    c.get('deps').db,
    c.get('actor'),
    orgIdParam(c.req.param('id')),
  );
  return c.json(organisationToApi(org));
});

organisationApi.patch('/organisations/:id', async (c) => {
  const id = orgIdParam(c.req.param('id'));
  const input = await jsonBody(c, updateOrganisationApiSchema);
  const { db, geocoder } = c.get('deps');
  const org = await updateOrganisation(db, c.get('actor'), id, input, geocoder);
  c.get('deps').feedCache?.forget(id); // its radius or profile may have changed
  return c.json(organisationToApi(org));
});

organisationApi.post('/organisations/:id/members', async (c) => {
  const id = orgIdParam(c.req.param('id'));
  const input = await jsonBody(c, memberSchema);
  const { userId, invitation, mailed } = await addMember(
    c.get('deps').db,
    c.get('actor'),
    id,
    input,
    c.get('deps').now(),
  );
  if (mailed) await wakeSender(c.get('deps').events);
  // without a password the membership starts when the person opens this link (one use, 7 days),
  // sent by e-mail too
  const invitationUrl = invitation
    ? publicUrl(c.get('deps'), `/invitations/${invitation}`, c.req.url)
    : undefined;
  return c.json({ userId, ...(invitationUrl ? { invitationUrl } : {}) }, 201);
});
