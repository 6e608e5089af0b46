import { Hono } from 'hono';
import { ConfirmEmailPage } from '../../views/accounts/email-confirmation.js';
import type { AppEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { wakeSender } from '../mail/wake.js';
import {
  confirmationIsValid,
  confirmEmail,
  InvalidConfirmationTokenError,
} from './email-confirmation.js';

/** The link of a confirmation mail: no sign-in needed, the token is the proof (24 h, once). */
export const emailConfirmationRoutes = new Hono<AppEnv>();

emailConfirmationRoutes.get('/email-confirmation/:token', async (c) => {
  const { db, now } = c.get('deps');
  const token = c.req.param('token');
  const valid = await confirmationIsValid(db, token, now());
  if (!valid) c.status(422);
  return c.html(<ConfirmEmailPage ctx={viewCtx(c)} token={token} valid={valid} />);
});

emailConfirmationRoutes.post('/email-confirmation/:token', async (c) => {
  const { db, now, events, actorCache } = c.get('deps');
  const token = c.req.param('token');
  try {
    const { userId, changed } = await confirmEmail(db, token, now());
    actorCache?.forgetUser(userId);
    if (changed) await wakeSender(events); // the notice to the old address
    const done = changed ? 'changed' : 'confirmed';
    return c.html(<ConfirmEmailPage ctx={viewCtx(c)} token="" valid done={done} />);
  } catch (e) {
    if (!(e instanceof InvalidConfirmationTokenError)) throw e;
    c.status(422);
    return c.html(<ConfirmEmailPage ctx={viewCtx(c)} token={token} valid={false} />);
  }
});
