import { Hono } from 'hono';
import { setCookie, deleteCookie } from 'hono/cookie';
import { SignInPage } from '../../views/accounts/signin.js';
import { SignUpPage } from '../../views/accounts/signup.js';
import { InvitationPage } from '../../views/accounts/invitation.js';
import { HomePage } from '../../views/home.js';
import type { AppEnv } from '../http/env.js';
import { DomainError, fieldsFromZod } from '../http/errors.js';
import { clientIp, cookieOptions, requireUser, SESSION_COOKIE } from '../http/middleware.js';
import { formBody, safeNextPath, viewCtx } from '../http/render.js';
import { acceptInvitation, findInvitation, signUp } from '../organisations/domain.js';
import { organisationFromForm, signUpSchema } from '../organisations/schemas.js';
import { authenticate, createSession, endSession, SESSION_DAYS } from './domain.js';

export const accountRoutes = new Hono<AppEnv>();

export type HomeSection = (c: import('hono').Context<AppEnv>) => Promise<any>;
/** Features add their part of the home page (a shop's donations, an association's feed). */
export const homeSections: HomeSection[] = [];

accountRoutes.get('/', requireUser(), async (c) => {
  const parts = await Promise.all(homeSections.map((s) => s(c)));
  return c.html(<HomePage ctx={viewCtx(c)}>{parts}</HomePage>);
});

accountRoutes.get('/signin', (c) =>
  c.html(<SignInPage ctx={viewCtx(c)} next={safeNextPath(c.req.query('next'))} />),
);

accountRoutes.post('/signin', async (c) => {
  const form = await formBody(c);
  const email = String(form.email ?? '').slice(0, 200);
  const { db, now } = c.get('deps');
  try {
    const user = await authenticate(
      db,
      { email, password: String(form.password ?? ''), ip: clientIp(c) },
      now(),
    );
    setCookie(
      c,
      SESSION_COOKIE,
      await createSession(db, user.id, now()),
      cookieOptions(c, SESSION_DAYS * 86400),
    );
    return c.redirect(safeNextPath(form.next), 303);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    c.status(e.status === 429 ? 429 : 401);
    return c.html(
      <SignInPage
        ctx={viewCtx(c)}
        values={{ email }}
        error={e.message}
        next={safeNextPath(form.next)}
      />,
    );
  }
});

accountRoutes.post('/signout', async (c) => {
  const token = c.get('sessionToken');
  if (token) await endSession(c.get('deps').db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.redirect('/signin', 303);
});

accountRoutes.get('/signup', (c) =>
  c.html(<SignUpPage ctx={viewCtx(c)} values={{ kind: c.req.query('kind') }} />),
);

accountRoutes.post('/signup', async (c) => {
  const form = await formBody(c);
  const input = organisationFromForm(form);
  const parsed = signUpSchema.safeParse(input);
  const { db, now } = c.get('deps');
  const again = (errors: Record<string, string>) => {
    c.status(422);
    return c.html(
      <SignUpPage ctx={viewCtx(c)} values={{ ...form, name: form.yourName }} errors={errors} />,
    );
  };
  if (!parsed.success) return again(fieldsFromZod(parsed.error.issues));
  try {
    const { user } = await signUp(db, parsed.data, c.get('lang'));
    setCookie(
      c,
      SESSION_COOKIE,
      await createSession(db, user.id, now()),
      cookieOptions(c, SESSION_DAYS * 86400),
    );
    return c.redirect('/', 303);
  } catch (e) {
    if (e instanceof DomainError && e.status === 422) return again(e.fields);
    throw e;
  }
});

accountRoutes.get('/invitations/:token', async (c) => {
  const inv = await findInvitation(c.get('deps').db, c.req.param('token'), c.get('deps').now());
  if (!inv) throw new DomainError('not_found', 'err.invitation', 404);
  return c.html(<InvitationPage ctx={viewCtx(c)} token={c.req.param('token')} email={inv.email} />);
});

accountRoutes.post('/invitations/:token', async (c) => {
  const { db, now } = c.get('deps');
  const token = c.req.param('token');
  const inv = await findInvitation(db, token, now());
  if (!inv) throw new DomainError('not_found', 'err.invitation', 404);
  const password = String((await formBody(c)).password ?? '');
  if (password.length < 10 || password.length > 200) {
    c.status(422);
    const msg = password.length < 10 ? 'err.password_short' : 'err.too_long';
    return c.html(
      <InvitationPage
        ctx={viewCtx(c)}
        token={token}
        email={inv.email}
        errors={{ password: msg }}
      />,
    );
  }
  const userId = await acceptInvitation(db, token, password, now());
  setCookie(
    c,
    SESSION_COOKIE,
    await createSession(db, userId, now()),
    cookieOptions(c, SESSION_DAYS * 86400),
  );
  return c.redirect('/', 303);
});
