import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SignedInEnv } from '../http/env.js';
import { hearerFor, hearsNothing } from './audience.js';
import { sendEventsTo } from './stream.js';

export const realtimeRoutes = new Hono<SignedInEnv>();

/**
 * Server-sent events for open pages (htmx 4 hx-sse), sent by stream.ts. A page hears only of the
 * donations its user's organisations may see (audience.ts), decided from what the event carries
 * against what was loaded here once: no query per event.
 */
realtimeRoutes.get('/events', async (c) => {
  const { events: bus, db } = c.get('deps');
  if (!bus) return c.body(null, 204); // no bus: htmx stops trying
  const hearer = await hearerFor(db, c.get('actor'));
  if (hearsNothing(hearer)) return c.body(null, 204); // e.g. an association not approved yet
  const lastEventId = Number(c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? 0);
  c.header('Cache-Control', 'no-cache, no-transform');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, (stream) =>
    sendEventsTo(stream, { bus, hearer, lastEventId, signal: c.req.raw.signal }),
  );
});
