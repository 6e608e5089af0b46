import type { SSEStreamingApi } from 'hono/streaming';
import type { AppEvent, EventBus } from './bus.js';
import { mayHear, pageData, type Hearer } from './audience.js';

export const HEARTBEAT_MS = 15_000;

/** donation.posted -> donation-posted: the DOM event name pages listen to (`from:body`). */
export const sseEventName = (type: string) => type.replace(/[._]/g, '-');

/**
 * One open page's stream, until it goes away: what it missed after `lastEventId` first (when the
 * bus keeps events), then each event it may hear as it comes, a comment every 15 s between them
 * so that proxies keep the stream open. Events come with their id; one heard both replayed and
 * live is sent once.
 */
export async function sendEventsTo(
  stream: SSEStreamingApi,
  {
    bus,
    hearer,
    lastEventId,
    signal,
  }: { bus: EventBus; hearer: Hearer; lastEventId: number; signal?: AbortSignal },
) {
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
  signal?.addEventListener('abort', close);
  try {
    if (Number.isSafeInteger(lastEventId) && lastEventId > 0 && bus.replay)
      queue.unshift(...(await bus.replay(lastEventId, (e) => mayHear(hearer, e))));
    await stream.write(': connected\n\n');
    let sentId = 0;
    while (!closed) {
      while (queue.length && !closed) {
        const e = queue.shift()!;
        if (e.id != null && e.id <= sentId) continue; // replayed and live at once
        await sendEvent(stream, e);
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
}

async function sendEvent(stream: SSEStreamingApi, e: AppEvent) {
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
}
