import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { NotFoundError } from '../http/errors.js';
import { publish } from '../http/events.js';
import { membershipOfKind } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import {
  associationPickups,
  cancelDonation,
  claimDonation,
  confirmPickup,
  feedFor,
  getDonation,
  postDonation,
  releaseClaim,
  shopDonations,
} from './domain.js';
import { pickupSchema, postDonationSchema } from './schemas.js';
import './messages.js';
import './openapi.js';

export const donationApi = new Hono<AppEnv>();

/** The nearest 20 by default, as a phone shows them; `?limit=` up to 100. */
const FEED_PAGE = 20;

const idOf = (s: string) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31) throw new NotFoundError('No such donation.');
  return n;
};

export function donationToApi(
  d: Donation & { distance_km?: number },
  opts: { withCode?: boolean } = {},
) {
  return {
    id: d.id,
    shopId: d.shop_id,
    status: d.status,
    category: d.category,
    description: d.description,
    quantityKg: Number(d.quantity_kg),
    units: d.units,
    storage: d.storage,
    dateKind: d.date_kind,
    date: d.product_date,
    packaged: d.packaged,
    sameDay: d.same_day,
    valueEur: d.value_eur,
    pickupFrom: d.pickup_from.toISOString(),
    pickupUntil: d.pickup_until.toISOString(),
    lat: d.lat,
    lng: d.lng,
    claimedBy: d.claimed_by ? { organisationId: d.claimed_by } : null,
    ...(d.distance_km != null ? { distanceKm: Math.round(d.distance_km * 100) / 100 } : {}),
    ...(opts.withCode && d.status === 'claimed' ? { handoverCode: d.handover_code } : {}),
    ...(d.picked_up_at
      ? {
          receivedKg: d.received_kg,
          quality: d.quality,
          temperatureC: d.temperature_c,
          issues: d.issues,
          pickedUpAt: d.picked_up_at.toISOString(),
        }
      : {}),
    createdAt: d.created_at.toISOString(),
  };
}

donationApi.post('/donations', async (c) => {
  const input = await jsonBody(c, postDonationSchema);
  const d = await postDonation(c.get('deps').db, c.get('actor')!, input, c.get('deps').now());
  await publish(c, 'donation.posted', { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng });
  return c.json(donationToApi(d), 201);
});

donationApi.get('/donations', async (c) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor')!;
  if (membershipOfKind(actor, 'shop'))
    return c.json({
      items: (await shopDonations(db, actor)).map((d) => donationToApi(d, { withCode: true })),
    });
  if (membershipOfKind(actor, 'association')) {
    const limit = Math.min(100, Math.max(1, Number(c.req.query('limit')) || FEED_PAGE));
    const feed = (await feedFor(db, actor, now(), c.get('deps').feedCache)).slice(0, limit);
    const mine = await associationPickups(db, actor, { currentOnly: true }); // what it is to collect now
    const items = [
      ...feed.map((f) => ({
        id: f.id,
        shopId: f.shop_id,
        status: 'open',
        category: f.category,
        description: f.description,
        quantityKg: Number(f.quantity_kg),
        units: f.units,
        storage: f.storage,
        dateKind: f.date_kind,
        date: f.product_date,
        packaged: f.packaged,
        sameDay: f.same_day,
        pickupFrom: f.pickup_from.toISOString(),
        pickupUntil: f.pickup_until.toISOString(),
        lat: f.lat,
        lng: f.lng,
        distanceKm: Math.round(f.distance_km * 100) / 100,
        shop: { name: f.shop_name, address: f.shop_address, town: f.shop_town },
      })),
      ...mine.map((d) => donationToApi(d)),
    ];
    return c.json({ items });
  }
  return c.json({ items: [] });
});

donationApi.get('/donations/:id', async (c) => {
  const { donation, viewer, distanceKm } = await getDonation(
    c.get('deps').db,
    c.get('actor')!,
    idOf(c.req.param('id')),
    c.get('deps').now(),
  );
  return c.json({
    ...donationToApi(donation, { withCode: viewer === 'shop' }),
    ...(distanceKm != null ? { distanceKm: Math.round(distanceKm * 100) / 100 } : {}),
  });
});

donationApi.post('/donations/:id/claim', async (c) => {
  const d = await claimDonation(
    c.get('deps').db,
    c.get('actor')!,
    idOf(c.req.param('id')),
    c.get('deps').now(),
  );
  await publish(c, 'donation.claimed', { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng });
  return c.json({ id: d.id, status: 'claimed', claimedBy: { organisationId: d.claimed_by } });
});

donationApi.delete('/donations/:id/claim', async (c) => {
  const d = await releaseClaim(
    c.get('deps').db,
    c.get('actor')!,
    idOf(c.req.param('id')),
    c.get('deps').now(),
  );
  await publish(c, 'donation.released', { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng });
  return c.json({ id: d.id, status: 'open' });
});

donationApi.post('/donations/:id/pickup', async (c) => {
  const id = idOf(c.req.param('id'));
  const input = await jsonBody(c, pickupSchema);
  const d = await confirmPickup(c.get('deps').db, c.get('actor')!, id, input, c.get('deps').now());
  await publish(c, 'donation.picked_up', { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng });
  return c.json({ id: d.id, status: d.status });
});

donationApi.post('/donations/:id/cancel', async (c) => {
  const d = await cancelDonation(
    c.get('deps').db,
    c.get('actor')!,
    idOf(c.req.param('id')),
    c.get('deps').now(),
  );
  await publish(c, 'donation.cancelled', { id: d.id, shopId: d.shop_id, lat: d.lat, lng: d.lng });
  return c.json({ id: d.id, status: 'cancelled' });
});
