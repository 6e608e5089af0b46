import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { publishDonation } from '../http/events.js';
import { membershipOfKind } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import type { PickupContacts } from './contacts.js';
import type { Board } from './feed-cache.js';
import type { FeedRow } from './matching.js';
import { photoPath } from './photos.js';
import { claimDonation, releaseClaim } from './claims.js';
import { confirmPickup } from './pickup.js';
import { cancelDonation, postDonation } from './posting.js';
import { reachAtPosting } from './reach.js';
import { associationBoard, getDonation, shopDonations } from './queries.js';
import { changeDonation } from './changes.js';
import { donationIdParam, pickupSchema, postDonationSchema, releaseSchema } from './schemas.js';

export const donationApi = new Hono<SignedInEnv>();

/** The nearest 20 by default, as a phone shows them; `?limit=` up to 100. */
const FEED_PAGE = 20;

const km = (n: number) => Math.round(n * 100) / 100;

/** What is offered: the fields a donation and a feed row share. */
function offerToApi(d: FeedRow | Donation) {
  return {
    id: d.id,
    shopId: d.shop_id,
    category: d.category,
    description: d.description,
    quantityKg: Number(d.quantity_kg),
    units: d.units,
    storage: d.storage,
    dateKind: d.date_kind,
    date: d.product_date,
    packaged: d.packaged,
    sameDay: d.same_day,
    pickupFrom: d.pickup_from.toISOString(),
    pickupUntil: d.pickup_until.toISOString(),
    lat: d.lat,
    lng: d.lng,
    /** relative to the site; null without a photo */
    photoUrl: photoPath(d.photo_token),
  };
}

/** A row of an association's feed: open, with its distance and the shop. */
export function feedRowToApi(f: FeedRow) {
  return {
    ...offerToApi(f),
    status: 'open',
    distanceKm: km(f.distance_km),
    shop: { name: f.shop_name, address: f.shop_address, town: f.shop_town },
    // claimable only through a relay hub: POST /hubs/{hubId}/claims (src/hubs)
    ...(f.via_hub_id != null
      ? { viaHub: { organisationId: f.via_hub_id, name: f.via_hub_name } }
      : {}),
  };
}

export function donationToApi(
  d: Donation,
  opts: { withCode?: boolean; distanceKm?: number | null; contacts?: PickupContacts } = {},
) {
  return {
    ...offerToApi(d),
    status: d.status,
    valueEur: d.value_eur,
    lotNumber: d.lot_number,
    freshProduce: d.fresh_produce,
    qualityLabel: d.quality_label,
    localOrigin: d.local_origin,
    claimedBy: d.claimed_by ? { organisationId: d.claimed_by } : null,
    ...(opts.distanceKm != null ? { distanceKm: km(opts.distanceKm) } : {}),
    ...(opts.withCode && d.status === 'claimed' ? { handoverCode: d.handover_code } : {}),
    // only what the viewer may know (contacts.ts): absent, not null, for everyone else
    ...(opts.contacts?.shop ? { shopContact: opts.contacts.shop } : {}),
    ...(opts.contacts?.driver ? { driver: opts.contacts.driver } : {}),
    ...(d.picked_up_at
      ? {
          receivedKg: d.received_kg,
          quality: d.quality,
          temperatureC: d.temperature_c,
          issues: d.issues,
          reasons: d.reasons,
          temperatureReason: d.cold_chain_reason,
          leftKg: d.left_kg == null ? null : Number(d.left_kg),
          pickedUpAt: d.picked_up_at.toISOString(),
        }
      : {}),
    parentId: d.parent_id,
    onTheWayAt: d.on_the_way_at?.toISOString() ?? null,
    arrivalAt: d.arrival_at?.toISOString() ?? null,
    seriesId: d.series_id,
    createdAt: d.created_at.toISOString(),
  };
}

/**
 * Boards come from the feed cache as the same object until something changes: their JSON is
 * written once per page size, not on every read (held weakly: a dropped board takes it along).
 */
const boardTexts = new WeakMap<Board, Map<number, string>>();
function boardJson(board: Board, limit: number) {
  let byLimit = boardTexts.get(board);
  if (!byLimit) boardTexts.set(board, (byLimit = new Map()));
  let text = byLimit.get(limit);
  if (text === undefined) {
    const items = [
      ...board.feed.slice(0, limit).map(feedRowToApi),
      ...board.current.map((d) => donationToApi(d)),
    ];
    byLimit.set(limit, (text = JSON.stringify({ items })));
  }
  return text;
}

donationApi.post('/donations', async (c) => {
  const input = await jsonBody(c, postDonationSchema);
  const { db, now, config } = c.get('deps');
  const d = await postDonation(db, c.get('actor'), input, now(), config.waves);
  await publishDonation(c, 'donation.posted', d);
  // the shop learns at once whether any association can take it, and if not, why
  return c.json({ ...donationToApi(d), reach: await reachAtPosting(db, d) }, 201);
});

donationApi.get('/donations', async (c) => {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  if (membershipOfKind(actor, 'shop'))
    return c.json({
      items: (await shopDonations(db, actor)).map((d) => donationToApi(d, { withCode: true })),
    });
  if (membershipOfKind(actor, 'association')) {
    const limit = Math.min(100, Math.max(1, Number(c.req.query('limit')) || FEED_PAGE));
    const board = await associationBoard(db, actor, now(), c.get('deps').feedCache);
    return c.body(boardJson(board, limit), 200, { 'content-type': 'application/json' });
  }
  return c.json({ items: [] });
});

donationApi.get('/donations/:id', async (c) => {
  const { donation, viewer, distanceKm, contacts } = await getDonation(
    c.get('deps').db,
    c.get('actor'),
    donationIdParam(c.req.param('id')),
    c.get('deps').now(),
  );
  return c.json(donationToApi(donation, { withCode: viewer === 'shop', distanceKm, contacts }));
});

donationApi.post('/donations/:id/claim', async (c) => {
  const d = await claimDonation(
    c.get('deps').db,
    c.get('actor'),
    donationIdParam(c.req.param('id')),
    c.get('deps').now(),
  );
  await publishDonation(c, 'donation.claimed', d);
  return c.json({ id: d.id, status: 'claimed', claimedBy: { organisationId: d.claimed_by } });
});

donationApi.delete('/donations/:id/claim', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  // a body is optional here: `{reason}` says why the claim is given back
  const body = c.req.header('content-length') && c.req.header('content-length') !== '0';
  const { reason } = body ? await jsonBody(c, releaseSchema) : { reason: null };
  const d = await releaseClaim(c.get('deps').db, c.get('actor'), id, c.get('deps').now(), reason);
  await publishDonation(c, 'donation.released', d);
  return c.json({ id: d.id, status: 'open' });
});

donationApi.post('/donations/:id/pickup', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const input = await jsonBody(c, pickupSchema);
  const { db, now, config } = c.get('deps');
  const { done: d, remainder } = await confirmPickup(
    db,
    c.get('actor'),
    id,
    input,
    now(),
    config.waves,
  );
  await publishDonation(c, 'donation.picked_up', d);
  if (remainder) await publishDonation(c, 'donation.posted', remainder);
  return c.json({ id: d.id, status: d.status, remainder: remainder ? { id: remainder.id } : null });
});

donationApi.patch('/donations/:id', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const input = await jsonBody(c, postDonationSchema);
  const { db, now } = c.get('deps');
  const { donation } = await changeDonation(db, c.get('actor'), id, input, now());
  await publishDonation(c, 'donation.posted', donation); // feeds show it as it is now
  return c.json(donationToApi(donation, { withCode: true }));
});

donationApi.post('/donations/:id/cancel', async (c) => {
  const d = await cancelDonation(
    c.get('deps').db,
    c.get('actor'),
    donationIdParam(c.req.param('id')),
    c.get('deps').now(),
  );
  await publishDonation(c, 'donation.cancelled', d);
  return c.json({ id: d.id, status: 'cancelled' });
});
