import type { Kysely } from 'kysely';
import type { Database, NewOrganisation } from '../../src/db/schema.js';
import { planNotifications } from '../../src/notifications/outbox.js';
import type { WaveSettings } from '../../src/notifications/planning.js';
import { createOrganisation, createUser } from '../helpers/factories.js';
import type { Device } from './push-service.js';

const KM_PER_DEG_LAT = 111.32;
let worlds = 0;

/** A place of its own for each test (about 40 km from the others), so tests in a file do not meet. */
export function newPlace() {
  worlds++;
  return { lat: 45.7676, lng: 4.8344 + worlds * 0.5 };
}

/** A shop at `place`. */
export async function shopAt(db: Kysely<Database>, place: { lat: number; lng: number }) {
  return createOrganisation(db, 'shop', { ...place });
}

/** An approved association `km` north of `place`, with `members` users. */
export async function associationAt(
  db: Kysely<Database>,
  place: { lat: number; lng: number },
  km: number,
  overrides: Partial<NewOrganisation> = {},
  members = 1,
  lang = 'fr',
) {
  const org = await createOrganisation(db, 'association', {
    lat: place.lat + km / KM_PER_DEG_LAT,
    lng: place.lng,
    radius_km: 10,
    ...overrides,
  });
  const users = [];
  for (let i = 0; i < members; i++) {
    const u = await createUser(db, { organisationId: org.id, role: 'member' });
    if (lang !== 'fr') await db.updateTable('users').set({ lang }).where('id', '=', u.id).execute();
    users.push(u);
  }
  return { org, users };
}

export async function subscribe(db: Kysely<Database>, userId: number, device: Device) {
  return db
    .insertInto('push_subscriptions')
    .values({
      user_id: userId,
      endpoint: device.subscription.endpoint,
      p256dh: device.subscription.keys.p256dh,
      auth: device.subscription.keys.auth,
      user_agent: 'test',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What postDonation does, without its rules: the donation and its plan in one transaction. */
export async function postDonationAt(
  db: Kysely<Database>,
  shopId: number,
  now: Date,
  overrides: Record<string, unknown> = {},
  waves?: WaveSettings,
) {
  return db.transaction().execute(async (trx) => {
    const shop = await trx
      .selectFrom('organisations')
      .select(['lat', 'lng'])
      .where('id', '=', shopId)
      .executeTakeFirstOrThrow();
    const d = await trx
      .insertInto('donations')
      .values({
        shop_id: shopId,
        category: 'bakery',
        description: 'Pains et viennoiseries',
        quantity_kg: 12.5,
        storage: 'ambient',
        pickup_from: now,
        pickup_until: new Date(now.getTime() + 3 * 3600_000),
        created_at: now,
        lat: shop.lat,
        lng: shop.lng,
        ...overrides,
      } as any)
      .returningAll()
      .executeTakeFirstOrThrow();
    await planNotifications(trx, d, now, waves);
    return d;
  });
}

export function deliveries(db: Kysely<Database>, donationId?: number) {
  let q = db
    .selectFrom('push_deliveries as pd')
    .innerJoin('push_subscriptions as s', 's.id', 'pd.subscription_id')
    .selectAll('pd')
    .select(['s.user_id', 's.endpoint']);
  if (donationId != null) q = q.where('pd.donation_id', '=', donationId);
  return q.orderBy('pd.id').execute();
}
