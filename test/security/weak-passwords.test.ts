import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/accounts/domain.js';
import { passwordWeakness } from '../../src/accounts/password-strength.js';
import { ValidationError } from '../../src/shared/errors.js';
import { apiAs, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { expectApiError, strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

const STRONG = 'brioche-marmotte-escalier-9';
const fresh = () => `camille-roux-${Math.random().toString(36).slice(2, 8)}@example.org`;
/** Common, keyboard, French and personal passwords that are 10 characters or more. */
const weak = (email: string) => ['1234567890', 'azertyuiop', 'motdepasse123', email];

const signUpForm = (email: string, password: string) => ({
  kind: 'shop',
  orgName: 'Épicerie Roux',
  lat: '45.7741',
  lng: '4.8318',
  yourName: 'Camille Roux',
  email,
  password,
  passwordConfirm: password,
});

describe('guessable passwords are refused wherever a password is set', () => {
  it('the one check: at least 10 characters and hard to guess, knowing the person’s e-mail and name', async () => {
    const email = 'camille.roux@example.org';
    for (const pw of weak(email))
      expect(await passwordWeakness(pw, { email, name: 'Camille Roux' }), pw).toMatch(
        /^err\.password_weak/,
      );
    // made of the person's own name: refused for them, though not guessable for anyone else
    for (const pw of ['rouxcamille1', 'Camille Roux 69']) {
      expect(await passwordWeakness(pw, { email, name: 'Camille Roux' }), pw).not.toBeNull();
      expect(await passwordWeakness(pw, {}), pw).toBeNull();
    }
    expect(await passwordWeakness('court', { email })).toBe('err.password_short');
    expect(await passwordWeakness(STRONG, { email, name: 'Camille Roux' })).toBeNull();
  });

  it('sign-up: 422 with why next to the field (French, then English); a strong one signs up', async () => {
    const { app } = strictApp(t.db);
    const email = fresh();
    for (const pw of weak(email)) {
      const res = await new Client(app).post('/signup', signUpForm(email, pw));
      expect(res.status, pw).toBe(422);
      expect(await res.text(), pw).toMatch(/id="f-password-err">[^<]*trop facile à deviner/);
    }
    const common = await (
      await new Client(app).post('/signup', signUpForm(email, '1234567890'))
    ).text();
    expect(common).toMatch(/id="f-password-err">[^<]*fréquemment utilisé/);
    const en = new Client(app);
    en.cookies.set('lang', 'en');
    const english = await (await en.post('/signup', signUpForm(email, 'azertyuiop'))).text();
    expect(english).toMatch(/id="f-password-err">[^<]*too easy to guess[^<]*keyboard/);
    expect(
      await t.db.selectFrom('users').select('id').where('email', '=', email).execute(),
    ).toEqual([]);

    const ok = new Client(app);
    expect((await ok.post('/signup', signUpForm(email, STRONG))).status).toBe(303);
    expect((await ok.get('/')).status).toBe(200);
  });

  it('invitation: the link refuses a weak password, stays usable, and takes a strong one', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const manager = await signedIn(app, user.email);
    const email = fresh();
    const html = await (
      await manager.post(`/organisations/${org.id}/members`, { email, role: 'member' })
    ).text();
    const link = html.match(/value="http:\/\/localhost(\/invitations\/[A-Za-z0-9_-]+)"/)![1];
    const z = new Client(app);
    for (const pw of weak(email)) {
      const res = await z.post(link, { password: pw });
      expect(res.status, pw).toBe(422);
      expect(await res.text(), pw).toMatch(/id="f-password-err">[^<]*trop facile à deviner/);
      expect(z.cookies.has('sid')).toBe(false);
    }
    expect((await z.post(link, { password: STRONG })).status).toBe(303);
  });

  it('API member added with a password: 422 on `password` with the reason in English', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const email = fresh();
    for (const pw of weak(email)) {
      const res = await api.post(`/organisations/${org.id}/members`, {
        email,
        password: pw,
        role: 'member',
      });
      expect(res.status, pw).toBe(422);
      expectApiError(res.body, 'invalid_input', ['password']);
      expect(res.body.error.fields.password, pw).toMatch(/too easy to guess/);
    }
    const ok = await api.post(`/organisations/${org.id}/members`, {
      email,
      password: STRONG,
      role: 'member',
    });
    expect(ok.status).toBe(201);
  });

  it('changing one’s password: a weak one is refused and the old one still works', async () => {
    const { app } = strictApp(t.db);
    const { user } = await createOrgWithUser(t.db, 'shop');
    const c = await signedIn(app, user.email);
    for (const pw of weak(user.email)) {
      const res = await c.post('/account/password', { current: PASSWORD, password: pw });
      expect(res.status, pw).toBe(422);
      expect(await res.text(), pw).toMatch(/id="f-password-err">[^<]*trop facile à deviner/);
    }
    await signedIn(app, user.email, PASSWORD);
  });

  it('ADMIN_PASSWORD: a weak one creates no admin', async () => {
    const { db } = t;
    const email = fresh();
    for (const pw of weak(email))
      await expect(ensureAdmin(db, email, pw), pw).rejects.toBeInstanceOf(ValidationError);
  });
});
