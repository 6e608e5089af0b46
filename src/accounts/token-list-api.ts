import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { apiTokenToApi, listApiTokens, revokeApiToken, tokenId } from './api-tokens.js';

/** The caller's own API tokens: listed, and revoked one by one (signed in with a token). */
export const tokenListApi = new Hono<SignedInEnv>();

tokenListApi.get('/tokens', async (c) => {
  const { db, now } = c.get('deps');
  const tokens = await listApiTokens(db, c.get('actor').user.id, now());
  return c.json({ items: tokens.map(apiTokenToApi) });
});

tokenListApi.delete('/tokens/:id', async (c) => {
  const hash = await revokeApiToken(
    c.get('deps').db,
    c.get('actor').user.id,
    tokenId(c.req.param('id')),
  );
  c.get('deps').actorCache?.forget(hash); // at once on this instance
  return c.body(null, 204);
});
