import { Hono } from 'hono';
import { AccountPage } from '../../views/accounts/account.js';
import { TokensPage } from '../../views/accounts/tokens.js';
import type { SignedInEnv } from '../http/env.js';
import { ValidationError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { API_TOKEN_DAYS, listApiTokens, revokeApiToken, tokenId } from './api-tokens.js';
import { changePassword } from './credentials.js';
import { createApiToken } from './domain.js';

/** /account: the signed-in person's password and API tokens. */
export const accountAreaRoutes = new Hono<SignedInEnv>();

accountAreaRoutes.get('/account', (c) =>
  c.html(<AccountPage ctx={viewCtx(c)} saved={c.req.query('saved') === '1'} />),
);

accountAreaRoutes.post('/account/password', async (c) => {
  const form = await formBody(c);
  const user = c.get('actor').user;
  try {
    await changePassword(c.get('deps').db, user.id, {
      current: String(form.current ?? ''),
      password: String(form.password ?? ''),
      sessionToken: c.get('sessionToken'),
    });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return c.html(<AccountPage ctx={viewCtx(c)} errors={e.fields} />, 422);
  }
  c.get('deps').actorCache?.forgetUser(user.id);
  return c.redirect('/account?saved=1', 303);
});

const tokensPage = async (
  c: import('hono').Context<SignedInEnv>,
  extra: { created?: string; revoked?: boolean } = {},
) => {
  const { db, now } = c.get('deps');
  const tokens = await listApiTokens(db, c.get('actor').user.id, now());
  return c.html(<TokensPage ctx={viewCtx(c)} tokens={tokens} days={API_TOKEN_DAYS} {...extra} />);
};

accountAreaRoutes.get('/account/tokens', (c) =>
  tokensPage(c, { revoked: c.req.query('revoked') === '1' }),
);

// the new token is shown once, in this answer, and never again
accountAreaRoutes.post('/account/tokens', async (c) => {
  const { db, now } = c.get('deps');
  return tokensPage(c, { created: await createApiToken(db, c.get('actor').user.id, now()) });
});

accountAreaRoutes.post('/account/tokens/:id/revocation', async (c) => {
  const id = tokenId(c.req.param('id'));
  const hash = await revokeApiToken(c.get('deps').db, c.get('actor').user.id, id);
  c.get('deps').actorCache?.forget(hash);
  return c.redirect('/account/tokens?revoked=1', 303);
});
