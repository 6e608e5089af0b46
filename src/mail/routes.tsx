import { Hono } from 'hono';
import { UnsubscribePage } from '../../views/mail/unsubscribe.js';
import type { AppEnv } from '../http/env.js';
import { viewCtx } from '../http/render.js';
import { unsubscribe, unsubscribePurpose } from './unsubscribe.js';

/**
 * The unsubscribe links of non-essential mail, without sign-in. GET shows a button and changes
 * nothing; POST (the button, or a mail program's one-click POST with
 * `List-Unsubscribe=One-Click`) stops those messages. No CSRF token: the mail program has no
 * cookie, and the unguessable token in the path is the proof (see csrf() in http/middleware.ts).
 */
export const unsubscribeRoutes = new Hono<AppEnv>();

unsubscribeRoutes.get('/unsubscribe/:token', async (c) => {
  const token = c.req.param('token');
  const purpose = await unsubscribePurpose(c.get('deps').db, token);
  if (!purpose) c.status(404);
  return c.html(
    <UnsubscribePage
      ctx={viewCtx(c)}
      token={token}
      state={purpose ? 'ask' : 'invalid'}
      purpose={purpose}
    />,
  );
});

unsubscribeRoutes.post('/unsubscribe/:token', async (c) => {
  const { db, now } = c.get('deps');
  const token = c.req.param('token');
  const ok = await unsubscribe(db, token, now());
  if (!ok) c.status(404);
  return c.html(<UnsubscribePage ctx={viewCtx(c)} token={token} state={ok ? 'done' : 'invalid'} />);
});
