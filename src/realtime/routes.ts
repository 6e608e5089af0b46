import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/env.js';
import type { AppEvent } from './bus.js';
import { requireUser } from '../http/middleware.js';
import { hearerFor, hearsNothing, mayHear, pageData } from './audience.js';

export const HEARTBEAT_MS = 15_000;

/** donation.posted -> donation-posted: the DOM event name pages listen to (`from:body`). */
export const sseEventName = (type: string) => type.replace(/[._]/g, '-');

export const realtimeRoutes = new Hono<AppEnv>();

/**
 * Server-sent events for open pages (htmx 4 hx-sse): each event carries its id, a comment every
 * 15 s keeps proxies from closing the stream, and a page that reconnects gets what it missed.
 * A page hears only of the donations its user's organisations may see (audience.ts), decided
 * from what the event carries against what was loaded here once: no query per event.
 */
realtimeRoutes.get('/events', requireUser(), async (c) => {
  const { events: bus, db } = c.get('deps');
  if (!bus) return c.body(null, 204); // no bus: htmx stops trying
  const hearer = await hearerFor(db, c.get('actor')!);
  if (hearsNothing(hearer)) return c.body(null, 204); // e.g. an association not approved yet
  const lastId = Number(c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? 0);
  c.header('Cache-Control', 'no-cache, no-transform');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const queue: AppEvent[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    const unsubscribe = bus.subscribe((e) => {
      if (!mayHear(hearer, e)) return;
      queue.push(e);
      wake?.();
    });
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      wake?.();
    };
    stream.onAbort(close);
    c.req.raw.signal?.addEventListener('abort', close);
    try {
      if (Number.isSafeInteger(lastId) && lastId > 0 && bus.replay)
        queue.unshift(...(await bus.replay(lastId, (e) => mayHear(hearer, e))));
      await stream.write(': connected\n\n');
      let sentId = 0;
      while (!closed) {
        while (queue.length && !closed) {
          const e = queue.shift()!;
          if (e.id != null && e.id <= sentId) continue; // replayed and live at once
          await stream.writeSSE({
            id: e.id != null ? String(e.id) : undefined,
            event: sseEventName(e.type),
            data: JSON.stringify(pageData(e)),
          });
          // one name for "some donation changed", for regions that refresh on any change
          await stream.writeSSE({
            event: 'donation-changed',
            data: JSON.stringify({ type: e.type, ...pageData(e) }),
          });
          if (e.id != null) sentId = e.id;
        }
        if (closed) break;
        const timedOut = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), HEARTBEAT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (timedOut && !closed) await stream.write(': keep-alive\n\n');
      }
    } finally {
      close();
    }
  });
});
