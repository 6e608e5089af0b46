import http from 'node:http';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EncryptThread } from '../../src/notifications/encrypt-thread.js';
import { nodePushSender } from '../../src/notifications/node-sender.js';
import {
  drainOutbox,
  expireLeases,
  fetchSender,
  type PushSender,
} from '../../src/notifications/sender.js';
import { vapidKeys, VapidSigner, type VapidKeys } from '../../src/notifications/vapid.js';
import { PushDeliveryLoop } from '../../src/notifications/delivery-loop.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import {
  associationAt,
  deliveries,
  newPlace,
  postDonationAt,
  shopAt,
  subscribe,
} from './factories.js';
import { FakePushService } from './push-service.js';

let t: TestDatabase;
let keys: VapidKeys;
const push = new FakePushService();
const NOW = new Date('2026-11-27T09:00:00+01:00');
const at = (ms: number) => () => new Date(NOW.getTime() + ms);
// Node sends through node:http(s) (node-sender.ts), Workers through fetch: the same rules for both
const nodeSender = nodePushSender(2_000);
const senders: [string, PushSender][] = [
  ['node:http (Node)', nodeSender],
  ['fetch (Workers)', fetchSender(2_000)],
];

beforeAll(async () => {
  t = await openTestDatabase();
  await push.start();
  keys = await vapidKeys(t.db, { vapidSubject: 'mailto:test@example.org' });
});
afterAll(async () => {
  await push.stop();
  nodeSender.close();
  await t?.close();
});

async function encryptWith(thread: EncryptThread, keys: { p256dh: string; auth?: string }) {
  const [out] = await thread.encrypt([
    {
      endpoint: `${push.origin}/push/x`,
      p256dh: keys.p256dh,
      auth: keys.auth ?? 'AAAAAAAAAAAAAAAAAAAAAA',
      payload: '{}',
      ttl: 60,
      urgency: 'normal',
      authorization: 'vapid t=x, k=y',
    },
  ]);
  return out;
}

async function scene(behaviours: ('ok' | 'gone' | 'notfound' | 'error' | 'hang' | 'hold')[]) {
  const place = newPlace();
  const shop = await shopAt(t.db, place);
  const devices = [];
  for (const [i, b] of behaviours.entries()) {
    const a = await associationAt(t.db, place, 0.6 + i * 0.6);
    const device = push.device(b);
    const sub = await subscribe(t.db, a.users[0].id, device);
    devices.push({ device, sub, assoc: a });
  }
  return { shop, devices };
}

describe.each(senders)('sending the outbox through %s', (_, sender) => {
  it('encrypts for each device, signs with VAPID for the push service origin, and marks rows sent', async () => {
    const { shop, devices } = await scene(['ok', 'ok']);
    const d = await postDonationAt(t.db, shop.id, NOW);
    expect(await drainOutbox(t.db, sender, keys, at(1000))).toBe(2);
    for (const { device } of devices) {
      const got = push.for(device.id);
      expect(got).toHaveLength(1);
      expect(got[0].payload).toMatchObject({ donationId: d.id, url: `/donations/${d.id}` });
      expect(got[0].jwt.aud).toBe(push.origin);
      expect(got[0].jwt.sub).toBe('mailto:test@example.org');
      expect(got[0].headers.urgency).toBe('high');
      expect(got[0].headers.topic).toBe(`donation-${d.id}`);
      expect(Number(got[0].headers.ttl)).toBeGreaterThan(3 * 3600 - 10);
    }
    expect(push.problems).toEqual([]);
    expect((await deliveries(t.db, d.id)).map((r) => r.status)).toEqual(['sent', 'sent']);
    // nothing left: a second run sends nothing again
    expect(await drainOutbox(t.db, sender, keys, at(2000))).toBe(0);
    expect(push.for(devices[0].device.id)).toHaveLength(1);
  });

  for (const onThread of [true, false])
    it(`encrypted ${onThread ? 'on a worker thread (Node)' : 'in process (Workers)'}: each device decrypts its own; keys nobody can use fail those messages only`, async () => {
      const logged: string[] = [];
      const thread = new EncryptThread((m) => logged.push(m));
      // web-push as this thread sees it: called here only when encrypting in process
      const here = vi.spyOn(webpush, 'generateRequestDetails');
      try {
        const { shop, devices } = await scene(['ok', 'ok', 'ok', 'ok']);
        // the middle devices' keys are not P-256 points: their messages cannot be encrypted
        const bad = [devices[1].sub.id, devices[2].sub.id];
        await t.db
          .updateTable('push_subscriptions')
          .set({ p256dh: 'AAAA' })
          .where('id', 'in', bad)
          .execute();
        const d = await postDonationAt(t.db, shop.id, NOW);
        const via = onThread ? { ...sender, encrypt: thread.encrypt } : sender;
        expect(await drainOutbox(t.db, via, keys, at(1000))).toBe(2);
        expect(here).toHaveBeenCalledTimes(onThread ? 0 : 4);
        for (const i of [0, 3]) {
          const got = push.for(devices[i].device.id);
          expect(got).toHaveLength(1);
          expect(got[0].payload).toMatchObject({ donationId: d.id });
          expect(got[0].headers.topic).toBe(`donation-${d.id}`);
        }
        for (const i of [1, 2]) expect(push.for(devices[i].device.id)).toEqual([]);
        const rows = await deliveries(t.db, d.id);
        const failed = rows.filter((r) => bad.includes(r.subscription_id!));
        expect(failed).toHaveLength(2);
        for (const r of failed) {
          expect(r.status).toBe('failed');
          expect(r.last_error).toMatch(/^encrypt: /);
        }
        expect(rows.filter((r) => r.status === 'sent')).toHaveLength(2);
        expect(push.problems).toEqual([]);
        // the thread answered: nothing fell back to the event loop
        expect(logged).toEqual([]);
      } finally {
        here.mockRestore();
        await thread.close();
      }
    });

  it('a thread that stopped is replaced; a batch in flight when it died is encrypted in process', async () => {
    const logged: string[] = [];
    const thread = new EncryptThread((m) => logged.push(m));
    try {
      const device = push.device('ok');
      const ok = await encryptWith(thread, {
        p256dh: device.ecdh.getPublicKey('base64url'),
        auth: device.auth.toString('base64url'),
      });
      expect(ok).toMatchObject({ body: expect.any(Uint8Array) });
      // the thread dies under a batch (stopped before it can answer): the batch still comes back
      const stopped = (thread as any).thread.worker.terminate();
      const dying = encryptWith(thread, {
        p256dh: device.ecdh.getPublicKey('base64url'),
        auth: device.auth.toString('base64url'),
      });
      await stopped;
      expect(await dying).toMatchObject({ body: expect.any(Uint8Array) });
      expect(logged).toHaveLength(1);
      // and the next batch has a new thread
      expect(
        await encryptWith(thread, {
          p256dh: device.ecdh.getPublicKey('base64url'),
          auth: device.auth.toString('base64url'),
        }),
      ).toMatchObject({ body: expect.any(Uint8Array) });
      expect(logged).toHaveLength(1);
    } finally {
      await thread.close();
    }
  });

  it('drains running at once (instances woken by the same post) encrypt each message once', async () => {
    const { shop, devices } = await scene(Array.from({ length: 8 }, () => 'ok' as const));
    const d = await postDonationAt(t.db, shop.id, NOW);
    const queued = (await deliveries(t.db, d.id)).length; // the first wave's devices
    expect(queued).toBeGreaterThanOrEqual(5);
    const spy = vi.spyOn(webpush, 'generateRequestDetails');
    try {
      const sent = await Promise.all(
        [1, 2, 3].map(() => drainOutbox(t.db, sender, keys, at(1000), { batchSize: 2 })),
      );
      const ours = spy.mock.calls.filter(([, payload]) =>
        String(payload).includes(`"donationId":${d.id}`),
      );
      // without the rows locked from selection to claim, each drain encrypted what it selected,
      // and lost most claims
      expect(ours).toHaveLength(queued);
      expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(queued);
    } finally {
      spy.mockRestore();
    }
    const told = devices.filter(({ device }) => push.for(device.id).length > 0);
    expect(told).toHaveLength(queued);
    for (const { device } of told) expect(push.for(device.id)).toHaveLength(1);
    expect((await deliveries(t.db, d.id)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('deletes the subscription when the push service answers 410 or 404', async () => {
    const { shop, devices } = await scene(['gone', 'notfound', 'ok']);
    await postDonationAt(t.db, shop.id, NOW);
    await drainOutbox(t.db, sender, keys, at(1000));
    const left = await t.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where(
        'id',
        'in',
        devices.map((x) => x.sub.id),
      )
      .execute();
    expect(left.map((r) => r.id)).toEqual([devices[2].sub.id]);
  });

  it('retries errors with back-off, then sends once the push service is back', async () => {
    const { shop, devices } = await scene(['error']);
    const d = await postDonationAt(t.db, shop.id, NOW);
    await drainOutbox(t.db, sender, keys, at(0));
    let [row] = await deliveries(t.db, d.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 500' });
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(NOW.getTime() + 5_000);
    // not yet due: nothing happens
    expect(await drainOutbox(t.db, sender, keys, at(1000))).toBe(0);
    push.behaviour.set(devices[0].device.id, 'ok');
    expect(await drainOutbox(t.db, sender, keys, at(60_000))).toBe(1);
    [row] = await deliveries(t.db, d.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(push.for(devices[0].device.id)).toHaveLength(1);
  });

  it('gives up after the last attempt', async () => {
    const { shop } = await scene(['error']);
    const d = await postDonationAt(t.db, shop.id, NOW);
    for (let i = 0; i < 3; i++)
      await drainOutbox(t.db, sender, keys, at(i * 3_600_000), { maxAttempts: 3 });
    const [row] = await deliveries(t.db, d.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('does not send for a donation claimed or cancelled since it was queued', async () => {
    const { shop, devices } = await scene(['ok']);
    const d = await postDonationAt(t.db, shop.id, NOW);
    await t.db
      .updateTable('donations')
      .set({ status: 'claimed', claimed_by: devices[0].assoc.org.id, claimed_at: NOW })
      .where('id', '=', d.id)
      .execute();
    expect(await drainOutbox(t.db, sender, keys, at(1000))).toBe(0);
    expect((await deliveries(t.db, d.id))[0].status).toBe('skipped');
    expect(push.for(devices[0].device.id)).toHaveLength(0);
  });

  it('never resends a claim whose lease ran out: the process died mid-request, the message may be there', async () => {
    const { shop, devices } = await scene(['ok']);
    const d = await postDonationAt(t.db, shop.id, NOW);
    await t.db
      .updateTable('push_deliveries')
      .set({ status: 'sending', lease_until: new Date(NOW.getTime() + 60_000), attempts: 1 })
      .where('donation_id', '=', d.id)
      .execute();
    expect(await expireLeases(t.db, new Date(NOW.getTime() + 30_000))).toBe(0);
    expect(await expireLeases(t.db, new Date(NOW.getTime() + 61_000))).toBe(1);
    expect(await drainOutbox(t.db, sender, keys, at(120_000))).toBe(0);
    expect((await deliveries(t.db, d.id))[0].status).toBe('unknown');
    expect(push.for(devices[0].device.id)).toHaveLength(0);
  });
});

describe('a push service that hangs never holds up posting', () => {
  it('posts donations through the API while the worker waits on a hanging push service', async () => {
    const place = newPlace();
    const { user: shopUser } = await createOrgWithUser(t.db, 'shop', { ...place });
    const a = await associationAt(t.db, place, 1);
    const device = push.device('hang');
    await subscribe(t.db, a.users[0].id, device);
    const events = new MemoryBus();
    const hanging = nodePushSender(30_000);
    const { app, clock } = buildApp(t.db, { events });
    clock.set('2026-11-27T08:00:00+01:00');
    const worker = new PushDeliveryLoop(t.db, hanging, async () => keys, clock.now, {
      events,
      pollMs: 50,
    }).start();
    try {
      const api = await apiAs(app, shopUser.email, PASSWORD);
      const body = {
        category: 'bakery',
        description: 'Pain',
        quantityKg: 4,
        storage: 'ambient',
        pickupFrom: '2026-11-27T09:00:00+01:00',
        pickupUntil: '2026-11-27T12:00:00+01:00',
      };
      const first = await api.post('/donations', body);
      expect(first.status).toBe(201);
      // the route published donation.posted: the worker woke, and its request is now stuck at the push service
      for (let i = 0; i < 200 && push.hangingCount() === 0; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(push.hangingCount()).toBe(1);
      const second = await api.post('/donations', body);
      expect(second.status).toBe(201);
      expect(push.hangingCount()).toBe(1); // still hanging: posting did not wait for it
      const rows = await deliveries(t.db, second.body.id);
      expect(rows.map((r) => r.status)).toEqual(['pending']);
    } finally {
      push.releaseHung();
      await worker.stop();
      hanging.close();
    }
  });
});

describe("Node's push transport (node:http with kept-alive connections)", () => {
  it('answers status and Retry-After, reuses its connections, and times out a hanging request', async () => {
    let sockets = 0;
    let redirected = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/hang') return; // never answered
        if (req.url === '/busy') return res.writeHead(429, { 'retry-after': '120' }).end();
        if (req.url === '/broken') {
          // taken (201), then the connection breaks in the middle of the body
          res.writeHead(201, { 'content-length': '100' });
          res.write('x');
          return void setTimeout(() => res.socket?.destroy(), 20);
        }
        if (req.url === '/moved') return res.writeHead(302, { location: '/elsewhere' }).end();
        if (req.url === '/elsewhere') redirected++;
        res.writeHead(201).end();
      });
    });
    server.on('connection', () => sockets++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = nodePushSender(300);
    try {
      const body = new Uint8Array(64);
      for (let i = 0; i < 5; i++)
        expect(await s.send({ endpoint: `${origin}/ok`, headers: {}, body })).toEqual({
          status: 201,
          retryAfter: undefined,
        });
      expect(sockets).toBe(1);
      expect(await s.send({ endpoint: `${origin}/busy`, headers: {}, body: null })).toEqual({
        status: 429,
        retryAfter: 120,
      });
      // the service took it: sent, not retried, whatever happens to the answer's body
      expect((await s.send({ endpoint: `${origin}/broken`, headers: {}, body })).status).toBe(201);
      // a redirect is an answer (failed as HTTP 302), never followed, through either transport
      for (const via of [s, fetchSender(300)])
        expect((await via.send({ endpoint: `${origin}/moved`, headers: {}, body })).status).toBe(
          302,
        );
      expect(redirected).toBe(0);
      await expect(s.send({ endpoint: `${origin}/hang`, headers: {}, body })).rejects.toMatchObject(
        { name: 'TimeoutError' },
      );
      await expect(
        s.send({ endpoint: 'ftp://127.0.0.1/x', headers: {}, body }),
      ).rejects.toBeInstanceOf(TypeError);
    } finally {
      s.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    // nobody listening: a network error the outbox retries, with its code
    await expect(s.send({ endpoint: origin, headers: {}, body: null })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('a request that hangs past the timeout is retried later with its reason', async () => {
    const { shop, devices } = await scene(['hang']);
    const d = await postDonationAt(t.db, shop.id, NOW);
    const s = nodePushSender(300);
    try {
      await drainOutbox(t.db, s, keys, at(1000));
    } finally {
      push.releaseHung();
      s.close();
    }
    const [row] = await deliveries(t.db, d.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/^TimeoutError/);
    push.behaviour.set(devices[0].device.id, 'ok');
    await drainOutbox(t.db, nodeSender, keys, at(3_600_000));
    expect((await deliveries(t.db, d.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(push.for(devices[0].device.id)).toHaveLength(1);
  });
});

describe('the VAPID signature', () => {
  it('is signed once per push service origin across drains, renewed after 11 h, and again when the clock goes back', async () => {
    const spy = vi.spyOn(webpush, 'getVapidHeaders');
    try {
      // keys of this test only: the signers are kept for the process
      const mine = { ...keys, subject: `mailto:signer-${Math.random()}@example.org` };
      const signer = VapidSigner.for(mine);
      expect(VapidSigner.for({ ...mine })).toBe(signer); // the same keys: the same signer
      expect(VapidSigner.for(keys)).not.toBe(signer);
      const t0 = NOW.getTime();
      const H = 3_600_000;
      const first = signer.authorization('https://push.example.org/a', t0);
      expect(signer.authorization('https://push.example.org/b', t0 + 60_000)).toBe(first);
      expect(signer.authorization('https://push.example.org/a', t0 + 11 * H - 1)).toBe(first);
      expect(spy).toHaveBeenCalledTimes(1);
      signer.authorization('https://other.example.org/a', t0); // another origin, its own
      expect(spy).toHaveBeenCalledTimes(2);
      const renewed = signer.authorization('https://push.example.org/a', t0 + 11 * H);
      expect(spy).toHaveBeenCalledTimes(3);
      expect(renewed).not.toBe(first);
      // a clock set back must not reuse a signature made "later" (its exp would be too far ahead)
      expect(signer.authorization('https://push.example.org/a', t0 + 10 * H)).not.toBe(renewed);
      expect(spy).toHaveBeenCalledTimes(4);
    } finally {
      spy.mockRestore();
    }
  });
});
