// The demo's past (issue #19): a relay hub (the Épi des Pentes' cold room) with the CCAS as its
// partner, and donations picked up over the last months with the shops' quality marks, so that
// the dashboards' quality shares and the territory's month-by-month trend show something.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DonationStatus, LocalOrigin, QualityLabel } from '../db/tables/donations.js';
import type { DemoShop } from './donations.js';

/** A demo association as seeded: its organisation and its manager. */
export interface DemoAssociation {
  id: number;
  name: string;
  userId: number;
}

const DAY = 86_400_000;

/** The Épi des Pentes keeps chilled and frozen food for the CCAS, which has no cold storage. */
export async function seedDemoHub(
  trx: Transaction<Database>,
  hub: DemoAssociation,
  partner: DemoAssociation,
  now: Date,
) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  await trx
    .insertInto('hubs')
    .values({
      organisation_id: hub.id,
      capacity_chilled_kg: 60,
      capacity_frozen_kg: 30,
      opening_hours: 'Du lundi au vendredi, 10 h – 18 h',
      created_at: ago(120),
      updated_at: ago(120),
    })
    .execute();
  await trx
    .insertInto('hub_partners')
    .values({
      hub_id: hub.id,
      partner_id: partner.id,
      status: 'accepted',
      invited_by: hub.userId,
      invited_at: ago(120),
      answered_by: partner.userId,
      answered_at: ago(119),
    })
    .execute();
}

interface Pickup {
  shop: string;
  by: string;
  daysAgo: number;
  category: string;
  description: string;
  kg: number;
  storage: 'ambient' | 'chilled' | 'frozen';
  value: number | null;
  fresh: boolean;
  label: QualityLabel | null;
  origin: LocalOrigin | null;
  /** claimed by `by` through this association's relay hub, which collected it */
  viaHub?: string;
}

/** Picked up, from the newest: fresh produce, labels and local food in part of the kg. */
export const DEMO_PICKUPS: Pickup[] = [
  {
    shop: 'primeur',
    by: 'repas',
    daysAgo: 3,
    category: 'fruit_vegetables',
    description: 'Pommes et poires des monts du Lyonnais',
    kg: 14,
    storage: 'ambient',
    value: 16,
    fresh: true,
    label: null,
    origin: 'within_100km',
  },
  {
    shop: 'traiteur',
    by: 'ccas',
    viaHub: 'epicerie',
    daysAgo: 6,
    category: 'prepared_meals',
    description: 'Barquettes de quenelles sauce Nantua (12 parts)',
    kg: 4,
    storage: 'chilled',
    value: 24,
    fresh: true,
    label: null,
    origin: 'own_production',
  },
  {
    shop: 'bio',
    by: 'epicerie',
    daysAgo: 12,
    category: 'dry_goods',
    description: 'Lentilles vertes et riz complet bio',
    kg: 7,
    storage: 'ambient',
    value: 21,
    fresh: false,
    label: 'organic',
    origin: null,
  },
  {
    shop: 'fromagerie',
    by: 'epicerie',
    daysAgo: 20,
    category: 'dairy',
    description: 'Saint-Marcellin et bleu du Vercors',
    kg: 3,
    storage: 'chilled',
    value: 27,
    fresh: true,
    label: 'aop_igp',
    origin: 'within_100km',
  },
  {
    shop: 'boulangerie',
    by: 'ccas',
    daysAgo: 41,
    category: 'bakery',
    description: 'Pains au levain de la veille',
    kg: 6,
    storage: 'ambient',
    value: 15,
    fresh: false,
    label: null,
    origin: 'own_production',
  },
  {
    shop: 'primeur',
    by: 'repas',
    daysAgo: 75,
    category: 'fruit_vegetables',
    description: 'Cagettes de tomates et courgettes',
    kg: 18,
    storage: 'ambient',
    value: 20,
    fresh: true,
    label: 'label_rouge',
    origin: null,
  },
  {
    shop: 'superette',
    by: 'epicerie',
    daysAgo: 110,
    category: 'dairy',
    description: 'Yaourts aux fruits',
    kg: 9,
    storage: 'chilled',
    value: 14,
    fresh: true,
    label: null,
    origin: null,
  },
  {
    shop: 'halles',
    by: 'gare',
    daysAgo: 15,
    category: 'bakery',
    description: 'Baguettes et pains de mie',
    kg: 6,
    storage: 'ambient',
    value: 12,
    fresh: false,
    label: null,
    origin: 'own_production',
  },
  {
    shop: 'couronne',
    by: 'ccas16',
    daysAgo: 48,
    category: 'fruit_vegetables',
    description: 'Pommes de terre et carottes de Charente',
    kg: 15,
    storage: 'ambient',
    value: 11,
    fresh: true,
    label: null,
    origin: 'within_100km',
  },
];

/** Writes DEMO_PICKUPS with their events (and, via a hub, both handovers); returns how many. */
export async function seedDemoPickups(
  trx: Transaction<Database>,
  shops: Record<string, DemoShop>,
  associations: Record<string, DemoAssociation>,
  now: Date,
) {
  for (const p of DEMO_PICKUPS) {
    const shop = shops[p.shop];
    const assoc = associations[p.by];
    const hub = p.viaHub ? associations[p.viaHub] : null;
    // posted at 9:00 Paris (8:00 UTC) that day, claimed 20 minutes later, collected at 11:00
    const day = new Date(now.getTime() - p.daysAgo * DAY);
    day.setUTCHours(8, 0, 0, 0);
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000);
    const cold = p.storage !== 'ambient';
    const row = await trx
      .insertInto('donations')
      .values({
        shop_id: shop.id,
        created_by: shop.userId,
        category: p.category,
        description: p.description,
        quantity_kg: p.kg,
        units: null,
        storage: p.storage,
        date_kind: cold ? 'use_by' : null,
        product_date: cold ? new Date(day.getTime() + 3 * DAY).toISOString().slice(0, 10) : null,
        packaged: cold,
        value_eur: p.value,
        pickup_from: at(60),
        pickup_until: at(240),
        lat: shop.lat,
        lng: shop.lng,
        status: 'picked_up',
        claimed_by: assoc.id,
        claimed_by_user: assoc.userId,
        claimed_at: at(20),
        handover_code: null,
        received_kg: p.kg,
        quality: 'good',
        temperature_c: cold ? 3.5 : null,
        issues: null,
        picked_up_at: at(180),
        closed_at: at(180),
        created_at: at(0),
        fresh_produce: p.fresh,
        quality_label: p.label,
        local_origin: p.origin,
        hub_id: hub?.id ?? null,
        hub_collector: hub ? 'hub' : null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const by = hub ?? assoc; // via a hub, the hub's driver collects at the shop
    await trx
      .insertInto('donation_events')
      .values([
        event(row.id, null, 'open', shop.userId, shop.id, at(0)),
        event(row.id, 'open', 'claimed', assoc.userId, assoc.id, at(20)),
        event(row.id, 'claimed', 'picked_up', by.userId, by.id, at(180)),
      ])
      .execute();
    if (hub)
      await trx
        .insertInto('hub_deposits')
        .values({
          donation_id: row.id,
          hub_id: hub.id,
          partner_id: assoc.id,
          received_kg: p.kg,
          temperature_c: 3,
          cold_chain_reason: null,
          received_at: at(200),
          received_by: hub.userId,
          collected_at: at(26 * 60),
          collected_by: assoc.userId,
        })
        .execute();
  }
  return DEMO_PICKUPS.length;
}

const event = (
  donationId: number,
  from: DonationStatus | null,
  to: DonationStatus,
  userId: number,
  orgId: number,
  at: Date,
) => ({
  donation_id: donationId,
  from_status: from,
  to_status: to,
  actor_user_id: userId,
  actor_org_id: orgId,
  note: null,
  at,
});
