import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, ApiClient, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
let env: ReturnType<typeof strictApp>;
beforeAll(async () => {
  t = await openTestDatabase();
  env = strictApp(t.db);
});
afterAll(async () => t?.close());
useNoServerErrors();

const fresh = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.org`;
async function caller() {
  const u = await createUser(t.db, { email: fresh('me'), name: 'Alix' });
  return { u, api: await apiAs(env.app, u.email, PASSWORD) };
}
/** The confirmation links waiting in the outbox for `address`. */
const linksTo = async (address: string) =>
  (
    await t.db
      .selectFrom('push_deliveries')
      .select(['payload', 'user_id'])
      .where('channel', '=', 'email')
      .where('address', '=', address)
      .execute()
  ).map((r) => ({
    userId: r.user_id,
    link: (r.payload as unknown as { links?: { confirm?: string } }).links?.confirm ?? null,
  }));

describe('GET and PATCH /api/v1/me', () => {
  it('gives the caller’s own account, and nobody else’s', async () => {
    const { u, api } = await caller();
    const other = await caller();
    const me = await api.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: u.id,
      name: 'Alix',
      email: u.email,
      lang: 'fr',
      phone: null,
      emailConfirmed: true,
      pendingEmail: null,
      emailFailing: false,
      phoneFailing: false,
      phoneVerified: false,
    });
    expect((await other.api.get('/me')).body.id).toBe(other.u.id);
    // no way to name another account
    expect((await api.get(`/me/${other.u.id}`)).status).toBe(404);
    expect((await api.patch(`/me/${other.u.id}`, { name: 'X' })).status).toBe(404);
    const sneaky = await api.patch('/me', { id: other.u.id, userId: other.u.id, name: 'Bea' });
    expect(sneaky.status).toBe(200);
    expect(sneaky.body.id).toBe(u.id);
    expect((await other.api.get('/me')).body.name).toBe('Alix');
    expect((await new ApiClient(env.app).get('/me')).status).toBe(401);
    expect((await new ApiClient(env.app).patch('/me', { name: 'X' })).status).toBe(401);
  });

  it('changes name, language and phone (E.164); the language is the pages’ one', async () => {
    const { u, api } = await caller();
    const res = await api.patch('/me', { name: ' Bea ', lang: 'en', phone: '+32 470 12 34 56' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Bea', lang: 'en', phone: '+32470123456' });
    const c = new Client(env.app);
    await c.signIn(u.email, PASSWORD);
    expect(await (await c.get('/account')).text()).toContain('My account');
    expect((await api.patch('/me', { phone: '06 12 34 56 78' })).body.phone).toBe('+33612345678');
    expect((await api.patch('/me', { phone: null })).body.phone).toBeNull();
    expect((await api.patch('/me', {})).body.name).toBe('Bea');
  });

  it('a new email is only pending: the link goes to it, and the answer keeps the current address', async () => {
    const { u, api } = await caller();
    const next = fresh('next');
    const res = await api.patch('/me', { email: next, name: 'Chloé' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: u.email, pendingEmail: next, name: 'Chloé' });
    const [sent] = await linksTo(next);
    expect(sent).toMatchObject({ userId: u.id });
    expect(sent.link).toMatch(/^\/email-confirmation\/[\w-]{43}$/);
    // the same address sent again (a client sending the whole object) changes nothing
    expect((await api.patch('/me', { email: u.email.toUpperCase() })).status).toBe(200);

    // an address another account uses: the same answer; no link goes anywhere
    const other = await createUser(t.db, { email: fresh('taken') });
    const taken = await api.patch('/me', { email: other.email });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ email: u.email, pendingEmail: other.email });
    const toOther = await linksTo(other.email);
    expect(toOther).toEqual([{ userId: other.id, link: null }]); // the owner's notice, no link

    const c = new Client(env.app);
    expect((await c.post(sent.link!, {})).status).toBe(422); // replaced by the later ask
  });

  it('refuses bad input with 422 and the fields, and saves nothing of that request', async () => {
    const { u, api } = await caller();
    const cases: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 12 }, 'name'],
      [{ name: 'a\u0000b' }, 'name'],
      [{ lang: 'de' }, 'lang'],
      [{ email: 'not-an-address' }, 'email'],
      [{ email: 'a@b' }, 'email'],
      [{ email: `${'a'.repeat(260)}@example.org` }, 'email'],
      [{ email: 'x\u0000@example.org' }, 'email'],
      [{ email: 42 }, 'email'],
      [{ phone: '06 12 34' }, 'phone'],
      [{ phone: '+33 6 12 34 56' }, 'phone'],
      [{ phone: 612345678 }, 'phone'],
      [{ name: 'Ok', email: 'bad' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const r = await api.patch('/me', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.fields?.[field], JSON.stringify(body)).toBeTruthy();
    }
    expect((await api.patch('/me', '{not json')).status).toBe(400);
    expect((await api.patch('/me', '[1]')).status).toBe(400);
    expect((await api.get('/me')).body).toMatchObject({ name: 'Alix', email: u.email });
  });

  it('throttles the links: past 5 an hour, 429 and nothing sent', async () => {
    const { api } = await caller();
    for (let i = 0; i < 5; i++)
      expect((await api.patch('/me', { email: fresh(`n${i}`) })).status).toBe(200);
    const last = fresh('sixth');
    const r = await api.patch('/me', { email: last });
    expect(r.status).toBe(429);
    expect(await linksTo(last)).toEqual([]);
    env.clock.advance(3_600_000 + 1_000);
    expect((await api.patch('/me', { email: last })).status).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await new ApiClient(env.app).get('/openapi.json');
    expect(doc.body.paths['/me'].get).toBeTruthy();
    expect(doc.body.paths['/me'].patch.responses['422']).toBeTruthy();
    expect(doc.body.components.schemas.Me.properties.pendingEmail).toBeTruthy();
  });
});
