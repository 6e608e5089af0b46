import { Hono } from 'hono';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
import { wakeSender } from '../mail/wake.js';
import { meSchema, ownAccount, phoneCodeSchema, setOwnPhone, setOwnProfile } from './contact.js';
import { requestEmailChange } from './email-confirmation.js';
import { requestPhoneCode, verifyPhoneCode } from './phone-verification.js';

/** The caller's own account (API.md "Accounts, continued"): nobody else's is reachable here. */
export const meApi = new Hono<SignedInEnv>();

meApi.get('/me', async (c) => {
  const { db, now } = c.get('deps');
  return c.json(await ownAccount(db, c.get('actor').user.id, now()));
});

/**
 * Any of name, email, lang, phone. A new `email` is only asked for: the answer keeps the current
 * one and gives `pendingEmail` until the link sent there is opened. The e-mail is asked first, so
 * a refused one (422, 429) saves nothing else.
 */
meApi.patch('/me', async (c) => {
  const input = await jsonBody(c, meSchema);
  const { db, now, events, actorCache } = c.get('deps');
  const userId = c.get('actor').user.id;
  const current = c.get('actor').user.email.toLowerCase();
  if (input.email !== undefined && input.email.trim().toLowerCase() !== current) {
    await requestEmailChange(db, userId, input.email, now());
    await wakeSender(events);
  }
  await setOwnProfile(db, userId, input);
  if (input.phone !== undefined) await setOwnPhone(db, userId, input.phone);
  actorCache?.forgetUser(userId);
  return c.json(await ownAccount(db, userId, now()));
});

/** A code by SMS to the caller's phone (phone-verification.ts); `sent` false: verified already. */
meApi.post('/me/phone/code', async (c) => {
  const { db, now, events } = c.get('deps');
  const sent = await requestPhoneCode(db, c.get('actor').user.id, now());
  if (sent) await wakeSender(events);
  return c.json({ sent }, 202);
});

meApi.post('/me/phone/verification', async (c) => {
  const input = await jsonBody(c, phoneCodeSchema);
  const { db, now, actorCache } = c.get('deps');
  const userId = c.get('actor').user.id;
  await verifyPhoneCode(db, userId, input.code, now());
  actorCache?.forgetUser(userId);
  return c.json(await ownAccount(db, userId, now()));
});
