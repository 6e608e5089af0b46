import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const valid = (over: Record<string, string> = {}) => ({
  kind: 'shop',
  orgName: 'Boulangerie du Plateau',
  address: '12 rue d’Austerlitz',
  postcode: '69004',
  town: 'Lyon',
  lat: '45.7741',
  lng: '4.8318',
  yourName: 'Marie',
  email: `marie-${Math.random().toString(36).slice(2)}@example.org`,
  password: 'une-baguette-svp',
  passwordConfirm: 'une-baguette-svp',
  ...over,
});

describe('sign-up', () => {
  it('creates a shop, its manager, and signs them in', async () => {
    const { app } = buildApp(t.db);
    const c = new Client(app);
    const res = await c.post('/signup', valid());
    expect(res.status).toBe(303);
    const home = await (await c.get('/')).text();
    expect(home).toContain('Boulangerie du Plateau');
    expect(home).toContain('Responsable');
  });

  it('leaves an association unapproved until an admin approves it', async () => {
    const { app } = buildApp(t.db);
    const c = new Client(app);
    expect(
      (await c.post('/signup', valid({ kind: 'association', orgName: 'Resto du cœur' }))).status,
    ).toBe(303);
    const home = await (await c.get('/')).text();
    expect(home).toContain('attend la validation');
    const org = await t.db
      .selectFrom('organisations')
      .selectAll()
      .where('name', '=', 'Resto du cœur')
      .executeTakeFirstOrThrow();
    expect(org.approved).toBe(false);
  });

  it.each([
    ['orgName', '', 'Ce champ est obligatoire'],
    ['orgName', 'x'.repeat(500), 'trop long'],
    ['lat', 'abc', 'Saisissez un nombre'],
    ['lat', '123', 'latitude doit'],
    ['lng', '', 'obligatoire'],
    ['email', 'not-an-email', 'adresse e-mail valide'],
    ['password', 'short', 'Au moins 10'],
    ['passwordConfirm', 'something-else', 'diffèrent'],
    ['kind', 'producer_org', 'Choisissez'],
  ])(
    'refuses %s=%j with a message next to the field, keeping the values',
    async (field, value, message) => {
      const { app } = buildApp(t.db);
      const c = new Client(app);
      const before = await t.db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const res = await c.post('/signup', valid({ [field]: value }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      const fieldId = field === 'kind' ? 'f-kind-err' : `f-${field}-err`;
      expect(html).toContain(`id="${fieldId}"`);
      expect(html).toContain('value="12 rue d’Austerlitz"');
      const after = await t.db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    },
  );

  it('refuses an e-mail already used, and saves nothing', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    const res = await c.post(
      '/signup',
      valid({ email: user.email.toUpperCase(), orgName: 'Doublon' }),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('déjà cette adresse');
    expect(
      await t.db
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', 'Doublon')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('escapes HTML in names wherever they are shown', async () => {
    const { app } = buildApp(t.db);
    const c = new Client(app);
    await c.post(
      '/signup',
      valid({ orgName: '<script>alert(1)</script>', yourName: '<b>Bob</b>' }),
    );
    const html = await (await c.get('/')).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Bob&lt;/b&gt;');
  });

  it('speaks English when asked', async () => {
    const { app } = buildApp(t.db);
    const c = new Client(app);
    const html = await (await c.get('/signup?lang=en')).text();
    expect(html).toContain('Register your shop or association');
    expect(html).toContain('<html lang="en">');
    expect(await (await c.get('/signin')).text()).toContain('Sign in'); // remembered in a cookie
  });
});
