import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { expiryJob, escalationJob, runJobsForSlot, type JobSpec } from '../../src/jobs/jobs.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import type { AppEvent } from '../../src/realtime/bus.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  associationAt,
  deliveries,
  newPlace,
  postDonationAt,
  shopAt,
  subscribe,
} from '../notifications/factories.js';
import { FakePushService } from '../notifications/push-service.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('scheduled jobs', () => {
  it('runs each slot once across two instances (row claims), each with its own connection', async () => {
    // on PostgreSQL each instance has its own pool; on the embedded database they share the one connection
    const second = t.kind === 'postgres' ? openPostgres(t.url!) : null;
    const runs: { instance: string; at: number }[] = [];
    const job = (instance: string): JobSpec => ({
      name: 'tick',
      cron: '* * * * * *',
      run: async () => void runs.push({ instance, at: Date.now() }),
    });
    const a = startScheduler(
      { db: t.db, now: () => new Date() },
      { instance: 'a', jobs: [job('a')] },
    );
    const b = startScheduler(
      { db: second?.db ?? t.db, now: () => new Date() },
      { instance: 'b', jobs: [job('b')] },
    );
    const bounded = (what: string, p: Promise<unknown>) =>
      Promise.race([
        p,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`${what} did not finish`)), 15_000),
        ),
      ]);
    try {
      for (let i = 0; i < 400 && runs.length < 3; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await bounded('stopping a', a.stop());
      await bounded('stopping b', b.stop());
    }
    const slots = await t.db
      .selectFrom('job_runs')
      .select(['key', 'instance'])
      .where('key', 'like', 'tick:%')
      .execute();
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // every run had its slot, every slot ran once
    expect(slots.length).toBe(runs.length);
    expect(new Set(slots.map((s) => s.key)).size).toBe(slots.length);
    expect(slots.filter((s) => s.instance === 'a').length).toBe(
      runs.filter((r) => r.instance === 'a').length,
    );
    await bounded('closing the second pool', second?.close() ?? Promise.resolve());
  });

  it('stopping waits for a running job, and its slot is recorded as finished, before the database may close', async () => {
    let started = false;
    let finished = false;
    const job: JobSpec = {
      name: 'slow',
      cron: '* * * * * *',
      run: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 400));
        finished = true;
      },
    };
    const s = startScheduler(
      { db: t.db, now: () => new Date() },
      { instance: 'slow', jobs: [job] },
    );
    for (let i = 0; i < 200 && !started; i++) await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(true);
    await s.stop();
    expect(finished).toBe(true);
    await new Promise((r) => setTimeout(r, 50)); // the slot's update, issued before stop returned
    const slots = await t.db
      .selectFrom('job_runs')
      .select(['key', 'finished_at'])
      .where('key', 'like', 'slow:%')
      .execute();
    expect(slots.length).toBeGreaterThanOrEqual(1);
    expect(slots.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('runJobsForSlot (for Workers) runs a slot once however often it is called', async () => {
    let n = 0;
    const job: JobSpec = { name: 'once', cron: '* * * * *', run: async () => void n++ };
    const slot = new Date('2026-11-27T10:00:30Z');
    await runJobsForSlot({ db: t.db, now: () => slot }, slot, [job]);
    await runJobsForSlot({ db: t.db, now: () => slot }, new Date('2026-11-27T10:00:59Z'), [job]);
    expect(n).toBe(1);
    await runJobsForSlot({ db: t.db, now: () => slot }, new Date('2026-11-27T10:01:00Z'), [job]);
    expect(n).toBe(2);
  });

  it('escalation queues the next wave and wakes the senders; expiry closes ended windows and tells open pages', async () => {
    const push = await new FakePushService().start();
    try {
      const place = newPlace();
      const shop = await shopAt(t.db, place);
      for (let i = 0; i < 6; i++) {
        const a = await associationAt(t.db, place, 0.6 + i * 0.6);
        await subscribe(t.db, a.users[0].id, push.device());
      }
      const posted = new Date('2026-11-27T09:00:00+01:00');
      const d = await postDonationAt(t.db, shop.id, posted, {
        pickup_until: new Date(posted.getTime() + 30 * 60_000),
      });
      const bus = new MemoryBus();
      const seen: AppEvent[] = [];
      bus.subscribe((e) => seen.push(e));
      const later = new Date(posted.getTime() + 10 * 60_000);
      expect(await escalationJob({ db: t.db, now: () => later, events: bus })).toEqual({
        donations: 1,
        queued: 1,
      });
      expect(await deliveries(t.db, d.id)).toHaveLength(6);
      expect(seen.map((e) => e.type)).toEqual(['push.queued']);

      const ended = new Date(posted.getTime() + 31 * 60_000);
      expect(await expiryJob({ db: t.db, now: () => ended, events: bus })).toBeGreaterThanOrEqual(
        1,
      );
      expect(seen.find((e) => e.type === 'donation.expired' && e.data.id === d.id)).toMatchObject({
        data: { id: d.id, shopId: shop.id, status: 'expired', lat: shop.lat, lng: shop.lng },
      });
      expect(
        (
          await t.db
            .selectFrom('donations')
            .select('status')
            .where('id', '=', d.id)
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe('expired');
    } finally {
      await push.stop();
    }
  });
});
