import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { publishDonation } from '../http/events.js';
import { feedRowToApi } from '../donations/api.js';
import { associationOf } from '../donations/donation.js';
import { claimViaHub } from './claim.js';
import { collectFromHub, hubItems, receiveAtHub, type HubItem } from './deposits.js';
import { hubOffersFor } from './feed.js';
import { answerHub, declareHub, hubsOfPartner, myHub } from './hubs.js';
import { answerSchema, depositSchema, hubClaimSchema, hubIdParam, hubSchema } from './schemas.js';

/** Relay hubs in the API (the same domain calls as /hubs). */
export const hubApi = new Hono<SignedInEnv>();

async function hubToApi(mine: Awaited<ReturnType<typeof myHub>>) {
  const { hub, partners } = mine;
  return {
    hub: hub && {
      organisationId: hub.organisation_id,
      capacityChilledKg: Number(hub.capacity_chilled_kg),
      capacityFrozenKg: Number(hub.capacity_frozen_kg),
      openingHours: hub.opening_hours,
      active: hub.active,
    },
    partners: partners.map((p) => ({
      organisationId: p.partnerId,
      name: p.name,
      status: p.status,
    })),
  };
}

const itemToApi = (i: HubItem) => ({
  donationId: i.id,
  description: i.description,
  storage: i.storage,
  stage: i.stage,
  collector: i.hub_collector,
  shop: { name: i.shop_name },
  hub: { organisationId: i.hub_id, name: i.hub_name },
  partner: { organisationId: i.partner_id, name: i.partner_name },
  atShop: {
    kg: i.received_kg,
    temperatureC: i.temperature_c == null ? null : Number(i.temperature_c),
  },
  atHub: i.hub_received_at
    ? {
        kg: i.hub_kg,
        temperatureC: i.hub_temperature_c,
        at: i.hub_received_at.toISOString(),
        refusalReason: i.refusal_reason,
      }
    : null,
  collectedAt: i.collected_at ? i.collected_at.toISOString() : null,
  unrecordedAt: i.hub_unrecorded_at ? new Date(i.hub_unrecorded_at).toISOString() : null,
});

hubApi.get('/hubs', async (c) => {
  const { db } = c.get('deps');
  const actor = c.get('actor');
  const hubs = await hubsOfPartner(db, actor);
  return c.json({
    ...(await hubToApi(await myHub(db, actor))),
    partnerOf: hubs.map((h) => ({
      organisationId: h.hub_id,
      name: h.name,
      status: h.status,
      openingHours: h.opening_hours,
    })),
  });
});

hubApi.put('/hubs', async (c) => {
  const input = await jsonBody(c, hubSchema);
  const { db, now } = c.get('deps');
  const mine = await declareHub(db, c.get('actor'), input, now());
  // named, left out or with a new capacity: each partner's feed gains or loses the hub's offers
  for (const p of mine.partners) c.get('deps').feedCache?.forget(p.partnerId);
  return c.json(await hubToApi(mine));
});

hubApi.post('/hubs/:id/answer', async (c) => {
  const hubId = hubIdParam(c.req.param('id'));
  const { decision } = await jsonBody(c, answerSchema);
  const { db, now } = c.get('deps');
  const row = await answerHub(db, c.get('actor'), hubId, decision, now());
  c.get('deps').feedCache?.forget(row.partner_id); // its feed gains or loses the hub's offers
  return c.json({ organisationId: row.hub_id, status: row.status });
});

hubApi.get('/hubs/offers', async (c) => {
  const { db, now } = c.get('deps');
  const assoc = associationOf(c.get('actor'));
  const rows = await hubOffersFor(db, assoc.organisationId, now());
  return c.json({ items: rows.map(feedRowToApi) });
});

hubApi.post('/hubs/:id/claims', async (c) => {
  const hubId = hubIdParam(c.req.param('id'));
  const input = await jsonBody(c, hubClaimSchema);
  const { db, now } = c.get('deps');
  const d = await claimViaHub(db, c.get('actor'), hubId, input, now());
  await publishDonation(c, 'donation.claimed', d);
  return c.json({
    id: d.id,
    status: d.status,
    claimedBy: { organisationId: d.claimed_by },
    hub: { organisationId: d.hub_id, collector: d.hub_collector },
  });
});

hubApi.get('/hubs/held', async (c) => {
  const { db, now } = c.get('deps');
  return c.json({ items: (await hubItems(db, c.get('actor'), 'hub', now())).map(itemToApi) });
});

hubApi.get('/hubs/waiting', async (c) => {
  const { db, now } = c.get('deps');
  return c.json({ items: (await hubItems(db, c.get('actor'), 'partner', now())).map(itemToApi) });
});

hubApi.post('/hubs/deposits/:id', async (c) => {
  const id = hubIdParam(c.req.param('id'));
  const input = await jsonBody(c, depositSchema);
  const { db, now } = c.get('deps');
  const row = await receiveAtHub(db, c.get('actor'), id, input, now());
  return c.json(
    {
      donationId: row.donation_id,
      receivedKg: Number(row.received_kg),
      temperatureC: row.temperature_c == null ? null : Number(row.temperature_c),
      receivedAt: row.received_at.toISOString(),
      refusalReason: row.refusal_reason,
    },
    201,
  );
});

hubApi.post('/hubs/deposits/:id/collection', async (c) => {
  const id = hubIdParam(c.req.param('id'));
  const { db, now } = c.get('deps');
  const row = await collectFromHub(db, c.get('actor'), id, now());
  return c.json({ donationId: row.donation_id, collectedAt: row.collected_at!.toISOString() });
});
