import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOfDonation } from '../../src/donations/schemas.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 17 (phone walkthrough): a stored number put back in a form reads "3,5" on a French page,
// "3.5" on an English one (text fields with inputmode=decimal), and the server reads both.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();

async function posted() {
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop');
  const api = await apiAs(app, shop.user.email, PASSWORD);
  const res = await api.post('/donations', {
    category: 'bakery',
    description: 'Pain',
    quantityKg: 3.5,
    storage: 'ambient',
    pickupFrom: at(1),
    pickupUntil: at(3),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as number, web: await signedIn(app, shop.user.email) };
}

const kgOf = async (id: number) =>
  Number(
    (
      await t.db
        .selectFrom('donations')
        .select('quantity_kg')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).quantity_kg,
  );

describe('numbers in forms, in the page’s language', () => {
  it('the edit form shows "3,5" in French and "3.5" in English', async () => {
    const { id, web } = await posted();
    const fr = await (await web.get(`/donations/${id}/edit?lang=fr`)).text();
    expect(fr).toMatch(/id="f-quantityKg"[^>]*value="3,5"/);
    expect(fr).toMatch(/id="f-quantityKg"[^>]*inputmode="decimal"/);
    const en = await (await web.get(`/donations/${id}/edit?lang=en`)).text();
    expect(en).toMatch(/id="f-quantityKg"[^>]*value="3.5"/);
  });

  it('the server takes "4,25" and "4.5" alike', async () => {
    const { id, web } = await posted();
    const row = await t.db
      .selectFrom('donations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const form = Object.fromEntries(
      Object.entries(formOfDonation(row)).map(([k, v]) => [k, v == null ? '' : String(v)]),
    );
    for (const [typed, kg] of [
      ['4,25', 4.25],
      ['4.5', 4.5],
    ] as const) {
      const res = await web.post(`/donations/${id}/edit`, { ...form, quantityKg: typed });
      expect(res.status, typed).toBe(303);
      expect(await kgOf(id)).toBe(kg);
    }
  });
});
