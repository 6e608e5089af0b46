import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  burst,
  call,
  donationBody,
  eventually,
  healthy,
  missingWrites,
  openEvents,
  pause,
  seedNetwork,
  startServerProcess,
  tally,
  type Network,
  type Outcome,
  type ServerProcess,
} from './lib.js';
import { baseUrl, chaosDatabase } from './postgres.js';

// The real server on PostgreSQL while every backend of its database is terminated, twice, in the
// middle of a burst of posts and claims: it must stay up, answer 503 (never 500) meanwhile, serve
// again by itself, keep every write it answered 2xx for, and its event bus (LISTEN) and scheduler
// must work again afterwards.
describe.skipIf(!baseUrl)('PostgreSQL drops every connection during a burst', () => {
  let pg: Awaited<ReturnType<typeof chaosDatabase>>;
  let server: ServerProcess;
  let net: Network;
  let outcomes: Outcome[];
  let ended: number[];
  let cutAt: Date;
  let stream: ReturnType<typeof openEvents>;

  beforeAll(async () => {
    pg = await chaosDatabase('loss');
    net = await seedNetwork(pg.db, { shops: 8, associations: 8, claimable: 3000 });
    server = await startServerProcess({ DATABASE_URL: pg.url });
    stream = openEvents(server.port, net.associations[1].session);
    await stream.opened;

    let stop = false;
    const load = burst(server.port, net, () => stop || !server.alive());
    // cut when the burst is under way (a loaded machine can take seconds for the first answers),
    // again a little later, then go on until the server has answered 2xx again for a while
    await eventually(() => load.successes() >= 30, 30_000);
    ended = [await pg.terminateAll()];
    const first = load.elapsed();
    await eventually(() => load.successes(first) >= 20, 15_000);
    ended.push(await pg.terminateAll());
    cutAt = new Date();
    const second = load.elapsed();
    await eventually(() => load.successes(second) >= 30, 15_000);
    stop = true;
    outcomes = await load.done;
    console.log('chaos, connections cut twice:', JSON.stringify(tally(outcomes)), 'ended', ended);
  });

  afterAll(async () => {
    stream?.close();
    await server?.stop();
    await pg?.drop();
  });

  it('the process is alive and serves again within a few seconds', async () => {
    expect(ended.every((n) => n > 0)).toBe(true); // each cut did end connections in use
    expect(server.alive()).toBe(true);
    await healthy(server.port, 10_000);
    expect(server.output()).not.toMatch(/TypeError|escaped/);
  });

  it('answered 503 with Retry-After while the database was away, never another 5xx', () => {
    const failed = outcomes.filter((o) => o.answer.status >= 500);
    expect(failed.filter((o) => o.answer.status !== 503).map((o) => o.answer.body)).toEqual([]);
    expect(failed.length).toBeGreaterThan(0); // the cuts hit requests in flight
    for (const o of failed) {
      expect(Number(o.answer.headers['retry-after'])).toBeGreaterThan(0);
      if (o.kind === 'page') expect(o.answer.body).toContain('momentanément indisponible');
      else expect(JSON.parse(o.answer.body).error.code).toBe('database_unavailable');
    }
    // every request had an answer: the server did not drop connections
    expect(outcomes.filter((o) => o.answer.status === 0)).toEqual([]);
  });

  it('keeps every post and claim it answered 2xx for', async () => {
    const { posted, claimed, missing } = await missingWrites(pg.db, outcomes);
    expect(posted).toBeGreaterThan(0);
    expect(claimed).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('an open /events stream gets the next donation after the reconnection', async () => {
    await healthy(server.port);
    const posted = await call(
      server.port,
      'POST',
      '/api/v1/donations',
      { authorization: `Bearer ${net.shops[0].token}` },
      donationBody('Après la coupure'),
    );
    expect(posted.status).toBe(201);
    const id = JSON.parse(posted.body).id as number;
    const seen = () =>
      stream.events.some((e) => e.event === 'donation-posted' && JSON.parse(e.data).id === id);
    expect(await eventually(seen, 10_000)).toBe(true);
  });

  it('the scheduler claims and finishes a job slot after the cuts', async () => {
    // the jobs run each minute: wait for the first slot that starts after the last cut
    const ran = async () =>
      !!(await pg.db
        .selectFrom('job_runs')
        .select('key')
        .where('started_at', '>', cutAt)
        .where('finished_at', 'is not', null)
        .executeTakeFirst());
    expect(await eventually(ran, 75_000)).toBe(true);
  }, 90_000);

  it('stops cleanly afterwards', async () => {
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});
