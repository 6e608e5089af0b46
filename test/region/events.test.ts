import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donationBody, seedNetwork, type Network } from '../chaos/lib.js';
import {
  eventually,
  lbCall,
  openStream,
  region,
  regionDatabase,
  skipReason,
  type TestRegion,
} from './lib.js';

type Stream = Awaited<ReturnType<typeof openStream>>;

// Issue 18: three instances behind HAProxy on one PostgreSQL, everything through the load
// balancer. A donation posted on one instance reaches the pages held open on the others; fifty
// associations racing for one donation over all instances: one winner.

describe.skipIf(!!skipReason)('a region: events and claims across instances', () => {
  let pg: Awaited<ReturnType<typeof regionDatabase>>;
  let r: TestRegion;
  let net: Network;
  beforeAll(async () => {
    pg = await regionDatabase('events');
    net = await seedNetwork(pg.db, { shops: 1, associations: 50, claimable: 1 });
    r = await region(pg.url);
  });
  afterAll(async () => {
    await r?.stop();
    await pg?.drop();
  });

  it('a donation posted on one instance reaches the SSE pages held on the others', async () => {
    // round robin: a few streams are enough to hold one on each instance
    const streams: Stream[] = [];
    for (let i = 0; i < 12 && new Set(streams.map((s) => s.servedBy)).size < 3; i++)
      streams.push(await openStream(r.port, net.associations[i].session));
    try {
      const held = new Set(streams.map((s) => s.servedBy));
      expect([...held].sort()).toEqual(['i1', 'i2', 'i3']);

      const post = await lbCall(
        r.port,
        'POST',
        '/api/v1/donations',
        { authorization: `Bearer ${net.shops[0].token}` },
        donationBody('Pain du soir, pour tout le quartier'),
      );
      const answeredAt = performance.now();
      expect(post.status).toBe(201);
      const id = JSON.parse(post.body).id;
      const posted = (s: Stream) =>
        s.events.find((e) => e.event === 'donation-posted' && e.data?.id === id);
      // every stream gets it (10 s only bounds a hang: the delay itself, the issue's "within a
      // second", is a figure of `npm run bench:region`, which prints its p95 under load, and is
      // logged here, never asserted on a shared machine's wall time)
      expect(await eventually(() => streams.every(posted), 10_000)).toBe(true);
      const others = streams.filter((s) => s.servedBy !== post.servedBy);
      expect(others.length).toBeGreaterThan(0);
      console.log(
        'region, post to SSE (ms after the answer):',
        streams.map((s) => `${s.servedBy} ${Math.round(posted(s)!.at - answeredAt)}`).join(', '),
      );
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('fifty associations claiming one donation over the three instances: exactly one winner', async () => {
    const id = net.claimable[0];
    const answers = await Promise.all(
      net.associations.map(async (a) => ({
        orgId: a.orgId,
        ...(await lbCall(r.port, 'POST', `/api/v1/donations/${id}/claim`, {
          authorization: `Bearer ${a.token}`,
        })),
      })),
    );
    // the race was spread: each instance answered some of the claims
    expect(new Set(answers.map((a) => a.servedBy)).size).toBe(3);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = answers.find((a) => a.status === 200)!;
    const row = await pg.db
      .selectFrom('donations')
      .select(['status', 'claimed_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('claimed');
    expect(Number(row.claimed_by)).toBe(winner.orgId);
  });
});
