import { afterAll, beforeAll } from 'vitest';
import { apiAs, buildApp, Client, type ApiClient } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg } from '../helpers/withdrawal-factories.js';

/**
 * The parties of a withdrawal test file, on a database of its own: a producer organisation (po)
 * and another (otherPo), an association and another, a shop, and the admin. `ids` holds their
 * organisations' ids; `useApiParties()` gives each party an API client in `as`,
 * `usePageParties()` a signed-in browser in `who`.
 *
 * `t` and `app` are set before the file's first test, after the test file has imported them:
 * it reads them through the export's live binding, as ES modules do.
 */
export let t: TestDatabase;
export let app: ReturnType<typeof buildApp>['app'];
export const as: Record<string, ApiClient> = {};
export const who: Record<string, Client> = {};
export const ids: Record<string, number> = {};

/** The database, the app and the parties; the user of each party, to sign in. */
async function openWithParties(
  po: Parameters<typeof createProducerOrg>[1],
  associationName: string,
) {
  t = await openTestDatabase();
  app = buildApp(t.db).app; // the clock says 2026-11-27
  const producer = await createProducerOrg(t.db, po);
  const otherPo = await createProducerOrg(t.db);
  const assoc = await createOrgWithUser(t.db, 'association', { name: associationName });
  const otherAssoc = await createOrgWithUser(t.db, 'association');
  const shop = await createOrgWithUser(t.db, 'shop');
  const admin = await createUser(t.db, { isAdmin: true });
  Object.assign(ids, {
    po: producer.org.id,
    otherPo: otherPo.org.id,
    assoc: assoc.org.id,
    otherAssoc: otherAssoc.org.id,
    shop: shop.org.id,
  });
  return {
    po: producer.user,
    otherPo: otherPo.user,
    assoc: assoc.user,
    otherAssoc: otherAssoc.user,
    shop: shop.user,
    admin,
  };
}

/** Call at the top of an API test file. Also an association not yet approved (`ids.unapproved`). */
export function useApiParties() {
  beforeAll(async () => {
    const users = await openWithParties({ marketedKg: 100_000 }, 'Restos du Cœur Lyon'); // ceiling 5,000 kg
    ids.unapproved = (await createOrgWithUser(t.db, 'association', { approved: false })).org.id;
    for (const [k, u] of Object.entries(users)) as[k] = await apiAs(app, u.email, PASSWORD);
  });
  afterAll(async () => t?.close());
}

/** Call at the top of a page test file. */
export function usePageParties() {
  beforeAll(async () => {
    const users = await openWithParties(
      { marketedKg: 20_000, overrides: { name: 'Vergers du Lyonnais' } }, // ceiling 1,000 kg
      'Épicerie solidaire Croix-Rousse',
    );
    for (const [k, u] of Object.entries(users)) {
      who[k] = new Client(app);
      await who[k].signIn(u.email, PASSWORD);
    }
  });
  afterAll(async () => t?.close());
}

/** An API body that records a withdrawal from po to the association, with `over` on top. */
export const valid = (over: Record<string, unknown> = {}) => ({
  product: 'carrots',
  quantityKg: 400,
  date: '2026-11-20',
  associationId: ids.assoc,
  // FranceAgriMer told two days ahead (mandatory, arrêté of 28 March 2018 art. 16)
  notifiedAt: '2026-11-18T09:00:00+01:00',
  ...over,
});

/** How many withdrawals the database holds, to show that a refused one left nothing. */
export const count = async () =>
  Number(
    (
      await t.db
        .selectFrom('withdrawals')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
