import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { openStream } from './sse-helpers.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /events (in-process bus)', () => {
  it('streams donation events with ids to associations, and a shop only its own', async () => {
    const bus = new MemoryBus();
    const { app } = buildApp(t.db, { events: bus });
    const { org: assocOrg, user: assocUser } = await createOrgWithUser(t.db, 'association');
    const { org: shop, user: shopUser } = await createOrgWithUser(t.db, 'shop');
    const assoc = new Client(app);
    await assoc.signIn(assocUser.email, PASSWORD);
    const shopClient = new Client(app);
    await shopClient.signIn(shopUser.email, PASSWORD);
    const a = await openStream(assoc);
    const s = await openStream(shopClient);
    expect(a.res.status).toBe(200);
    expect(a.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await a.reader.waitFor(() => a.reader.text.includes(': connected'), 'connected comment');
    await s.reader.waitFor(() => s.reader.text.includes(': connected'), 'connected comment');

    // the associations a donation fits travel with its events (see test/security/live-events-scope)
    const associationIds = [assocOrg.id];
    await bus.publish({
      type: 'donation.posted',
      data: { id: 1, shopId: shop.id + 1000, associationIds },
    });
    await bus.publish({
      type: 'donation.claimed',
      data: { id: 2, shopId: shop.id, associationIds },
    });
    await bus.publish({ type: 'push.queued', data: {} }); // internal: never on a page
    const got = await a.reader.waitFor((e) => e.length >= 4);
    expect(got.map((e) => [e.event, e.data.id])).toEqual([
      ['donation-posted', 1],
      ['donation-changed', 1],
      ['donation-claimed', 2],
      ['donation-changed', 2],
    ]);
    expect(Number(got[2].id)).toBeGreaterThan(Number(got[0].id));
    const mine = await s.reader.waitFor((e) => e.length >= 2);
    expect(mine.map((e) => e.event)).toEqual(['donation-claimed', 'donation-changed']);

    // the open pages share one listener on the bus (stream.ts's fan-out); closing the last removes it
    const listeners = (bus as any).listeners as Set<unknown>;
    expect(listeners.size).toBe(1);
    a.abort.abort();
    s.abort.abort();
    for (let i = 0; i < 100 && listeners.size; i++) await new Promise((r) => setTimeout(r, 10));
    expect(listeners.size).toBe(0);
  });

  it('replays what a page missed when it comes back with Last-Event-ID', async () => {
    const bus = new MemoryBus();
    const { app } = buildApp(t.db, { events: bus });
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const associationIds = [org.id];
    const client = new Client(app);
    await client.signIn(user.email, PASSWORD);
    const first = await openStream(client);
    await first.reader.waitFor(
      () => first.reader.text.includes(': connected'),
      'connected comment',
    );
    await bus.publish({ type: 'donation.posted', data: { id: 10, shopId: 1, associationIds } });
    const [seen] = await first.reader.waitFor((e) => e.length === 2);
    first.abort.abort();
    await bus.publish({ type: 'donation.claimed', data: { id: 10, shopId: 1, associationIds } }); // while away
    const again = await openStream(client, { 'last-event-id': seen.id! });
    const got = await again.reader.waitFor((e) => e.length >= 2);
    expect(got.map((e) => [e.event, e.data.id])).toEqual([
      ['donation-claimed', 10],
      ['donation-changed', 10],
    ]);
    again.abort.abort();
  });

  it('asks visitors to sign in, and says 204 (stop) when there is no bus', async () => {
    const { app } = buildApp(t.db);
    expect((await new Client(app).get('/events')).status).toBe(303);
    const { user } = await createOrgWithUser(t.db, 'association');
    const client = new Client(app);
    await client.signIn(user.email, PASSWORD);
    expect((await client.get('/events')).status).toBe(204);
  });
});
