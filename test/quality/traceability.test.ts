import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupJob } from '../../src/jobs/jobs.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { readCsvExport } from '../helpers/csv.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

const H = 3_600_000;
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * H).toISOString();

/** A chilled donation with a lot number, handed over through the API like on the phone. */
async function handedOver(lotNumber: string | null = 'L2611-042') {
  const shop = await createOrgWithUser(t.db, 'shop', {
    lat: 45.7676,
    lng: 4.8344,
    name: 'Primeur du Marché',
    siret: '73282932000074',
    siren: '732829320',
  });
  const assoc = await createOrgWithUser(t.db, 'association', {
    lat: 45.77,
    lng: 4.84,
    radius_km: 3,
    storage_chilled: true,
    name: 'Épicerie Solidaire Part-Dieu',
    rna: 'W691234567',
  });
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  const assocApi = await apiAs(app, assoc.user.email, PASSWORD);
  const posted = await shopApi.post('/donations', {
    category: 'dairy',
    description: '20 yaourts nature',
    quantityKg: 2.5,
    storage: 'chilled',
    pickupFrom: at(1),
    pickupUntil: at(3),
    dateKind: 'use_by',
    date: '2026-12-02',
    lotNumber,
  });
  expect(posted.status).toBe(201);
  const id = posted.body.id as number;
  expect((await assocApi.post(`/donations/${id}/claim`)).status).toBe(200);
  const code = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
  const pickup = await assocApi.post(`/donations/${id}/pickup`, {
    handoverCode: code,
    receivedKg: 2.5,
    quality: 'good',
    temperatureC: 3.5,
  });
  expect(pickup.body.status).toBe('picked_up');
  return { id, shop, assoc, shopApi };
}

describe('the traceability record', () => {
  it('takes an optional lot number at posting, bounded to 40 characters', async () => {
    const { shopApi } = await handedOver();
    const base = {
      category: 'bakery',
      description: 'pain',
      quantityKg: 1,
      storage: 'ambient',
      pickupFrom: at(1),
      pickupUntil: at(3),
    };
    const long = await shopApi.post('/donations', { ...base, lotNumber: 'x'.repeat(41) });
    expect([long.status, Object.keys(long.body.error.fields)]).toEqual([422, ['lotNumber']]);
    const none = await shopApi.post('/donations', { ...base, lotNumber: '' });
    expect([none.status, none.body.lotNumber]).toEqual([201, null]);
  });

  it('shows the lot with the DLC, temperature and both identities as they were at the handover', async () => {
    const { id, shop, assoc } = await handedOver();
    // after the handover the shop renames itself and the driver's account is closed
    await t.db
      .updateTable('organisations')
      .set({ name: 'Nouveau nom' })
      .where('id', '=', shop.org.id)
      .execute();
    await t.db.deleteFrom('users').where('id', '=', assoc.user.id).execute();
    const page = await signedIn(app, shop.user.email);
    const html = await (await page.get(`/donations/${id}/record`)).text();
    for (const s of [
      'L2611-042',
      'DLC 2 décembre 2026',
      '3,5 °C',
      'Primeur du Marché',
      'SIRET 73282932000074',
      'Épicerie Solidaire Part-Dieu',
      'RNA W691234567',
      assoc.user.name,
    ])
      expect(html).toContain(s);
    expect(html).not.toContain('Nouveau nom');

    const fr = await readCsvExport(await page.get(`/donations/${id}/record.csv`), 'fr');
    expect(fr.bom).toBe(true);
    expect(fr.widths).toEqual([fr.headers.length]);
    expect(fr.rows).toHaveLength(1);
    expect(fr.rows[0]).toMatchObject({
      'Don n°': String(id),
      Lot: 'L2611-042',
      'DLC / DDM': '2026-12-02',
      'Température (°C)': '3,5',
      'Quantité reçue (kg)': '2,50',
      Donateur: 'Primeur du Marché',
      'Identité de l’association': 'RNA W691234567',
    });
  });

  it('lists a period for the shop and the association, each their own, as a page and a CSV', async () => {
    const { id, shop, assoc } = await handedOver('LOT-P');
    const other = await handedOver('LOT-OTHER');
    for (const email of [shop.user.email, assoc.user.email]) {
      const page = await signedIn(app, email);
      // the donation's page links to its record, for both sides
      const donationPage = await (await page.get(`/donations/${id}`)).text();
      expect(donationPage).toContain(`href="/donations/${id}/record"`);
      const html = await (await page.get('/records?from=2026-11-01&to=2026-11-30')).text();
      expect(html).toContain(`record-${id}`);
      expect(html).toContain('LOT-P');
      expect(html).not.toContain(`record-${other.id}"`);
      const en = await readCsvExport(
        await page.get('/records.csv?from=2026-11-01&to=2026-11-30&lang=en'),
        'en',
      );
      expect(en.rows.map((r) => r['Donation no.'])).toEqual([String(id)]);
      expect(en.rows[0]).toMatchObject({ Lot: 'LOT-P', 'Temperature (°C)': '3.5' });
    }
    const before = await signedIn(app, shop.user.email);
    const october = await (await before.get('/records?from=2026-10-01&to=2026-10-31')).text();
    expect(october).not.toContain(`record-${id}`);
  });
});

describe('kept 5 years', () => {
  const pickedUpAgo = async (id: number, interval: string) =>
    sql`update donations set picked_up_at = now() - ${interval}::interval, closed_at = now() - ${interval}::interval where id = ${id}`.execute(
      t.db,
    );
  const record = (id: number) =>
    t.db
      .selectFrom('donations')
      .select([
        'id',
        'lot_number',
        'product_date',
        'temperature_c',
        'trace_identities',
        'received_kg',
      ])
      .where('id', '=', id)
      .executeTakeFirst();

  it('the nightly cleanup leaves every part of a record handed over 4 years and 364 days ago', async () => {
    const { id } = await handedOver();
    await pickedUpAgo(id, '4 years 364 days');
    const before = await record(id);
    await cleanupJob({ db: t.db, now: () => new Date() });
    await cleanupJob({ db: t.db, now: () => new Date(Date.now() + 4 * 365 * 86_400_000) });
    expect(await record(id)).toEqual(before);
    expect(before?.trace_identities?.shop.name).toBe('Primeur du Marché');
  });

  it('a cleanup that would delete a record younger than 5 years is refused by the database', async () => {
    const { id } = await handedOver();
    await pickedUpAgo(id, '4 years 11 months');
    // what a careless purge would do: the trigger stops it, the record stays
    await expect(
      sql`delete from donations where picked_up_at < now() - interval '1 year'`.execute(t.db),
    ).rejects.toThrow(/traceability record kept 5 years/);
    expect(await record(id)).toBeDefined();
    // past 5 years the record may go
    await pickedUpAgo(id, '5 years 1 day');
    await sql`delete from donations where id = ${id}`.execute(t.db);
    expect(await record(id)).toBeUndefined();
  });
});
