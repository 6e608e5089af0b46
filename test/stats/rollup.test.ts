import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  createDonation,
  markClaimed,
  markExpired,
  markMissed,
  markPickedUp,
  markRefused,
} from '../helpers/donation-factories.js';
import { createOrganisation } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

async function snapshot(table: 'stats_daily' | 'stats_monthly') {
  const rows = await t.db.selectFrom(table).selectAll().execute();
  return rows
    .filter((r) =>
      Object.entries(r).some(
        ([k, v]) =>
          !['day', 'month', 'shop_id', 'association_id', 'category'].includes(k) && Number(v) !== 0,
      ),
    )
    .map((r) => JSON.stringify(r))
    .sort();
}

describe('summary tables kept by the trigger', () => {
  it('match a rebuild from the donations after every kind of change', async () => {
    const shop = await createOrganisation(t.db, 'shop');
    const a1 = await createOrganisation(t.db, 'association');
    const a2 = await createOrganisation(t.db, 'association');
    const d1 = await createDonation(t.db, { shopId: shop.id, quantity_kg: 4, value_eur: 12 });
    await markPickedUp(t.db, d1.id, {
      associationId: a1.id,
      at: '2026-11-20T23:30:00+01:00',
      receivedKg: 3.5,
      quality: 'poor',
    });
    const d2 = await createDonation(t.db, {
      shopId: shop.id,
      category: 'dairy',
      storage: 'chilled',
    });
    await markClaimed(t.db, d2.id, a2.id, '2026-11-20T08:30:00+01:00');
    await markMissed(t.db, d2.id, { associationId: a2.id, claimedAt: '2026-11-20T08:30:00+01:00' });
    const d3 = await createDonation(t.db, {
      shopId: shop.id,
      created_at: '2026-10-31T23:30:00+01:00',
    });
    await markExpired(t.db, d3.id);
    const d4 = await createDonation(t.db, {
      shopId: shop.id,
      category: 'meat_fish',
      storage: 'chilled',
    });
    await markRefused(t.db, d4.id, {
      associationId: a1.id,
      at: '2026-11-20T10:00:00+01:00',
      temperatureC: 9,
    });
    const d5 = await createDonation(t.db, { shopId: shop.id });
    await t.db
      .updateTable('donations')
      .set({ handover_code: '482917' })
      .where('id', '=', d5.id)
      .execute();
    await t.db
      .updateTable('donations')
      .set({ category: 'other' })
      .where('id', '=', d5.id)
      .execute();
    await t.db.deleteFrom('donations').where('id', '=', d5.id).execute();

    const daily = await snapshot('stats_daily');
    const monthly = await snapshot('stats_monthly');
    expect(daily.length).toBeGreaterThan(3);
    await sql`select stats_rebuild()`.execute(t.db);
    expect(await snapshot('stats_daily')).toEqual(daily);
    expect(await snapshot('stats_monthly')).toEqual(monthly);
    // the 23:30 pickup falls on 20 November in Paris; the 31 October post on October
    const days = await t.db
      .selectFrom('stats_daily')
      .select(['day', 'picked_kg', 'posted_n'])
      .where('shop_id', '=', shop.id)
      .orderBy('day')
      .execute();
    expect(days.find((r) => r.day === '2026-11-20' && r.picked_kg > 0)?.picked_kg).toBe(3.5);
    expect(days.find((r) => r.day === '2026-10-31')?.posted_n).toBe(1);
    const defects = await t.db
      .selectFrom('stats_daily')
      .select((eb) => eb.fn.sum<number>('defects_n').as('n'))
      .where('shop_id', '=', shop.id)
      .executeTakeFirst();
    expect(Number(defects?.n)).toBe(2);
    // the trigger reads the contributions' rules in place (migration 0007), not through the function
    const apply = await sql<{
      src: string;
    }>`select prosrc as src from pg_proc where proname = 'stats_apply'`.execute(t.db);
    expect(apply.rows[0].src).not.toContain('stats_contributions(');
    expect(apply.rows[0].src).toContain('stats_local_day(d.created_at)');
  });
});
