import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { clientIp } from '../http/middleware.js';
import { authenticate, createApiToken } from './domain.js';

export const tokenApi = new Hono<AppEnv>();

const credentials = z.object({
  email: z.string({ error: 'err.required' }).max(200, 'err.too_long'),
  password: z.string({ error: 'err.required' }).max(200, 'err.too_long'),
});

tokenApi.post('/tokens', async (c) => {
  const { email, password } = await jsonBody(c, credentials);
  const { db, now } = c.get('deps');
  const user = await authenticate(db, { email, password, ip: clientIp(c) }, now());
  return c.json({ token: await createApiToken(db, user.id, now()), userId: user.id }, 201);
});
