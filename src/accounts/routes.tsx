import { Hono, type Context } from 'hono';
import { setCookie, deleteCookie } from 'hono/cookie';
import { SignInPage } from '../../views/accounts/signin.js';
import { SignUpPage } from '../../views/accounts/signup.js';
import { HomePage } from '../../views/home.js';
import type { AppEnv, SignedInEnv } from '../http/env.js';
import { TooManyAttemptsError, UnauthorizedError, ValidationError } from '../shared/errors.js';
import { fieldsFromZod, statusOf } from '../http/errors.js';
import { clientIp, cookieOptions, SESSION_COOKIE } from '../http/middleware.js';
import { formBody, viewCtx } from '../http/render.js';
import { livePolling } from '../http/events.js';
import { safeNextPath } from '../shared/next-path.js';
import { wakeSender } from '../mail/wake.js';
import { signUp } from '../organisations/domain.js';
import { organisationFromForm, signUpSchema } from '../organisations/schemas.js';
import { chooseAddress } from '../places/choose.js';
import { addressFromForm, placingOf } from '../places/routes.js';
import { authenticate, createSession, endSession, SESSION_DAYS } from './domain.js';

export const accountRoutes = new Hono<AppEnv>();

export type HomeSection = (c: import('hono').Context<SignedInEnv>) => Promise<any>;

/** The home page (signed in): the parts features give it (a shop's donations...), listed in src/app.tsx. */
export function homeRoutes(sections: HomeSection[]) {
  return new Hono<SignedInEnv>().get('/', async (c) => {
    const parts = await Promise.all(sections.map((s) => s(c)));
    // a shop's latest donations are live (donations/home-routes.tsx): the SSE extension, then
    const sse = c.get('actor').org?.kind === 'shop' && !livePolling(c.get('deps'));
    return c.html(
      <HomePage ctx={viewCtx(c)} sse={sse}>
        {parts}
      </HomePage>,
    );
  });
}

accountRoutes.get('/signin', (c) =>
  c.html(
    <SignInPage
      ctx={viewCtx(c)}
      next={safeNextPath(c.req.query('next'))}
      notice={c.req.query('reset') === '1' ? 'reset.done' : undefined}
    />,
  ),
);

/** Starts a session for the user and gives the browser its cookie (sign-in, sign-up, invitation). */
export async function startSession(c: Context<AppEnv>, userId: number) {
  const { db, now } = c.get('deps');
  const session = await createSession(db, userId, now());
  setCookie(c, SESSION_COOKIE, session, cookieOptions(c, SESSION_DAYS * 86400));
}

/** The sign-in form again, the address kept: wrong credentials, or too many tries (with Retry-After). */
function signInAgain(
  c: Context<AppEnv>,
  e: UnauthorizedError | TooManyAttemptsError,
  values: { email: string; next: string | string[] | undefined },
) {
  c.status(statusOf(e));
  const wait = e instanceof TooManyAttemptsError ? e : null;
  if (wait?.retryAfterSeconds) c.header('Retry-After', String(wait.retryAfterSeconds));
  return c.html(
    <SignInPage
      ctx={viewCtx(c)}
      values={{ email: values.email }}
      error={e.message}
      errorVars={wait?.vars}
      next={safeNextPath(values.next)}
    />,
  );
}

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
    await startSession(c, user.id);
    return c.redirect(safeNextPath(form.next), 303);
  } catch (e) {
    if (!(e instanceof UnauthorizedError || e instanceof TooManyAttemptsError)) throw e;
    return signInAgain(c, e, { email, next: form.next });
  }
});

accountRoutes.post('/signout', async (c) => {
  const token = c.get('sessionToken');
  if (token) await endSession(c.get('deps').db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.redirect('/signin', 303);
});

accountRoutes.get('/signup', (c) =>
  c.html(
    <SignUpPage
      ctx={viewCtx(c)}
      lookup={!!c.get('deps').geocoder}
      values={{ kind: c.req.query('kind') }}
    />,
  ),
);

accountRoutes.post('/signup', async (c) => {
  const form = await formBody(c);
  const parsed = signUpSchema.safeParse(organisationFromForm(form));
  // the place is chosen (or the addresses to choose from found) even when other fields are wrong
  const placed = await chooseAddress(await placingOf(c), addressFromForm(form), null);
  const again = (errors: Record<string, string>) => {
    c.status(422);
    const values = { ...form, name: form.yourName };
    const lookup = !!c.get('deps').geocoder;
    return c.html(<SignUpPage ctx={viewCtx(c)} {...{ lookup, values, errors }} address={placed} />);
  };
  const placeErrors = placed.ok ? {} : placed.errors;
  if (!parsed.success) return again({ ...placeErrors, ...fieldsFromZod(parsed.error.issues) });
  if (!placed.ok) return again(placeErrors);
  try {
    const { db, now, events } = c.get('deps');
    const { user } = await signUp(db, parsed.data, placed.columns, c.get('lang'), now());
    await wakeSender(events);
    await startSession(c, user.id);
    return c.redirect('/', 303);
  } catch (e) {
    if (e instanceof ValidationError) return again(e.fields);
    throw e;
  }
});
