import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeSigner } from '../../src/mail/unsubscribe-links.js';
import { queueEmail } from '../../src/mail/outbox.js';
import { buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';

// Issue 14: an unsubscribe link is signed (an HMAC of the user and the purpose, keyed from the
// stored VAPID key), not stored: no row per message. A forged or altered link is refused; a new
// key revokes every link.

let t: TestDatabase;
let env: ReturnType<typeof buildApp>;
const NOW = new Date('2026-11-27T09:00:00+01:00');
beforeAll(async () => {
  t = await openTestDatabase();
  env = buildApp(t.db);
});
afterAll(async () => t?.close());

const post = (path: string) =>
  env.app.request(`http://localhost${path}`, {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
const optOuts = (userId: number) =>
  t.db.selectFrom('mail_opt_outs').select('purpose').where('user_id', '=', userId).execute();

describe('signed unsubscribe links', () => {
  it('the queued mail carries a signed link, and no token row is written', async () => {
    const u = await createUser(t.db);
    const before = await t.db
      .selectFrom('unsubscribe_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'donation_claimed',
        key: 'claim:signed',
        params: {},
        links: { donation: '/donations/1' },
        purpose: 'donation_updates',
      },
      NOW,
    );
    const row = await t.db
      .selectFrom('push_deliveries')
      .select('payload')
      .where('user_id', '=', u.id)
      .executeTakeFirstOrThrow();
    const link = (row.payload as unknown as { links: { unsubscribe: string } }).links.unsubscribe;
    expect(link).toMatch(new RegExp(`^/unsubscribe/u${u.id}-donation_updates-[\\w-]{43}$`));
    const after = await t.db
      .selectFrom('unsubscribe_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await env.app.request(`http://localhost${link}`)).status).toBe(200);
    expect((await post(link)).status).toBe(200);
    expect(await optOuts(u.id)).toEqual([{ purpose: 'donation_updates' }]);
    expect((await post(link)).status).toBe(200); // twice changes nothing more
  });

  it('refuses a forged link, and one altered to another user or purpose', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    const sign = await unsubscribeSigner(t.db);
    const good = sign(a.id, 'donation_alert');
    const mac = good.split('-').slice(2).join('-');
    const forged = `/unsubscribe/u${a.id}-donation_alert-${'A'.repeat(43)}`;
    const otherUser = `/unsubscribe/u${b.id}-donation_alert-${mac}`;
    const otherPurpose = `/unsubscribe/u${a.id}-weekly_summary-${mac}`;
    const flipped = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    for (const bad of [forged, otherUser, otherPurpose, flipped, '/unsubscribe/u1-x-short']) {
      expect((await post(bad)).status, bad).toBe(404);
      expect((await env.app.request(`http://localhost${bad}`)).status, bad).toBe(404);
    }
    expect(await optOuts(a.id)).toEqual([]);
    expect(await optOuts(b.id)).toEqual([]);
    // a signed link of a user deleted since: refused, not a 500
    const gone = await createUser(t.db);
    const goneLink = sign(gone.id, 'donation_alert');
    await t.db.deleteFrom('users').where('id', '=', gone.id).execute();
    expect((await post(goneLink)).status).toBe(404);
    expect((await post(good)).status).toBe(200);
  });

  it('a new key (the stored VAPID pair replaced) revokes every link at once', async () => {
    const u = await createUser(t.db);
    const link = (await unsubscribeSigner(t.db))(u.id, 'donation_updates');
    const old = await t.db.selectFrom('vapid_keys').selectAll().executeTakeFirstOrThrow();
    await t.db
      .updateTable('vapid_keys')
      .set({ private_key: `${old.private_key}-rotated` })
      .where('id', '=', old.id)
      .execute();
    try {
      expect((await post(link)).status).toBe(404);
      expect(await optOuts(u.id)).toEqual([]);
      expect((await post((await unsubscribeSigner(t.db))(u.id, 'donation_updates'))).status).toBe(
        200,
      );
    } finally {
      await t.db
        .updateTable('vapid_keys')
        .set({ private_key: old.private_key })
        .where('id', '=', old.id)
        .execute();
    }
  });
});
