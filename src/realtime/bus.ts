/** What changed, told to open pages and other instances (see memory-bus.ts and pg-bus.ts). */
export interface AppEvent {
  id?: number;
  type: string;
  data: Record<string, unknown>;
}

export interface EventBus {
  publish(event: AppEvent): Promise<void>;
  subscribe(fn: (event: AppEvent) => void): () => void;
  /**
   * The events this process publishes, as it publishes them (PgBus: once written, before any
   * instance reads them back): for the work the publishing instance does itself, as its senders'
   * wakes. Absent: subscribe's events.
   */
  subscribeOwn?(fn: (event: AppEvent) => void): () => void;
  /**
   * Events after this id, for a page that reconnects with Last-Event-ID (issue 4); with `accept`,
   * only those it accepts (up to the same limit, however many others there were).
   */
  replay?(afterId: number, accept?: (event: AppEvent) => boolean): Promise<AppEvent[]>;
}
