import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ResetAskPage, ResetChoosePage } from '../../views/accounts/password-reset.js';
import { jsonBody } from '../http/api.js';
import type { AppEnv } from '../http/env.js';
import { statusOf } from '../http/errors.js';
import { clientIp } from '../http/middleware.js';
import { formBody, viewCtx } from '../http/render.js';
import { TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import {
  confirmPasswordReset,
  InvalidResetTokenError,
  requestPasswordReset,
  resetTokenIsValid,
} from './password-reset.js';

/** "Mot de passe oublié ?": pages and API, no sign-in (API.md, "Accounts, continued"). */
export const passwordResetRoutes = new Hono<AppEnv>();
export const passwordResetApi = new Hono<AppEnv>();

/** Asks for the mail; wakes the sender when one was written. */
async function ask(c: Context<AppEnv>, email: unknown) {
  const { db, now, events } = c.get('deps');
  if (await requestPasswordReset(db, { email, ip: clientIp(c) }, now()))
    await events?.publish({ type: 'mail.queued', data: {} }).catch(() => undefined);
}

/** The new password; every cached token of the user is forgotten at once on this instance. */
async function confirm(c: Context<AppEnv>, token: unknown, password: unknown) {
  const { db, now, actorCache } = c.get('deps');
  const userId = await confirmPasswordReset(db, { token, password }, now());
  actorCache?.forgetUser(userId);
}

passwordResetRoutes.get('/password-reset', (c) => c.html(<ResetAskPage ctx={viewCtx(c)} />));

passwordResetRoutes.post('/password-reset', async (c) => {
  const form = await formBody(c);
  try {
    await ask(c, form.email);
  } catch (e) {
    if (!(e instanceof ValidationError || e instanceof TooManyAttemptsError)) throw e;
    c.status(statusOf(e));
    if (e instanceof TooManyAttemptsError) c.header('Retry-After', String(e.retryAfterSeconds));
    const vars = e instanceof TooManyAttemptsError ? e.vars : undefined;
    const error = e instanceof TooManyAttemptsError ? e.message : undefined;
    return c.html(
      <ResetAskPage
        ctx={viewCtx(c)}
        values={form}
        errors={e.fields}
        error={error}
        errorVars={vars}
      />,
    );
  }
  return c.html(<ResetAskPage ctx={viewCtx(c)} sent />);
});

passwordResetRoutes.get('/password-reset/:token', async (c) => {
  const { db, now } = c.get('deps');
  const token = c.req.param('token');
  const valid = await resetTokenIsValid(db, token, now());
  if (!valid) c.status(422);
  return c.html(<ResetChoosePage ctx={viewCtx(c)} token={token} valid={valid} />);
});

passwordResetRoutes.post('/password-reset/:token', async (c) => {
  const form = await formBody(c);
  const token = c.req.param('token');
  try {
    await confirm(c, token, form.password);
  } catch (e) {
    if (!(e instanceof ValidationError || e instanceof InvalidResetTokenError)) throw e;
    c.status(422);
    const valid = e instanceof ValidationError;
    return c.html(
      <ResetChoosePage ctx={viewCtx(c)} token={token} valid={valid} errors={e.fields} />,
    );
  }
  return c.redirect('/signin?reset=1', 303);
});

const askSchema = z.object({ email: z.string({ error: 'err.required' }).max(254, 'err.too_long') });
const confirmSchema = z.object({
  token: z.string({ error: 'err.required' }).max(200, 'err.too_long'),
  password: z.string({ error: 'err.required' }).max(200, 'err.too_long'),
});

// 202 whatever the address: whether it has an account is never told
passwordResetApi.post('/password-reset', async (c) => {
  const { email } = await jsonBody(c, askSchema);
  await ask(c, email);
  return c.body(null, 202);
});

passwordResetApi.post('/password-reset/confirm', async (c) => {
  const { token, password } = await jsonBody(c, confirmSchema);
  await confirm(c, token, password);
  return c.body(null, 204);
});
