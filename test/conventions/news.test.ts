import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { conventionParties, proposal } from './parties.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  transports = smtp.transports();
});
afterAll(async () => {
  await transports?.mail.close?.();
  await smtp.stop();
  await t?.close();
});
useNoServerErrors();

async function setting() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const p = await conventionParties(t.db);
  // the shop has a second manager who reads English; the association a plain member
  const english = await createUser(t.db, { organisationId: p.shop.org.id, role: 'manager' });
  await t.db.updateTable('users').set({ lang: 'en' }).where('id', '=', english.id).execute();
  const assocMember = await createUser(t.db, { organisationId: p.assoc.org.id, role: 'member' });
  const as = (email: string) => apiAs(built.app, email, PASSWORD);
  return {
    built,
    ...p,
    english,
    assocMember,
    s: await as(p.shop.user.email),
    a: await as(p.assoc.user.email),
  };
}

/** The outbox rows about one agreement: [user, channel, message key]. */
const news = async (id: number) =>
  (
    await t.db
      .selectFrom('push_deliveries')
      .select(['user_id', 'channel', 'message_key', 'payload'])
      .where('message_key', 'like', `convention:${id}:%`)
      .orderBy('id')
      .execute()
  ).map((r) => [r.user_id, r.channel, r.message_key]);

describe('the other side is told of a donation agreement', () => {
  it('proposed by the shop: its managers are not told, the association’s managers are; accepted and ended: the shop’s', async () => {
    const { s, a, shop, assoc, english, member, assocMember, built } = await setting();
    const made = await s.post('/conventions', proposal(shop.org.id, assoc.org.id));
    const id = made.body.id;
    expect(await news(id)).toEqual([[assoc.user.id, 'email', `convention:${id}:proposed`]]);
    await a.post(`/conventions/${id}/accept`);
    await a.post(`/conventions/${id}/end`, { reason: 'Plus de véhicule frigorifique' });
    const shopSide = [shop.user.id, english.id].sort((x, y) => x - y);
    expect(await news(id)).toEqual([
      [assoc.user.id, 'email', `convention:${id}:proposed`],
      ...shopSide.map((u) => [u, 'email', `convention:${id}:accepted`]),
      ...shopSide.map((u) => [u, 'email', `convention:${id}:ended`]),
    ]);
    const told = (await news(id)).map((r) => r[0]);
    expect(told).not.toContain(member.id);
    expect(told).not.toContain(assocMember.id);
    // in each reader's language, with the reason and the agreement's link
    await drainMessages(t.db, transports, built.clock.now);
    const fr = smtp.to(assoc.user.email).at(-1)!;
    expect(fr.subject).toBe('Supermarché des Pentes vous propose une convention de don');
    expect(fr.text).toContain(`https://surplus.test/conventions/${id}`);
    const ended = smtp.to(shop.user.email).find((m) => m.subject?.includes('mis fin'))!;
    expect(ended.text).toContain('Motif : Plus de véhicule frigorifique');
    // sent over several SMTP connections at once: in either order
    const en = smtp
      .to(english.email)
      .map((m) => m.subject)
      .sort();
    expect(en).toEqual([
      'Épicerie Solidaire du Plateau accepted the donation agreement',
      'Épicerie Solidaire du Plateau ended the donation agreement',
    ]);
  });

  it('proposed by the association and declined: the shop is told of the proposal, the association of the refusal', async () => {
    const { s, a, shop, assoc, english } = await setting();
    const made = await a.post('/conventions', proposal(shop.org.id, assoc.org.id));
    const id = made.body.id;
    await s.post(`/conventions/${id}/decline`, { reason: 'Trop loin' });
    const shopSide = [shop.user.id, english.id].sort((x, y) => x - y);
    expect(await news(id)).toEqual([
      ...shopSide.map((u) => [u, 'email', `convention:${id}:proposed`]),
      [assoc.user.id, 'email', `convention:${id}:declined`],
    ]);
    // a refused action tells nobody: a second decline is 409 and writes nothing
    expect((await s.post(`/conventions/${id}/decline`, { reason: 'encore' })).status).toBe(409);
    expect(await news(id)).toHaveLength(3);
  });

  it('withdrawn by its proposer; a manager who chose push gets it on the phone, in its language', async () => {
    const { s, shop, assoc } = await setting();
    await t.db
      .insertInto('push_subscriptions')
      .values({
        user_id: assoc.user.id,
        endpoint: `https://push.example.org/send/${assoc.user.id}`,
        p256dh:
          'BKc0tmXbV3yR5q1vdtY0Vq3sUkrS_8I7b0f9d6VbVJ4o9z8m3Pq2lN5u6Wn7Xy8Za1Bc2De3Fg4Hi5Jk6Lm7No8',
        auth: 'x2u9lQw0sZp3vR1y5t7b8Q',
        user_agent: 'test',
      })
      .execute();
    await t.db
      .insertInto('notification_choices')
      .values({ user_id: assoc.user.id, kind: 'convention_news', channels: '["push"]' })
      .execute();
    const made = await s.post('/conventions', proposal(shop.org.id, assoc.org.id));
    const id = made.body.id;
    await s.post(`/conventions/${id}/end`, { reason: 'Proposée par erreur' });
    const rows = await t.db
      .selectFrom('push_deliveries')
      .select(['channel', 'payload', 'message_key'])
      .where('user_id', '=', assoc.user.id)
      .where('message_key', 'like', `convention:${id}:%`)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.channel, r.message_key])).toEqual([
      ['push', `convention:${id}:proposed`],
      ['push', `convention:${id}:withdrawn`],
    ]);
    const payload = (r: (typeof rows)[number]) =>
      (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as {
        title: string;
        url: string;
      };
    expect(payload(rows[1]!)).toMatchObject({
      title: 'Supermarché des Pentes a retiré sa proposition de convention',
      url: `/conventions/${id}`,
    });
  });
});
