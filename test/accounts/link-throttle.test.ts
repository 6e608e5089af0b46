import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEmailChange } from '../../src/accounts/email-confirmation.js';
import { PER_RECIPIENT, requestPasswordReset } from '../../src/accounts/password-reset.js';
import { openPostgres } from '../../src/db/postgres.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const NOW = new Date('2026-12-03T10:00:00Z');
const fresh = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.org`;
/** The link mails waiting in the outbox for `address`. */
const mailsTo = async (address: string) =>
  (
    await t.db
      .selectFrom('push_deliveries')
      .select('message_key')
      .where('channel', '=', 'email')
      .where('address', '=', address)
      .execute()
  ).map((r) => r.message_key!.split(':')[0]);

describe('link mails are throttled per address too, whichever account asks', () => {
  it('many accounts asking to move to one address: at most the limit of mails reach it in an hour, the same answer', async () => {
    const target = fresh('victim');
    const askers = await Promise.all(
      Array.from({ length: PER_RECIPIENT.limit + 3 }, () => createUser(t.db)),
    );
    const answers = [];
    for (const u of askers) answers.push(await requestEmailChange(t.db, u.id, target, NOW));
    expect(answers.map((a) => a.pendingEmail)).toEqual(askers.map(() => target));
    expect(answers.filter((a) => a.queued)).toHaveLength(PER_RECIPIENT.limit);
    expect(await mailsTo(target)).toHaveLength(PER_RECIPIENT.limit);
    // an hour later the address gets mails again
    const later = new Date(NOW.getTime() + PER_RECIPIENT.windowMs + 1000);
    expect((await requestEmailChange(t.db, askers[0].id, target, later)).queued).toBe(true);
  });

  it('resets and changes share the count of an address; another address is not touched', async () => {
    const owner = await createUser(t.db, { email: fresh('owner') });
    const other = await createUser(t.db, { email: fresh('other') });
    // three resets (the reset's own limit per address), then changes towards the owner's address
    for (let i = 0; i < 3; i++)
      expect(await requestPasswordReset(t.db, { email: owner.email, ip: `10.0.0.${i}` }, NOW)).toBe(
        true,
      );
    const askers = await Promise.all([1, 2, 3].map(() => createUser(t.db)));
    const queued = [];
    for (const u of askers)
      queued.push((await requestEmailChange(t.db, u.id, owner.email, NOW)).queued);
    // two "this address is in use" mails fit in the limit of five, the third does not
    expect(queued).toEqual([true, true, false]);
    expect((await mailsTo(owner.email.toLowerCase())).sort()).toEqual(
      ['in-use', 'in-use', 'reset', 'reset', 'reset'].sort(),
    );
    expect(await requestPasswordReset(t.db, { email: other.email, ip: '10.0.1.1' }, NOW)).toBe(
      true,
    );
  });

  it('counted atomically: concurrent asks from many accounts send exactly the limit', async () => {
    const target = fresh('race');
    const askers = await Promise.all(Array.from({ length: 12 }, () => createUser(t.db)));
    // on PostgreSQL each ask on its own connection, all at once
    const pools = t.kind === 'postgres' ? askers.map(() => openPostgres(t.url!)) : [];
    try {
      const answers = await Promise.all(
        askers.map((u, i) => requestEmailChange(pools[i]?.db ?? t.db, u.id, target, NOW)),
      );
      expect(answers.filter((a) => a.queued)).toHaveLength(PER_RECIPIENT.limit);
      expect(await mailsTo(target)).toHaveLength(PER_RECIPIENT.limit);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
