// The demo's open donations, posted as their shop would (with the "open" event), so that the
// associations' feeds are not empty on first sign-in.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** A demo shop as seeded: its organisation and the manager who posts its donations. */
export interface DemoShop {
  id: number;
  name: string;
  lat: number;
  lng: number;
  userId: number;
}

/** Posts the demo donations of `shops`, windows counted from `now`; returns how many. */
export async function seedDemoDonations(
  trx: Transaction<Database>,
  shops: Record<string, DemoShop>,
  now: Date,
) {
  const at = (hours: number) => {
    const d = new Date(now.getTime() + hours * 3600_000);
    d.setUTCMinutes(Math.ceil(d.getUTCMinutes() / 15) * 15, 0, 0);
    return d;
  };
  const day = (days: number) =>
    new Date(now.getTime() + days * 86400_000).toISOString().slice(0, 10);
  const donations = [
    {
      shop: 'boulangerie',
      category: 'bakery',
      description: 'Pains de campagne et baguettes de la veille',
      quantity_kg: 6.5,
      storage: 'ambient',
      date_kind: null,
      product_date: null,
      packaged: false,
      value_eur: 18,
      from: 1,
      until: 4,
    },
    {
      shop: 'primeur',
      category: 'fruit_vegetables',
      description: 'Cagette de pommes et poires un peu marquées',
      quantity_kg: 12,
      storage: 'ambient',
      date_kind: null,
      product_date: null,
      packaged: false,
      value_eur: 14.4,
      from: 1,
      until: 6,
    },
    {
      shop: 'superette',
      category: 'dairy',
      description: 'Yaourts nature et fromages blancs, DLC dans 4 jours',
      quantity_kg: 8,
      storage: 'chilled',
      date_kind: 'use_by',
      product_date: day(4),
      packaged: true,
      value_eur: 16.8,
      from: 2,
      until: 5,
    },
    {
      shop: 'traiteur',
      category: 'prepared_meals',
      description: 'Barquettes de gratin dauphinois (20 parts)',
      quantity_kg: 5,
      storage: 'chilled',
      date_kind: 'use_by',
      product_date: day(3),
      packaged: true,
      value_eur: 30,
      from: 2,
      until: 4,
    },
    {
      shop: 'bio',
      category: 'dry_goods',
      description: 'Pâtes et légumineuses en vrac ensachées, DDM dépassée de peu',
      quantity_kg: 9,
      storage: 'ambient',
      date_kind: 'best_before',
      product_date: day(-3),
      packaged: true,
      value_eur: 22,
      from: 3,
      until: 26,
    },
    {
      shop: 'halles', // the Grand Angoulême's, for its own associations and territory
      category: 'bakery',
      description: 'Pains et viennoiseries du jour',
      quantity_kg: 5,
      storage: 'ambient',
      date_kind: null,
      product_date: null,
      packaged: false,
      value_eur: 15,
      from: 1,
      until: 5,
    },
  ] as const;
  for (const d of donations) {
    const shop = shops[d.shop];
    const row = await trx
      .insertInto('donations')
      .values({
        shop_id: shop.id,
        created_by: shop.userId,
        category: d.category,
        description: d.description,
        quantity_kg: d.quantity_kg,
        units: null,
        storage: d.storage,
        date_kind: d.date_kind,
        product_date: d.product_date,
        packaged: d.packaged,
        value_eur: d.value_eur,
        pickup_from: at(d.from),
        pickup_until: at(d.until),
        lat: shop.lat,
        lng: shop.lng,
        status: 'open',
        claimed_by: null,
        claimed_by_user: null,
        claimed_at: null,
        handover_code: null,
        received_kg: null,
        quality: null,
        temperature_c: null,
        issues: null,
        picked_up_at: null,
        closed_at: null,
        created_at: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('donation_events')
      .values({
        donation_id: row.id,
        from_status: null,
        to_status: 'open',
        actor_user_id: shop.userId,
        actor_org_id: shop.id,
        note: null,
        at: now,
      })
      .execute();
  }
  return donations.length;
}
