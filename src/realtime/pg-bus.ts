import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Sql } from '../db/postgres.js';
import type { AppEvent, EventBus } from './bus.js';
import { dispatch, type Listener } from './memory-bus.js';

const CHANNEL = 'app_events';
const REPLAY_MAX = 500;

/**
 * Several Node instances on one PostgreSQL: each event is a row of app_events, and NOTIFY carries
 * only its id. Each instance reads the rows it has not seen yet, on every notification and each
 * time its LISTEN connection comes back (postgres.js re-listens by itself, but what was notified
 * meanwhile is lost: the table is the truth). A short look-back catches rows whose transaction
 * committed after a later id's: the ids of the last 50 not seen yet are asked again.
 */
export class PgBus implements EventBus {
  private readonly listeners = new Set<Listener>();
  /** subscribeOwn's: told of this instance's events as it publishes them */
  private readonly own = new Set<Listener>();
  private readonly seen = new Set<number>();
  private high = 0;
  /** Events before start are not this instance's news. */
  private floor = 0;
  private chain: Promise<void> = Promise.resolve();
  /** a read is queued behind the running one and has not started */
  private waiting = false;
  /** reads of app_events so far, and the rows they returned (for tests and diagnostics) */
  reads = 0;
  rowsRead = 0;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly listenClient: Sql,
    private readonly log?: (msg: string, err?: unknown) => void,
  ) {}

  async start() {
    const row = await sql<{ id: number | null }>`select max(id) as id from app_events`.execute(
      this.db,
    );
    this.high = this.floor = Number(row.rows[0]?.id ?? 0);
    const meta = await this.listenClient.listen(
      CHANNEL,
      () => this.catchUp(),
      () => this.catchUp(), // on (re)connection: replay what was missed
    );
    this.unlisten = () => meta.unlisten();
    return this;
  }

  async stop() {
    await this.unlisten?.();
    await this.chain;
  }

  async publish(event: AppEvent) {
    const { rows } = await sql<{ id: number }>`
      with e as (insert into app_events (type, data) values (${event.type}, ${JSON.stringify(event.data)}) returning id)
      select id, pg_notify(${CHANNEL}, id::text) from e`.execute(this.db);
    if (this.own.size)
      dispatch(this.own, { id: Number(rows[0]?.id), type: event.type, data: event.data }, this.log);
  }

  subscribe(fn: Listener) {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  subscribeOwn(fn: Listener) {
    this.own.add(fn);
    return () => void this.own.delete(fn);
  }

  /**
   * Events after `afterId` for a page that reconnects (Last-Event-ID), at most an hour old and 500
   * of those it accepts: read in pages, as most events are for other pages.
   */
  async replay(afterId: number, accept: (e: AppEvent) => boolean = () => true) {
    const kept: AppEvent[] = [];
    for (let after = afterId, pages = 0; kept.length < REPLAY_MAX && pages < 20; pages++) {
      const rows = await sql<{ id: number; type: string; data: Record<string, unknown> }>`
        select id, type, data from app_events where id > ${after} and created_at > now() - interval '1 hour' order by id limit ${REPLAY_MAX}`.execute(
        this.db,
      );
      for (const r of rows.rows) {
        const e = { id: Number(r.id), type: r.type, data: r.data };
        if (accept(e) && kept.push(e) >= REPLAY_MAX) break;
      }
      if (rows.rows.length < REPLAY_MAX) break;
      after = Number(rows.rows[rows.rows.length - 1].id);
    }
    return kept;
  }

  /**
   * Notifications that arrive while a read is waiting its turn are served by that read: under a
   * burst of events the instance reads once per batch, not once per event.
   */
  private catchUp() {
    if (this.waiting) return this.chain;
    this.waiting = true;
    this.chain = this.chain
      .then(() => {
        this.waiting = false;
        return this.read();
      })
      .catch((e) => this.log?.('event bus: catching up failed', e));
    return this.chain;
  }

  private async read() {
    for (;;) {
      this.reads++;
      // the rows after the highest seen, and of the 50 ids below it only those not seen yet (a
      // transaction that committed after a later id's; or an id never used): not the 50 again
      const gaps: number[] = [];
      for (let id = Math.max(this.floor, this.high - 50) + 1; id < this.high; id++)
        if (!this.seen.has(id)) gaps.push(id);
      const rows = await sql<{ id: number; type: string; data: Record<string, unknown> }>`
        select id, type, data from app_events where id > ${this.high}
          ${gaps.length ? sql`or id in (${sql.join(gaps)})` : sql``}
        order by id limit 1000`.execute(this.db);
      this.rowsRead += rows.rows.length;
      let fresh = 0;
      for (const r of rows.rows) {
        const id = Number(r.id);
        if (this.seen.has(id)) continue;
        this.seen.add(id);
        fresh++;
        if (id > this.high) this.high = id;
        dispatch(this.listeners, { id, type: r.type, data: r.data }, this.log);
      }
      if (this.seen.size > 5000)
        for (const id of this.seen) if (id <= this.high - 50) this.seen.delete(id);
      if (rows.rows.length < 1000 || !fresh) return;
    }
  }
}
