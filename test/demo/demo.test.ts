import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAccounts } from '../../src/demo.js';
import { DatabaseNotEmptyError, seedDemo, type DemoAccount } from '../../src/demo/seed.js';
import { organisationsInArea } from '../../src/shared/scope.js';
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
    expect(kinds).toEqual({ shop: 9, association: 5, producer_org: 1, territory: 2 });
    const assoc = orgs.filter((o) => o.kind === 'association');
    expect(
      assoc.every((a) => a.approved && a.pickup_from && a.pickup_until && a.radius_km > 0),
    ).toBe(true);
    expect(
      assoc
        .filter((a) => a.town === 'Lyon')
        .map((a) => [a.storage_chilled, a.storage_frozen])
        .sort(),
    ).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
    // Lyon's in the 1er and 4e, each with its arrondissement's INSEE code
    const lyon = orgs.filter((o) => o.town === 'Lyon');
    expect(lyon).toHaveLength(10);
    for (const o of lyon) {
      expect(['69381', '69384']).toContain(o.citycode);
      expect(o.lat).toBeGreaterThan(45.76);
      expect(o.lat).toBeLessThan(45.785);
      expect(o.lng).toBeGreaterThan(4.82);
      expect(o.lng).toBeLessThan(4.84);
    }
  });

  it('writes the Grand Angoulême too, whose territory (its EPCI) sees exactly its shops and associations', async () => {
    const orgs = await t.db.selectFrom('organisations').selectAll().execute();
    const charente = orgs.filter((o) => o.kind !== 'territory' && o.postcode?.startsWith('16'));
    expect(charente.map((o) => [o.town, o.citycode]).sort()).toEqual(
      [
        ['Angoulême', '16015'],
        ['Angoulême', '16015'],
        ['Angoulême', '16015'],
        ['La Couronne', '16113'],
        ['Soyaux', '16374'],
      ].sort(),
    );
    const territory = orgs.find(
      (o) => o.kind === 'territory' && o.name.includes('Grand Angoulême'),
    )!;
    const area = await organisationsInArea(t.db, territory.id);
    const ids = (kind: string) =>
      charente
        .filter((o) => o.kind === kind)
        .map((o) => o.id)
        .sort((a, b) => a - b);
    expect(area).toEqual({ shopIds: ids('shop'), associationIds: ids('association') });
    const parts = await t.db.selectFrom('territory_area_parts').selectAll().execute();
    expect(parts).toMatchObject([
      { territory_id: territory.id, kind: 'epci', code: '200071827', communes: 38 },
    ]);
    // and Lyon's territory (its circle) sees none of them
    const lyonTerritory = orgs.find((o) => o.kind === 'territory' && o.id !== territory.id)!;
    const lyonArea = await organisationsInArea(t.db, lyonTerritory.id);
    expect(lyonArea.shopIds).toHaveLength(6);
    expect(lyonArea.associationIds).toHaveLength(3);
    // the territory's account sees its figures: 1 open donation of the Halles
    const { app, clock } = buildApp(t.db);
    clock.set(new Date());
    const account = accounts.find((a) => a.role.includes('EPCI'))!;
    const client = new Client(app);
    await client.signIn(account.email, PASSWORD);
    const page = await (await client.get('/dashboard?lang=en')).text();
    expect(page).toContain('3 shops and 2 associations in the area');
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
      .where('d.status', '=', 'open')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const d of rows) {
      expect(d).toMatchObject({ status: 'open', kind: 'shop', lat: d.shop_lat, lng: d.shop_lng });
      expect(d.pickup_until.getTime()).toBeGreaterThan(d.pickup_from.getTime());
      expect(d.pickup_until.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('has a relay hub with one partner, and past pickups whose quality shows on the dashboards', async () => {
    const orgs = await t.db.selectFrom('organisations').select(['id', 'name']).execute();
    const named = (part: string) => orgs.find((o) => o.name.includes(part))!.id;
    const hubs = await t.db.selectFrom('hub_partners').selectAll().execute();
    expect(hubs).toMatchObject([
      { hub_id: named('Épi des Pentes'), partner_id: named('CCAS de Lyon'), status: 'accepted' },
    ]);
    const picked = await t.db
      .selectFrom('donations')
      .selectAll()
      .where('status', '=', 'picked_up')
      .execute();
    expect(picked.length).toBeGreaterThanOrEqual(5);
    for (const d of picked) {
      expect(d.picked_up_at!.getTime()).toBeLessThan(Date.now());
      expect(d.received_kg).toBeGreaterThan(0);
    }
    // one went through the hub: both handovers, collected by the partner
    const viaHub = picked.filter((d) => d.hub_id != null);
    expect(viaHub).toHaveLength(1);
    expect(viaHub[0]).toMatchObject({
      hub_id: named('Épi des Pentes'),
      claimed_by: named('CCAS de Lyon'),
    });
    const deposit = await t.db
      .selectFrom('hub_deposits')
      .selectAll()
      .where('donation_id', '=', viaHub[0]!.id)
      .executeTakeFirstOrThrow();
    expect(deposit.collected_at).not.toBeNull();

    const { app, clock } = buildApp(t.db);
    clock.set(new Date());
    const client = new Client(app);
    await client.signIn('territoire@demo.example.org', PASSWORD);
    const html = await (await client.get('/dashboard?lang=fr')).text();
    // every share of the last 30 days is above 0 %, and the trend has months with pickups
    for (const k of ['freshProduce', 'fruitVegetables', 'labelled', 'local']) {
      const card = new RegExp(`id="given-${k}"[\\s\\S]*?class="figure">([^<]+)<`).exec(html);
      expect(card?.[1], k).toMatch(/^[1-9]\d*(,\d+)?\s?%$/);
    }
    const months = /id="given-months">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(months.match(/\d+(,\d+)?\s?%/g)!.length).toBeGreaterThan(8);
    // the hub's page shows its partner; the partner's, the hub
    const hub = new Client(app);
    await hub.signIn('epicerie@demo.example.org', PASSWORD);
    expect(await (await hub.get('/hubs')).text()).toContain('CCAS de Lyon');
    const partner = new Client(app);
    await partner.signIn('ccas@demo.example.org', PASSWORD);
    const partnerPage = await (await partner.get('/hubs')).text();
    expect(partnerPage).toContain(`id="hub-${named('Épi des Pentes')}"`);
    expect(partnerPage).not.toContain('id="hub-form"');
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
