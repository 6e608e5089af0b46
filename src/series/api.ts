import { Hono } from 'hono';
import type { SignedInEnv } from '../http/env.js';
import { jsonBody } from '../http/api.js';
import { publishDonation } from '../http/events.js';
import { idParam } from '../shared/ids.js';
import { closeShop, listClosures, removeClosure } from './closures.js';
import { changeSeries, endSeries, skipDate } from './edits.js';
import {
  closureSchema,
  seriesIdParam,
  seriesPatchSchema,
  seriesSchema,
  skipSchema,
} from './schemas.js';
import { createSeries, listSeries, seriesToApi } from './series.js';

export const seriesApi = new Hono<SignedInEnv>();

seriesApi.post('/donation-series', async (c) => {
  const input = await jsonBody(c, seriesSchema);
  const { db, now } = c.get('deps');
  return c.json(seriesToApi(await createSeries(db, c.get('actor'), input, now())), 201);
});

seriesApi.get('/donation-series', async (c) => {
  const items = await listSeries(c.get('deps').db, c.get('actor'));
  return c.json({ items: items.map(seriesToApi) });
});

seriesApi.patch('/donation-series/:id', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const patch = await jsonBody(c, seriesPatchSchema);
  const { db, now } = c.get('deps');
  const { series, changed, cancelled } = await changeSeries(db, c.get('actor'), id, patch, now());
  for (const d of changed) await publishDonation(c, 'donation.posted', d);
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.json(seriesToApi(series));
});

seriesApi.delete('/donation-series/:id', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const { db, now } = c.get('deps');
  const { cancelled } = await endSeries(db, c.get('actor'), id, now());
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.body(null, 204);
});

seriesApi.post('/donation-series/:id/skips', async (c) => {
  const id = seriesIdParam(c.req.param('id'));
  const { date } = await jsonBody(c, skipSchema);
  const { db, now } = c.get('deps');
  const { cancelled } = await skipDate(db, c.get('actor'), id, date, now());
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.json({ seriesId: id, date, cancelledDonationIds: cancelled.map((d) => d.id) }, 201);
});

const closureToApi = (c: { id: number; starts_on: string; ends_on: string }) => ({
  id: c.id,
  startsOn: c.starts_on,
  endsOn: c.ends_on,
});

seriesApi.get('/shop-closures', async (c) => {
  const { db, now } = c.get('deps');
  return c.json({ items: (await listClosures(db, c.get('actor'), now())).map(closureToApi) });
});

seriesApi.post('/shop-closures', async (c) => {
  const range = await jsonBody(c, closureSchema);
  const { db, now } = c.get('deps');
  const { closure, cancelled, claimed } = await closeShop(db, c.get('actor'), range, now());
  for (const d of cancelled) await publishDonation(c, 'donation.cancelled', d);
  return c.json(
    { ...closureToApi(closure), cancelledDonationIds: cancelled.map((d) => d.id), claimed },
    201,
  );
});

seriesApi.delete('/shop-closures/:id', async (c) => {
  await removeClosure(c.get('deps').db, c.get('actor'), idParam(c.req.param('id')));
  return c.body(null, 204);
});
