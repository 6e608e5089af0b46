// Issue 14: an SMTP server that hangs never slows a post. The e-mail sender is stuck in the middle
// of a send (the server greeted, then never answers MAIL FROM, and the client's timeout is a
// minute away); meanwhile shops post through the API and the form, and each post is answered
// while that send is still stuck. Mail leaves after commit, from its own loop: nothing waits on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageDeliveryLoop } from '../../src/mail/delivery-loop.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
let env: ReturnType<typeof buildApp>;
let loop: MessageDeliveryLoop;
let drainsEnded = 0;

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  transports = smtp.transports({ timeoutMs: 60_000 });
  const events = new MemoryBus(100);
  env = buildApp(t.db, { events });
  env.clock.set('2026-11-20T09:30:00+01:00');
  loop = new MessageDeliveryLoop(
    async () => {
      try {
        return await drainMessages(t.db, transports, env.clock.now);
      } finally {
        drainsEnded++;
      }
    },
    { events, pollMs: 60_000 },
  ).start();
});
afterAll(async () => {
  smtp.releaseHung();
  transports?.mail.close?.();
  await loop?.stop();
  await smtp.stop();
  await t?.close();
});

const at = (h: number) => new Date(Date.parse('2026-11-20T08:30:00Z') + h * 3_600_000);
const bread = (description: string) => ({
  category: 'bakery',
  description,
  quantityKg: 2,
  storage: 'ambient',
  pickupFrom: at(1).toISOString(),
  pickupUntil: at(3).toISOString(),
});

describe('an SMTP server that hangs', () => {
  it('never holds up a post: each is answered while the sender is stuck on the server', async () => {
    const shop = await createOrgWithUser(t.db, 'shop', { name: 'Boulangerie Pasteur' });
    const assoc = await createOrgWithUser(t.db, 'association', { name: 'Épicerie du Cœur' });
    const assocApi = await apiAs(env.app, assoc.user.email, PASSWORD);
    const shopApi = await apiAs(env.app, shop.user.email, PASSWORD);
    const shopPage = await signedIn(env.app, shop.user.email);
    const donation = await createDonation(t.db, { shopId: shop.org.id });

    smtp.hang = true;
    // a claim writes the shop's mail; the loop wakes, claims it and is stuck on MAIL FROM
    expect((await assocApi.post(`/donations/${donation.id}/claim`)).status).toBe(200);
    const mailRow = () =>
      t.db
        .selectFrom('push_deliveries')
        .select(['status'])
        .where('channel', '=', 'email')
        .where('donation_id', '=', donation.id)
        .executeTakeFirstOrThrow();
    for (let i = 0; i < 200 && (await mailRow()).status !== 'sending'; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await mailRow()).status).toBe('sending');
    const stuckAt = drainsEnded;

    // posts through the API and the form, while that send has not ended
    for (let i = 0; i < 5; i++)
      expect((await shopApi.post('/donations', bread(`Pain ${i}`))).status).toBe(201);
    const form = await shopPage.post('/donations', {
      category: 'bakery',
      description: 'Brioches du formulaire',
      quantityKg: '3',
      storage: 'ambient',
      packaged: 'yes',
      pickupDate: '2026-11-20',
      pickupFromTime: '10:30',
      pickupUntilTime: '12:00',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/^\/donations\/\d+$/);
    // still stuck: no drain ended, the mail is still being sent, the server got nothing
    expect(drainsEnded).toBe(stuckAt);
    expect((await mailRow()).status).toBe('sending');
    expect(smtp.mails).toHaveLength(0);

    // the server answers at last: the stuck send goes on, and the shop gets its mail once
    smtp.releaseHung();
    for (let i = 0; i < 400 && (await mailRow()).status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await mailRow()).status).toBe('sent');
    expect(smtp.to(shop.user.email)).toHaveLength(1);
  });
});
