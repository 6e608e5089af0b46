import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { AccountPage, type AccountForm } from '../../views/accounts/account.js';
import type { FieldErrors, FormValues } from '../../views/context.js';
import { TokensPage } from '../../views/accounts/tokens.js';
import type { SignedInEnv } from '../http/env.js';
import { fieldsFromZod, statusOf } from '../http/errors.js';
import { wakeSender } from '../mail/wake.js';
import { DomainError, TooManyAttemptsError, ValidationError } from '../shared/errors.js';
import { formBody, viewCtx } from '../http/render.js';
import { translateFields } from '../i18n/index.js';
import { API_TOKEN_DAYS, listApiTokens, revokeApiToken, tokenId } from './api-tokens.js';
import { ownPhoneSchema, ownProfileSchema, setOwnPhone, setOwnProfile } from './contact.js';
import { changePassword } from './credentials.js';
import { createApiToken } from './domain.js';
import { emailState, requestEmailChange, sendSignUpConfirmation } from './email-confirmation.js';
import { phoneState, requestPhoneCode, verifyPhoneCode } from './phone-verification.js';

/** /account: the signed-in person's name, language, e-mail, phone, password and API tokens. */
export const accountAreaRoutes = new Hono<SignedInEnv>();

type Ctx = Context<SignedInEnv>;
const NOTICES: Record<string, string> = {
  '1': 'account.saved',
  phone: 'account.contact_saved',
  profile: 'account.identity_saved',
  resent: 'account.email_resent',
  code: 'phone.code_sent',
  verified: 'phone.verified_now',
};

/** The page, or one of its forms again with its errors and values (422, or 429 throttled). */
async function page(
  c: Ctx,
  again?: { form: AccountForm; errors: FieldErrors; values?: FormValues },
) {
  const { db, now } = c.get('deps');
  const userId = c.get('actor').user.id;
  const [email, phone] = await Promise.all([
    emailState(db, userId, now()),
    phoneState(db, userId, now()),
  ]);
  const notice = NOTICES[c.req.query('saved') ?? ''];
  return c.html(
    <AccountPage ctx={viewCtx(c)} email={email} phone={phone} notice={notice} {...again} />,
  );
}

/** After a change the page shows the account from the actor: forget the cached one. */
function saved(c: Ctx, what: string) {
  c.get('deps').actorCache?.forgetUser(c.get('actor').user.id);
  return c.redirect(`/account?saved=${what}`, 303);
}

accountAreaRoutes.get('/account', (c) => page(c));

accountAreaRoutes.post('/account/profile', async (c) => {
  const form = await formBody(c);
  const parsed = ownProfileSchema.safeParse({ name: form.name ?? '', lang: form.lang });
  if (!parsed.success) {
    c.status(422);
    return page(c, { form: 'identity', errors: fieldsFromZod(parsed.error.issues), values: form });
  }
  await setOwnProfile(c.get('deps').db, c.get('actor').user.id, parsed.data);
  // a language picked before with ?lang= (a cookie) would hide the account's own from now on
  if (parsed.data.lang) deleteCookie(c, 'lang', { path: '/' });
  return saved(c, 'profile');
});

accountAreaRoutes.post('/account/email', async (c) => {
  const form = await formBody(c);
  const { db, now, events } = c.get('deps');
  try {
    await requestEmailChange(db, c.get('actor').user.id, form.email, now());
  } catch (e) {
    if (!(e instanceof ValidationError || e instanceof TooManyAttemptsError)) throw e;
    c.status(statusOf(e));
    const errors = e instanceof TooManyAttemptsError ? { email: e.message } : e.fields;
    if (e instanceof TooManyAttemptsError) c.header('Retry-After', String(e.retryAfterSeconds));
    return page(c, { form: 'email', errors, values: form });
  }
  await wakeSender(events);
  return saved(c, 'email');
});

accountAreaRoutes.post('/account/confirmation', async (c) => {
  const { db, now, events } = c.get('deps');
  try {
    await db
      .transaction()
      .execute((trx) => sendSignUpConfirmation(trx, c.get('actor').user.id, now()));
  } catch (e) {
    if (!(e instanceof TooManyAttemptsError)) throw e;
    c.status(429);
    c.header('Retry-After', String(e.retryAfterSeconds));
    return page(c, { form: 'email', errors: { email: e.message } });
  }
  await wakeSender(events);
  return saved(c, 'resent');
});

accountAreaRoutes.post('/account/phone', async (c) => {
  const form = await formBody(c);
  const parsed = ownPhoneSchema.safeParse({ phone: form.phone });
  if (!parsed.success) {
    c.status(422);
    return page(c, { form: 'phone', errors: fieldsFromZod(parsed.error.issues), values: form });
  }
  await setOwnPhone(c.get('deps').db, c.get('actor').user.id, parsed.data.phone ?? null);
  return saved(c, 'phone');
});

/** A code by SMS to the account's number (throttled: 429 said by the button). */
accountAreaRoutes.post('/account/phone/code', async (c) => {
  const { db, now, events } = c.get('deps');
  try {
    await requestPhoneCode(db, c.get('actor').user.id, now());
  } catch (e) {
    if (!(e instanceof ValidationError || e instanceof TooManyAttemptsError)) throw e;
    c.status(statusOf(e));
    if (e instanceof TooManyAttemptsError) c.header('Retry-After', String(e.retryAfterSeconds));
    const errors = e instanceof TooManyAttemptsError ? { phone: e.message } : e.fields;
    return page(c, { form: 'phone_code', errors });
  }
  await wakeSender(events);
  return saved(c, 'code');
});

accountAreaRoutes.post('/account/phone/verification', async (c) => {
  const form = await formBody(c);
  const { db, now } = c.get('deps');
  try {
    await verifyPhoneCode(db, c.get('actor').user.id, form.code, now());
  } catch (e) {
    if (!(e instanceof DomainError) || !Object.keys(e.fields).length) throw e;
    c.status(statusOf(e));
    // a wrong code's message counts the tries left: its words are written in here
    const errors = translateFields(c.get('lang'), e.fields, e.vars);
    return page(c, { form: 'phone_code', errors, values: form });
  }
  return saved(c, 'verified');
});

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
    c.status(422);
    return page(c, { form: 'password', errors: e.fields });
  }
  return saved(c, '1');
});

const tokensPage = async (c: Ctx, extra: { created?: string; revoked?: boolean } = {}) => {
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
