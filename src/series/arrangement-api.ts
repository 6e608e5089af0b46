import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { publishDonation } from '../http/events.js';
import {
  acceptArrangement,
  arrangementToApi,
  endArrangement,
  listArrangements,
} from './arrangements.js';
import { decideOffers, offerToApi, upcomingOffers } from './offers.js';
import { decisionSchema, endArrangementSchema, seriesIdParam } from './schemas.js';

/** Standing arrangements in the API (the same domain calls as /arrangements). */
export const arrangementApi = new Hono<SignedInEnv>();

arrangementApi.get('/arrangements', async (c) => {
  const { db, now } = c.get('deps');
  const rows = await listArrangements(db, c.get('actor'));
  const offers = await upcomingOffers(
    db,
    rows.map((a) => a.id),
    now(),
  );
  return c.json({
    items: rows.map((a) => ({
      ...arrangementToApi(a),
      offers: (offers.get(a.id) ?? []).map(offerToApi),
    })),
  });
});

arrangementApi.post('/arrangements/:id/acceptance', async (c) => {
  const { db, now } = c.get('deps');
  const id = seriesIdParam(c.req.param('id'));
  return c.json(arrangementToApi(await acceptArrangement(db, c.get('actor'), id, now())));
});

arrangementApi.post('/arrangements/:id/end', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const { reason } = await jsonBody(c, endArrangementSchema);
  const { db, now } = c.get('deps');
  return c.json(arrangementToApi(await endArrangement(db, c.get('actor'), id, reason, now())));
});

arrangementApi.post('/arrangements/:id/decisions', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const choice = await jsonBody(c, decisionSchema);
  const { db, now, config } = c.get('deps');
  const results = await decideOffers(db, c.get('actor'), id, choice, now(), config.waves);
  for (const r of results)
    if (r.donation)
      await publishDonation(
        c,
        r.status === 'confirmed' ? 'donation.claimed' : 'donation.posted',
        r.donation,
      );
  return c.json({
    items: results.map((r) => ({
      day: r.day,
      status: r.status,
      donationId: r.donation?.id ?? null,
      error: r.error,
    })),
  });
});
