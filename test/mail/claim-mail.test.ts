import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageDeliveryLoop } from '../../src/mail/delivery-loop.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
let env: ReturnType<typeof buildApp>;
let loop: MessageDeliveryLoop;
let drains = 0;

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  // a short timeout, so that the hanging server's test ends; the loop runs as on Node
  transports = smtp.transports({ timeoutMs: 1_500 });
  const events = new MemoryBus(100);
  env = buildApp(t.db, { events });
  env.clock.set('2026-11-20T09:30:00+01:00');
  loop = new MessageDeliveryLoop(
    async () => {
      drains++;
      return drainMessages(t.db, transports, env.clock.now);
    },
    { events, pollMs: 60_000 },
  ).start();
});
afterAll(async () => {
  await loop?.stop();
  await transports?.mail.close?.();
  await smtp.stop();
  await t?.close();
});

async function scene() {
  const shop = await createOrgWithUser(t.db, 'shop', { name: 'Boulangerie Pasteur' });
  const english = await createUser(t.db, { organisationId: shop.org.id, role: 'member' });
  await t.db.updateTable('users').set({ lang: 'en' }).where('id', '=', english.id).execute();
  const failing = await createUser(t.db, { organisationId: shop.org.id, role: 'member' });
  await t.db
    .updateTable('users')
    .set({ email_failing_at: new Date() })
    .where('id', '=', failing.id)
    .execute();
  const assoc = await createOrgWithUser(t.db, 'association', { name: 'Épicerie du Cœur' });
  await t.db
    .updateTable('users')
    .set({ name: 'Léa Martin' })
    .where('id', '=', assoc.user.id)
    .execute();
  const donation = await createDonation(t.db, { shopId: shop.org.id });
  return {
    shop,
    english,
    failing,
    assoc,
    donation,
    api: await apiAs(env.app, assoc.user.email, PASSWORD),
  };
}

describe("the claim mail to the shop's staff", () => {
  it('tells each member of the shop, in their language, who claimed and when; not a failing address', async () => {
    const s = await scene();
    expect((await s.api.post(`/donations/${s.donation.id}/claim`)).status).toBe(200);
    const fr = await smtp.waitFor(s.shop.user.email);
    const en = await smtp.waitFor(s.english.email);
    expect(fr?.subject).toBe('Léa Martin vient chercher votre don');
    expect(fr!.text).toContain(
      'Léa Martin (Épicerie du Cœur) a réservé votre don « Pains et viennoiseries » (5 kg) le',
    );
    expect(fr!.text).toContain(`https://surplus.test/donations/${s.donation.id}`);
    expect(en?.subject).toBe('Léa Martin is coming for your donation');
    expect(fr!.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(true);
    expect(smtp.to(s.failing.email)).toHaveLength(0);
    const rows = await t.db
      .selectFrom('push_deliveries')
      .select(['user_id', 'donation_id'])
      .where('donation_id', '=', s.donation.id)
      .execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([s.shop.user.id, s.english.id].sort());
  });

  it('a refused claim writes no mail (the mail is in the claim’s transaction)', async () => {
    const s = await scene();
    await s.api.post(`/donations/${s.donation.id}/claim`);
    const other = await createOrgWithUser(t.db, 'association');
    const otherApi = await apiAs(env.app, other.user.email, PASSWORD);
    expect((await otherApi.post(`/donations/${s.donation.id}/claim`)).status).toBe(409);
    const rows = await t.db
      .selectFrom('push_deliveries')
      .select('id')
      .where('donation_id', '=', s.donation.id)
      .execute();
    expect(rows).toHaveLength(2); // the first claim's two, nothing for the refused one
  });

  it('an SMTP server that hangs never holds up a claim: the mail waits in the outbox', async () => {
    const s = await scene();
    smtp.hang = true;
    try {
      const before = drains;
      const res = await s.api.post(`/donations/${s.donation.id}/claim`);
      expect(res.status).toBe(200); // answered while the sender cannot get through
      // the sender took the mails and is stuck on the server, after the claim's answer
      for (let i = 0; i < 40 && drains === before; i++) await new Promise((r) => setTimeout(r, 50));
      expect(smtp.to(s.shop.user.email)).toHaveLength(0);
      const second = await createDonation(t.db, { shopId: s.shop.org.id });
      expect((await s.api.post(`/donations/${second.id}/claim`)).status).toBe(200);
    } finally {
      smtp.hang = false;
    }
    // after the timeout, the rows are pending again with back-off: nothing lost, nothing doubled
    for (let i = 0; i < 80; i++) {
      const pending = await t.db
        .selectFrom('push_deliveries')
        .select('status')
        .where('donation_id', '=', s.donation.id)
        .execute();
      if (pending.every((p) => p.status === 'pending')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    env.clock.advance(3_600_000);
    await drainMessages(t.db, transports, env.clock.now);
    env.clock.advance(-3_600_000);
    expect(smtp.to(s.shop.user.email)).toHaveLength(2);
    expect(smtp.to(s.english.email)).toHaveLength(2);
  });

  it('the admin page says that mail is off when neither SMTP nor Brevo is set, and what waits', async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const off = await (await signedIn(env.app, admin.email)).get('/admin/organisations');
    const html = await off.text();
    expect(html).toContain('id="mail-status"');
    expect(html).toContain('L’envoi d’e-mails est désactivé');
    const smtpApp = buildApp(t.db, {
      config: {
        pushAllowInsecureEndpoints: true,
        vapidSubject: 'mailto:t@example.org',
        mail: 'smtp',
      },
    });
    const on = await (await signedIn(smtpApp.app, admin.email)).get('/admin/organisations');
    expect(await on.text()).toContain('Les e-mails partent par SMTP');
  });
});
