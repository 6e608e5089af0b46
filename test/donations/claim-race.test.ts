import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { claimDonation } from '../../src/donations/claims.js';
import { postDonation } from '../../src/donations/posting.js';
import { openPostgres } from '../../src/db/postgres.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const now = new Date('2026-11-27T08:00:00Z');

describe('the claim race', () => {
  it('lets exactly one of many concurrent claimers win, on separate connections', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const shopActor = await loadActor(t.db, shop.user);
    const donations = [];
    for (let i = 0; i < 5; i++)
      donations.push(
        await postDonation(
          t.db,
          shopActor,
          {
            category: 'bakery',
            description: `lot ${i}`,
            quantityKg: 5,
            storage: 'ambient',
            pickupFrom: new Date(now.getTime() + 3_600_000),
            pickupUntil: new Date(now.getTime() + 3 * 3_600_000),
          },
          now,
        ),
      );
    const claimers = [];
    for (let i = 0; i < 12; i++) {
      const a = await createOrgWithUser(
        t.db,
        'association',
        { lat: 45.7676 + i * 0.0005, lng: 4.8344 },
        'member',
      );
      claimers.push(await loadActor(t.db, a.user));
    }
    // On PostgreSQL, each claimer gets its own pool so the race really happens in the server.
    const pools = t.url ? claimers.map(() => openPostgres(t.url!, { max: 2 })) : [];
    try {
      for (const d of donations) {
        const results = await Promise.allSettled(
          claimers.map((actor, i) => claimDonation(pools[i]?.db ?? t.db, actor, d.id, now)),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost.every((r) => r.reason.code === 'not_available')).toBe(true);
        const row = await t.db
          .selectFrom('donations')
          .selectAll()
          .where('id', '=', d.id)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe('claimed');
        expect(row.claimed_by).toBe((won[0] as PromiseFulfilledResult<any>).value.claimed_by);
        const events = await t.db
          .selectFrom('donation_events')
          .select('id')
          .where('donation_id', '=', d.id)
          .where('to_status', '=', 'claimed')
          .execute();
        expect(events).toHaveLength(1);
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
