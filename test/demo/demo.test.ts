import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAccounts } from '../../src/demo.js';
import { DatabaseNotEmptyError, seedDemo, type DemoAccount } from '../../src/demo/seed.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

const PASSWORD = 'demo-password-1';
let t: TestDatabase;
let accounts: DemoAccount[];
beforeAll(async () => {
  t = await openTestDatabase();
  ({ accounts } = await seedDemo(t.db, { password: PASSWORD }));
});
afterAll(async () => {
  await t?.close();
});

describe('npm run demo', () => {
  it('writes a neighbourhood: shops, approved associations with their kit, a producer organisation, a territory', async () => {
    const orgs = await t.db.selectFrom('organisations').selectAll().execute();
    const kinds = orgs.reduce<Record<string, number>>(
      (n, o) => ({ ...n, [o.kind]: (n[o.kind] ?? 0) + 1 }),
      {},
    );
    expect(kinds).toEqual({ shop: 6, association: 3, producer_org: 1, territory: 1 });
    const assoc = orgs.filter((o) => o.kind === 'association');
    expect(
      assoc.every((a) => a.approved && a.pickup_from && a.pickup_until && a.radius_km > 0),
    ).toBe(true);
    expect(assoc.map((a) => [a.storage_chilled, a.storage_frozen]).sort()).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
    // all in Lyon 1er and 4e
    for (const o of orgs.filter((o) => o.kind !== 'producer_org')) {
      expect(o.lat).toBeGreaterThan(45.76);
      expect(o.lat).toBeLessThan(45.785);
      expect(o.lng).toBeGreaterThan(4.82);
      expect(o.lng).toBeLessThan(4.84);
    }
  });

  it('posts open donations from the shops, at the shop, with a pickup window in the future', async () => {
    const rows = await t.db
      .selectFrom('donations as d')
      .innerJoin('organisations as o', 'o.id', 'd.shop_id')
      .select([
        'd.status',
        'd.pickup_from',
        'd.pickup_until',
        'd.lat',
        'd.lng',
        'o.lat as shop_lat',
        'o.lng as shop_lng',
        'o.kind',
      ])
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const d of rows) {
      expect(d).toMatchObject({ status: 'open', kind: 'shop', lat: d.shop_lat, lng: d.shop_lng });
      expect(d.pickup_until.getTime()).toBeGreaterThan(d.pickup_from.getTime());
      expect(d.pickup_until.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('gives one account per role, each able to sign in, and prints them', async () => {
    const { app, clock } = buildApp(t.db);
    clock.set(new Date());
    for (const role of [
      'platform admin',
      'shop manager',
      'shop member',
      'association manager',
      'association member',
      'producer organisation',
      'territory',
    ])
      expect(
        accounts.some((a) => a.role.includes(role)),
        role,
      ).toBe(true);
    for (const a of accounts) {
      const client = new Client(app);
      await client.signIn(a.email, PASSWORD);
      const home = await client.get('/');
      expect(home.status).toBe(200);
      expect(await home.text()).toContain(a.name);
    }
    const table = formatAccounts(accounts);
    for (const a of accounts) expect(table).toContain(a.email);
  });

  it('refuses a database that already has organisations, and changes nothing', async () => {
    const before = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(seedDemo(t.db, { password: PASSWORD })).rejects.toBeInstanceOf(
      DatabaseNotEmptyError,
    );
    const after = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
