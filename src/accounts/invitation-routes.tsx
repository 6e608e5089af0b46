import { Hono } from 'hono';
import { InvitationPage } from '../../views/accounts/invitation.js';
import type { AppEnv } from '../http/env.js';
import { DomainError, NotFoundError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { acceptInvitation, findInvitation } from '../organisations/invitations.js';
import { startSession } from './routes.js';
import { statusOf } from '../http/errors.js';

/** /invitations/<token>: one organisation's link, spent when accepted. */
export const invitationRoutes = new Hono<AppEnv>();

const invitationOr404 = async (c: import('hono').Context<AppEnv>) => {
  const { db, now } = c.get('deps');
  const inv = await findInvitation(db, c.req.param('token') ?? '', now());
  if (!inv) throw new NotFoundError('err.invitation');
  return inv;
};

invitationRoutes.get('/invitations/:token', async (c) => {
  const inv = await invitationOr404(c);
  return c.html(<InvitationPage ctx={viewCtx(c)} token={c.req.param('token')} invitation={inv} />);
});

invitationRoutes.post('/invitations/:token', async (c) => {
  const { db, now } = c.get('deps');
  const token = c.req.param('token');
  const inv = await invitationOr404(c);
  const actor = c.get('actor');
  const by = inv.setsPassword
    ? { password: String((await formBody(c)).password ?? '') }
    : { userId: actor?.user.id ?? 0 };
  try {
    const { userId } = await acceptInvitation(db, token, by, now());
    if ('password' in by) {
      // every other session and token of the account ended: this one starts afresh
      c.get('deps').actorCache?.forgetUser(userId);
      await startSession(c, userId);
    }
    return c.redirect('/', 303);
  } catch (e) {
    if (!(e instanceof DomainError) || e instanceof NotFoundError) throw e;
    c.status(statusOf(e));
    const errors = Object.keys(e.fields).length ? e.fields : { _: e.message };
    return c.html(
      <InvitationPage ctx={viewCtx(c)} token={token} invitation={inv} errors={errors} />,
    );
  }
});
