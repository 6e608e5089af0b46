import { Hono, type Context } from 'hono';
import { jsonBody } from '../http/api.js';
import type { SignedInEnv } from '../http/env.js';
import { publishDonation } from '../http/events.js';
import { t } from '../i18n/index.js';
import { idParam } from '../shared/ids.js';
import { googleMapsRoute } from './links.js';
import { getRound, listRounds, type RoundView } from './queries.js';
import { createRound, RoundEmptyError, type LostStop } from './rounds.js';
import { answerSchema, createRoundSchema, partnerSchema, splitSchema } from './schemas.js';
import { answerPartner, receivedKg, setPartner, splitRound } from './shares.js';

export const roundApi = new Hono<SignedInEnv>();

const roundId = (s: string) => idParam(s, 'No such round.');

const lostToApi = (l: LostStop[]) =>
  l.map((x) => ({ donationId: x.donationId, code: x.code, message: t('en', x.message) }));

/** A round as the API gives it: its stops in order, the route link, the split if recorded. */
export function roundToApi(v: RoundView) {
  const { round } = v;
  const start = { lat: Number(round.start_lat), lng: Number(round.start_lng) };
  const todo = v.stops.filter((s) => s.ours && s.status === 'claimed');
  return {
    id: round.id,
    associationId: round.association_id,
    partnerId: round.partner_id,
    partnerAccepted: round.partner_accepted_at != null,
    createdAt: round.created_at.toISOString(),
    start,
    stops: v.stops.map((s) => ({
      position: s.position,
      donationId: s.donation_id,
      // given back (or gone to another after that): the round only says it left
      status: s.ours ? s.status : 'released',
      plannedAt: s.planned_at.toISOString(),
      late: s.late,
      moved: s.moved,
      pickupFrom: s.pickup_from.toISOString(),
      pickupUntil: s.pickup_until.toISOString(),
      description: s.description,
      quantityKg: s.quantity_kg,
      receivedKg: s.ours ? s.received_kg : null,
      lat: Number(s.lat),
      lng: Number(s.lng),
      shop: { name: s.shop_name, address: s.shop_address, town: s.shop_town },
    })),
    mapsUrl: googleMapsRoute(
      start,
      todo.map((s) => ({ lat: Number(s.lat), lng: Number(s.lng) })),
    ),
    receivedKg: receivedKg(v),
    shares: v.shares.map((s) => ({ associationId: s.association_id, kg: s.kg })),
  };
}

const one = async (c: Context<SignedInEnv>, id: number, status: 200 | 201 = 200, extra = {}) => {
  const view = await getRound(c.get('deps').db, c.get('actor'), id);
  return c.json({ ...roundToApi(view), ...extra }, status);
};

roundApi.get('/rounds', async (c) => {
  const items = await listRounds(c.get('deps').db, c.get('actor'), 50);
  return c.json({
    items: items.map((r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      stops: Number(r.stops ?? 0),
    })),
  });
});

/** Claims the donations as one round: 201 with those won and `lost`; 409 round_empty when none. */
roundApi.post('/rounds', async (c) => {
  const input = await jsonBody(c, createRoundSchema);
  const { db, now } = c.get('deps');
  try {
    const r = await createRound(db, c.get('actor'), input, now());
    for (const d of r.won) await publishDonation(c, 'donation.claimed', d);
    return one(c, r.round.id, 201, { lost: lostToApi(r.lost) });
  } catch (e) {
    if (!(e instanceof RoundEmptyError)) throw e;
    const error = { code: e.code, message: t('en', e.message), lost: lostToApi(e.lost) };
    return c.json({ error }, 409);
  }
});

roundApi.get('/rounds/:id', (c) => one(c, roundId(c.req.param('id'))));

roundApi.post('/rounds/:id/partner', async (c) => {
  const id = roundId(c.req.param('id'));
  const { associationId } = await jsonBody(c, partnerSchema);
  await setPartner(c.get('deps').db, c.get('actor'), id, associationId);
  return one(c, id);
});

roundApi.post('/rounds/:id/split', async (c) => {
  const id = roundId(c.req.param('id'));
  const { partnerKg } = await jsonBody(c, splitSchema);
  const { db, now } = c.get('deps');
  await splitRound(db, c.get('actor'), id, partnerKg, now());
  return one(c, id);
});

/** The partner's answer: accept true (it shares the round), false (it declines or leaves). */
roundApi.post('/rounds/:id/answer', async (c) => {
  const id = roundId(c.req.param('id'));
  const { accept } = await jsonBody(c, answerSchema);
  const { db, now } = c.get('deps');
  await answerPartner(db, c.get('actor'), id, accept, now());
  // gone from the round when it leaves: what it still may read is nothing
  return accept ? one(c, id) : c.body(null, 204);
});
