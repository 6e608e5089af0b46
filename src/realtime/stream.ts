import type { SSEStreamingApi } from 'hono/streaming';
import type { AppEvent, EventBus } from './bus.js';
import { mayHear, pageData, type DonationEventData, type Hearer } from './audience.js';

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
  const unsubscribe = fanoutOf(bus).add(hearer, (e) => {
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

// the same words for every page that hears an event: made (and encoded) once per event
const texts = new WeakMap<AppEvent, Uint8Array>();
const encoder = new TextEncoder();

/**
 * An event as a page is sent it, in one write: under its own name, then as "donation-changed"
 * (one name for "some donation changed", for regions that refresh on any change). JSON holds no
 * line break, so each is one `data:` line.
 */
export function eventText(e: AppEvent): Uint8Array {
  let text = texts.get(e);
  if (!text) {
    const data = pageData(e);
    const named =
      `event: ${sseEventName(e.type)}\ndata: ${JSON.stringify(data)}\n` +
      (e.id != null ? `id: ${e.id}\n` : '');
    const changed = `event: donation-changed\ndata: ${JSON.stringify({ type: e.type, ...data })}\n`;
    texts.set(e, (text = encoder.encode(`${named}\n${changed}\n`)));
  }
  return text;
}

async function sendEvent(stream: SSEStreamingApi, e: AppEvent) {
  await stream.write(eventText(e));
}

type Sink = (e: AppEvent) => void;
interface Page {
  hearer: Hearer;
  sink: Sink;
}

/**
 * The open pages of one process, subscribed to the bus once: each event is handed to the pages
 * its audience names (its shop, its claimant, the associations it fits; admins hear all), found
 * through indexes by organisation instead of asking each of the 1,000 pages, and mayHear has the
 * last word for each.
 */
class PageFanout {
  private readonly all = new Set<Page>();
  private readonly byShop = new Map<number, Set<Page>>();
  private readonly byClaimant = new Map<number, Set<Page>>();
  private readonly byAssociation = new Map<number, Set<Page>>();
  private unsubscribe: (() => void) | null = null;
  private pages = 0;

  constructor(private readonly bus: EventBus) {}

  add(hearer: Hearer, sink: Sink): () => void {
    const page = { hearer, sink };
    const entries: [Map<number, Set<Page>> | null, number][] = [];
    const into = (index: Map<number, Set<Page>>, ids: Iterable<number>) => {
      for (const id of ids) {
        let set = index.get(id);
        if (!set) index.set(id, (set = new Set()));
        set.add(page);
        entries.push([index, id]);
      }
    };
    if (hearer.all) {
      this.all.add(page);
      entries.push([null, 0]);
    } else {
      into(this.byShop, hearer.shopIds);
      into(this.byClaimant, hearer.claimantIds);
      into(this.byAssociation, hearer.associationIds);
    }
    if (this.pages++ === 0) this.unsubscribe = this.bus.subscribe((e) => this.dispatch(e));
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      for (const [index, id] of entries) {
        if (!index) {
          this.all.delete(page);
          continue;
        }
        const set = index.get(id);
        set?.delete(page);
        if (set && !set.size) index.delete(id);
      }
      if (--this.pages === 0) {
        this.unsubscribe?.();
        this.unsubscribe = null;
      }
    };
  }

  private dispatch(e: AppEvent) {
    if (!e.type.startsWith('donation.')) return;
    const d = e.data as Partial<DonationEventData>;
    const told = new Set<Page>(this.all);
    const add = (set: Set<Page> | undefined) => {
      if (set) for (const p of set) told.add(p);
    };
    if (typeof d.shopId === 'number') add(this.byShop.get(d.shopId));
    if (typeof d.claimedBy === 'number') add(this.byClaimant.get(d.claimedBy));
    if (Array.isArray(d.associationIds))
      for (const id of d.associationIds) add(this.byAssociation.get(id));
    for (const p of told)
      try {
        if (mayHear(p.hearer, e)) p.sink(e);
      } catch {
        // one page's trouble is not the others': they still hear of it
      }
  }
}

const fanouts = new WeakMap<EventBus, PageFanout>();
export function fanoutOf(bus: EventBus) {
  let f = fanouts.get(bus);
  if (!f) fanouts.set(bus, (f = new PageFanout(bus)));
  return f;
}
