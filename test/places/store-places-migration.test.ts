import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from '../../src/db/migrate.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('migration 0011: an organisation stores its place as the address service names it', () => {
  it('organisations placed before keep their coordinates, with no label and no INSEE code', async () => {
    // the migrations after 0011 go down first (0012 adds pickup contacts), then 0011 itself
    let [down] = await migrateDown(t.db);
    while (down && down.migrationName > '0011_store_places') [down] = await migrateDown(t.db);
    expect(down).toMatchObject({ migrationName: '0011_store_places', status: 'Success' });
    const { rows } = await sql<{ id: number }>`insert into organisations
        (kind, name, town, postcode, lat, lng, pickup_days)
      values ('shop', 'Boulangerie d''avant', 'Soyaux', '16800', 45.6405871, 0.1988223, '[1]')
      returning id`.execute(t.db);
    await migrateToLatest(t.db);
    const org = await t.db
      .selectFrom('organisations')
      .select(['lat', 'lng', 'postcode', 'town', 'address_label', 'citycode'])
      .where('id', '=', rows[0].id)
      .executeTakeFirstOrThrow();
    expect(org).toEqual({
      lat: 45.6405871,
      lng: 0.1988223,
      postcode: '16800',
      town: 'Soyaux',
      address_label: null,
      citycode: null,
    });
  });

  it('an INSEE code is 5 digits, or 2A/2B and 3 digits: anything else is refused by the table', async () => {
    const { org } = await createOrgWithUser(t.db, 'shop');
    for (const citycode of ['16374', '2A004', '2B033', '69382'])
      await t.db.updateTable('organisations').set({ citycode }).where('id', '=', org.id).execute();
    for (const citycode of ['1637', '163740', '2C004', 'ABCDE', '16 37', ''])
      await expect(
        t.db.updateTable('organisations').set({ citycode }).where('id', '=', org.id).execute(),
        citycode,
      ).rejects.toThrow(/organisations_citycode_insee/);
  });
});
