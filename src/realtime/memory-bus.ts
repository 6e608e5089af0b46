import type { AppEvent, EventBus } from './bus.js';

export type Listener = (event: AppEvent) => void;

export function dispatch(
  listeners: Set<Listener>,
  event: AppEvent,
  log?: (msg: string, err?: unknown) => void,
) {
  for (const fn of listeners) {
    try {
      fn(event);
    } catch (e) {
      log?.('event listener failed', e);
    }
  }
}

/**
 * One process (the embedded database): events go straight to the listeners. The last events are
 * kept for pages that reconnect with Last-Event-ID. Ids start from the clock so that they keep
 * growing across restarts.
 */
export class MemoryBus implements EventBus {
  private seq = Date.now() * 1000;
  private readonly recent: Required<AppEvent>[] = [];
  private readonly listeners = new Set<Listener>();
  constructor(
    private readonly keep = 1000,
    private readonly log?: (msg: string, err?: unknown) => void,
  ) {}

  async publish(event: AppEvent) {
    const e = { type: event.type, data: event.data, id: ++this.seq };
    this.recent.push(e);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    dispatch(this.listeners, e, this.log);
  }

  subscribe(fn: Listener) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** one process: its own events are all the events */
  subscribeOwn(fn: Listener) {
    return this.subscribe(fn);
  }

  async replay(afterId: number, accept: (e: AppEvent) => boolean = () => true) {
    return this.recent.filter((e) => e.id > afterId && accept(e));
  }
}
