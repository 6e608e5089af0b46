import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brevoMailTransport, brevoSmsTransport } from '../../src/mail/brevo.js';
import { fileTransport, smtpTransport } from '../../src/mail/node-transports.js';
import { mailBacklog, queueEmail, queueSms } from '../../src/mail/outbox.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { expireLeases } from '../../src/notifications/sender.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';
import { FakeBrevo, TestSmtpServer } from '../helpers/smtp-server.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
const brevo = new FakeBrevo();
const NOW = new Date('2026-11-27T09:00:00+01:00');
const now = () => NOW;
let transports: MessageTransports;

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  await brevo.start();
  transports = smtp.transports();
});
afterAll(async () => {
  await transports?.mail.close?.();
  await smtp.stop();
  await brevo.stop();
  await t?.close();
});

const claimParams = {
  driver: 'Léa Martin',
  association: 'Épicerie du Cœur',
  description: 'Pains <b>& viennoiseries</b>',
  kg: '4,5',
  claimedAt: '27/11/2026 09:00',
  from: '27/11 10:00',
  until: '27/11 12:00',
};

async function user(lang: 'fr' | 'en' = 'fr', phone: string | null = null) {
  const u = await createUser(t.db);
  // a phone given here is a verified one (SMS go only to those: phone-verification.test.ts)
  await t.db
    .updateTable('users')
    .set({ lang, phone, phone_verified_at: phone ? new Date() : null })
    .where('id', '=', u.id)
    .execute();
  return u;
}

/** One password-reset mail queued for each user (key `reset:<name>-<i>`). */
async function queueResets(users: { id: number }[], name: string) {
  for (const [i, u] of users.entries())
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: `reset:${name}-${i}`,
        params: {},
        links: { reset: '/r' },
      },
      NOW,
    );
}

const rows = (userId: number) =>
  t.db.selectFrom('push_deliveries').selectAll().where('user_id', '=', userId).execute();

describe('e-mail through the outbox and a real SMTP server', () => {
  it('sends the French template in French, text and HTML, once per message and address', async () => {
    const u = await user('fr');
    const m = {
      userId: u.id,
      template: 'donation_claimed',
      key: 'claim:1',
      params: claimParams,
      links: { donation: '/donations/1' },
    };
    expect(await queueEmail(t.db, m, NOW)).toBe(true);
    expect(await queueEmail(t.db, m, NOW)).toBe(false); // same message, same address: once
    expect(await drainMessages(t.db, transports, now)).toBe(1);
    expect(await drainMessages(t.db, transports, now)).toBe(0);
    const mail = await smtp.waitFor(u.email);
    expect(smtp.to(u.email)).toHaveLength(1);
    expect(mail!.subject).toBe('Léa Martin vient chercher votre don');
    expect(mail!.from!.text).toContain('noreply@surplus.test');
    expect(mail!.text).toContain('a réservé votre don « Pains <b>& viennoiseries</b> »');
    expect(mail!.text).toContain('https://surplus.test/donations/1');
    expect(mail!.html).toContain('Pains &lt;b&gt;&amp; viennoiseries&lt;/b&gt;'); // escaped
    expect(mail!.html).toContain('href="https://surplus.test/donations/1"');
    const [row] = await rows(u.id);
    expect(row).toMatchObject({ channel: 'email', status: 'sent', address: u.email, attempts: 1 });
    expect((row.payload as any).links).toBeUndefined(); // links (secret ones too) leave the row once sent
  });

  it('sends the English template to an English speaker', async () => {
    const u = await user('en');
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'donation_claimed',
        key: 'claim:2',
        params: claimParams,
        links: { donation: '/donations/2' },
      },
      NOW,
    );
    await drainMessages(t.db, transports, now);
    const mail = await smtp.waitFor(u.email);
    expect(mail!.subject).toBe('Léa Martin is coming for your donation');
    expect(mail!.text).toContain('See the donation: https://surplus.test/donations/2');
    expect(mail!.html).toContain('<html lang="en">');
  });

  it('gives a non-essential message RFC 8058 one-click unsubscribe headers; an essential one none', async () => {
    const u = await user('fr');
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'donation_claimed',
        key: 'claim:3',
        params: claimParams,
        links: { donation: '/donations/3' },
        purpose: 'donation_updates',
      },
      NOW,
    );
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: 'reset:x',
        params: {},
        links: { reset: '/password-reset/abc' },
      },
      NOW,
    );
    await drainMessages(t.db, transports, now);
    const mails = smtp.to(u.email);
    expect(mails).toHaveLength(2);
    const claim = mails.find((m) => m.subject!.includes('vient chercher'))!;
    const reset = mails.find((m) => m.subject!.includes('mot de passe'))!;
    const header = (m: typeof claim, name: string) =>
      m.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    const lu = String(header(claim, 'list-unsubscribe'));
    expect(lu).toMatch(/^<https:\/\/surplus\.test\/unsubscribe\/[\w-]{30,}>$/);
    expect(header(claim, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(claim.text).toContain('Ne plus recevoir ces messages');
    expect(header(reset, 'list-unsubscribe')).toBeUndefined();
    expect(header(reset, 'list-unsubscribe-post')).toBeUndefined();
  });

  it('a 550 answer fails the message, marks the address failing, and nothing more is sent to it', async () => {
    const u = await user('fr');
    smtp.reject.add(u.email.toLowerCase());
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'donation_claimed',
        key: 'claim:4',
        params: claimParams,
        links: { donation: '/donations/4' },
      },
      NOW,
    );
    await drainMessages(t.db, transports, now);
    const [row] = await rows(u.id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/^550/);
    const after = await t.db
      .selectFrom('users')
      .select(['email_failing_at'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(after.email_failing_at).toEqual(NOW);
    expect(
      await queueEmail(
        t.db,
        { userId: u.id, template: 'donation_claimed', key: 'claim:5', params: claimParams },
        NOW,
      ),
    ).toBe(false);
    expect(smtp.to(u.email)).toHaveLength(0);
  });

  it('a server that hangs: the message is tried again later with back-off, not lost and not doubled', async () => {
    const u = await user('fr');
    smtp.hang = true;
    const quick = { ...transports, mail: smtpTransport(smtp.url, { timeoutMs: 300 }) };
    try {
      await queueEmail(
        t.db,
        {
          userId: u.id,
          template: 'password_reset',
          key: 'reset:hang',
          params: {},
          links: { reset: '/password-reset/h' },
        },
        NOW,
      );
      expect(await drainMessages(t.db, quick, now)).toBe(0);
      const [row] = await rows(u.id);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(1);
      expect(row.next_attempt_at.getTime()).toBeGreaterThan(NOW.getTime());
    } finally {
      smtp.hang = false;
      await quick.mail.close?.();
    }
    const later = () => new Date(NOW.getTime() + 3_600_000);
    expect(await drainMessages(t.db, transports, later)).toBe(1);
    expect(smtp.to(u.email)).toHaveLength(1);
  });

  it('a claim whose sender died mid-send (lease over) is marked unknown and never resent', async () => {
    const u = await user('fr');
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: 'reset:crash',
        params: {},
        links: { reset: '/password-reset/c' },
      },
      NOW,
    );
    await t.db
      .updateTable('push_deliveries')
      .set({ status: 'sending', lease_until: new Date(NOW.getTime() - 1) })
      .where('user_id', '=', u.id)
      .execute();
    expect(await expireLeases(t.db, NOW)).toBeGreaterThanOrEqual(1);
    expect(await drainMessages(t.db, transports, now)).toBe(0);
    expect((await rows(u.id))[0].status).toBe('unknown');
    expect(smtp.to(u.email)).toHaveLength(0);
  });
});

describe('what is in doubt when the sender dies', () => {
  it('only what is claimed is sending (at most the concurrency), and what was accepted is recorded sent while the next leave', async () => {
    const users = await Promise.all(Array.from({ length: 9 }, () => user('fr')));
    await queueResets(users, 'doubt');
    const ids = users.map((u) => u.id);
    const emails = new Set(users.map((u) => u.email));
    const seen: { sending: number; sent: number }[] = [];
    const counting: MessageTransports = {
      ...transports,
      mail: {
        name: 'smtp',
        concurrency: 2,
        async send(m) {
          if (!emails.has(m.to)) return transports.mail.send(m);
          const r = await t.db
            .selectFrom('push_deliveries')
            .select(['status'])
            .where('user_id', 'in', ids)
            .execute();
          seen.push({
            sending: r.filter((x) => x.status === 'sending').length,
            sent: r.filter((x) => x.status === 'sent').length,
          });
          return transports.mail.send(m);
        },
      },
    };
    expect(await drainMessages(t.db, counting, now, { batchSize: 20 })).toBeGreaterThanOrEqual(9);
    expect(seen).toHaveLength(9);
    // never more in doubt than the transport's concurrency, though the batch held all nine
    expect(Math.max(...seen.map((s) => s.sending))).toBeLessThanOrEqual(2);
    // the first ones were recorded sent before the last ones left (not once per batch)
    expect(seen.at(-1)!.sent).toBeGreaterThanOrEqual(6);
    for (const u of users) expect(smtp.to(u.email)).toHaveLength(1);
  });

  it('messages are claimed in groups, once half the hand is free (30 in at most 11 claims), never more than six in hand', async () => {
    await drainMessages(t.db, transports, now); // what earlier tests left is not claimed first
    const users = await Promise.all(Array.from({ length: 30 }, () => user('en')));
    await queueResets(users, 'group');
    const ids = users.map((u) => u.id);
    const emails = new Set(users.map((u) => u.email));
    const groups: number[] = [];
    let most = 0;
    const slow: MessageTransports = {
      ...transports,
      mail: {
        name: 'smtp',
        concurrency: 6,
        async send(m) {
          if (!emails.has(m.to)) return transports.mail.send(m);
          const r = await t.db
            .selectFrom('push_deliveries')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('user_id', 'in', ids)
            .where('status', '=', 'sending')
            .executeTakeFirstOrThrow();
          most = Math.max(most, Number(r.n));
          await new Promise((r) => setTimeout(r, 5));
          return transports.mail.send(m);
        },
      },
    };
    const sent = await drainMessages(t.db, slow, now, {
      batchSize: 50,
      onClaimed: (claimed) => groups.push(claimed.length),
    });
    expect(sent).toBeGreaterThanOrEqual(30);
    for (const u of users) expect(smtp.to(u.email)).toHaveLength(1);
    expect((await rows(users[29].id))[0].status).toBe('sent');
    // a kill -9 leaves no more than the concurrency in doubt
    expect(most).toBeLessThanOrEqual(6);
    expect(Math.max(...groups)).toBeLessThanOrEqual(6);
    // claimed in groups (of at least half the hand while the queue lasts), not one by one
    expect(groups.length).toBeLessThanOrEqual(11);
  });

  it('a statement that fails mid-drain: nothing more is claimed, what was out is waited for, and what was delivered is recorded sent, not left in doubt', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => user('fr')));
    const emails = new Set(users.map((u) => u.email));
    await queueResets(users, 'fail');
    // the real database, but the second statement that records and claims at once fails (as a
    // lost connection would make it)
    let settles = 0;
    const failing = t.db.withPlugin({
      transformQuery(args) {
        const node = args.node as { kind: string; with?: unknown };
        if (node.kind === 'UpdateQueryNode' && node.with && ++settles === 2)
          throw new Error('connection lost');
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    });
    const slow: MessageTransports = {
      ...transports,
      mail: {
        name: 'smtp',
        concurrency: 4,
        async send(m) {
          if (emails.has(m.to)) await new Promise((r) => setTimeout(r, 10));
          return transports.mail.send(m);
        },
      },
    };
    await expect(drainMessages(failing, slow, now, { reserveMs: 0 })).rejects.toThrow(
      'connection lost',
    );
    const after = (await Promise.all(users.map((u) => rows(u.id)))).flat();
    const delivered = users.filter((u) => smtp.to(u.email).length === 1);
    expect(delivered.length).toBeGreaterThan(0);
    expect(after.filter((r) => r.status === 'sending')).toEqual([]);
    expect(after.filter((r) => r.status === 'sent')).toHaveLength(delivered.length);
    // the next drain sends the rest, once each
    await drainMessages(t.db, transports, now);
    for (const u of users) expect(smtp.to(u.email)).toHaveLength(1);
  });

  it('a slow send does not keep the accepted ones from being recorded sent', async () => {
    await drainMessages(t.db, transports, now); // what earlier tests left is not claimed first
    const users = await Promise.all(Array.from({ length: 8 }, () => user('fr')));
    const ids = users.map((u) => u.id);
    await queueResets(users, 'slow');
    const byEmail = new Map(users.map((u, i) => [u.email, i]));
    let sawRecorded = false;
    // with 4 in hand the first three hang until the fourth, accepted, is recorded sent (or 10 s)
    const hanging: MessageTransports = {
      ...transports,
      mail: {
        name: 'smtp',
        concurrency: 4,
        async send(m) {
          const i = byEmail.get(m.to);
          if (i !== undefined && i < 3)
            for (let k = 0; k < 200 && !sawRecorded; k++) {
              const r = await t.db
                .selectFrom('push_deliveries')
                .select('status')
                .where('user_id', '=', ids[3])
                .executeTakeFirstOrThrow();
              if (r.status === 'sent') sawRecorded = true;
              else await new Promise((r) => setTimeout(r, 50));
            }
          return transports.mail.send(m);
        },
      },
    };
    expect(await drainMessages(t.db, hanging, now)).toBeGreaterThanOrEqual(8);
    expect(sawRecorded).toBe(true);
    for (const u of users) expect(smtp.to(u.email)).toHaveLength(1);
  });

  it('a batch reserved by a process that died is sent by the next once the reservation is over', async () => {
    const u = await user('fr');
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: 'reset:reserved',
        params: {},
        links: { reset: '/r' },
      },
      NOW,
    );
    await t.db
      .updateTable('push_deliveries')
      .set({ lease_until: new Date(NOW.getTime() + 15_000) })
      .where('user_id', '=', u.id)
      .execute();
    expect(await drainMessages(t.db, transports, now)).toBe(0);
    expect(await drainMessages(t.db, transports, () => new Date(NOW.getTime() + 15_000))).toBe(1);
    expect(smtp.to(u.email)).toHaveLength(1);
  });

  it('the admin count of messages in doubt includes those left sending by a dead process', async () => {
    const before = (await mailBacklog(t.db, NOW)).inDoubt;
    const u = await user('fr');
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: 'reset:doubt-count',
        params: {},
        links: { reset: '/r' },
      },
      NOW,
    );
    await t.db
      .updateTable('push_deliveries')
      .set({ status: 'sending', lease_until: new Date(NOW.getTime() + 60_000) })
      .where('user_id', '=', u.id)
      .execute();
    // still within its lease: a live process is sending it
    expect((await mailBacklog(t.db, NOW)).inDoubt).toBe(before);
    const later = new Date(NOW.getTime() + 61_000);
    expect((await mailBacklog(t.db, later)).inDoubt).toBe(before + 1);
    await expireLeases(t.db, later);
    expect((await mailBacklog(t.db, later)).inDoubt).toBe(before + 1);
  });
});

describe("Brevo's e-mail and SMS APIs (a local server answering their format)", () => {
  it('posts the e-mail as Brevo documents it, with the api-key header', async () => {
    const u = await user('en');
    const tr: MessageTransports = {
      ...transports,
      mail: brevoMailTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url }),
    };
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'donation_claimed',
        key: 'claim:b1',
        params: claimParams,
        links: { donation: '/donations/9' },
        purpose: 'donation_updates',
      },
      NOW,
    );
    expect(await drainMessages(t.db, tr, now)).toBe(1);
    const sent = brevo.emails.find((e) => e.to[0].email === u.email);
    expect(sent).toMatchObject({
      sender: { name: 'Surplus Link', email: 'noreply@surplus.test' },
      to: [{ email: u.email }],
      subject: 'Léa Martin is coming for your donation',
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(sent.htmlContent).toContain('https://surplus.test/donations/9');
    expect(sent.textContent).toContain('https://surplus.test/donations/9');
    expect(sent.headers['List-Unsubscribe']).toMatch(/^<https:\/\/surplus\.test\/unsubscribe\//);
  });

  it('a wrong key or a 5xx is tried again; a refused address (400) is marked failing', async () => {
    const u = await user('fr');
    const wrongKey: MessageTransports = {
      ...transports,
      mail: brevoMailTransport({ apiKey: 'nope', baseUrl: brevo.url }),
    };
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: 'reset:b2',
        params: {},
        links: { reset: '/password-reset/b' },
      },
      NOW,
    );
    await drainMessages(t.db, wrongKey, now);
    let [row] = await rows(u.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('401');
    brevo.invalid.add(u.email);
    const ok: MessageTransports = {
      ...transports,
      mail: brevoMailTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url }),
    };
    await drainMessages(t.db, ok, () => new Date(NOW.getTime() + 3_600_000));
    [row] = await rows(u.id);
    expect(row.status).toBe('failed');
    const after = await t.db
      .selectFrom('users')
      .select('email_failing_at')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(after.email_failing_at).not.toBeNull();
  });

  it('sends an SMS to the E.164 number without its +, and a number Brevo refuses is marked failing', async () => {
    const sms = brevoSmsTransport({
      apiKey: brevo.apiKey,
      baseUrl: brevo.url,
      sender: 'SurplusLink',
    });
    const tr: MessageTransports = { ...transports, sms };
    const good = await user('fr', '+33612345678');
    const bad = await user('en', '+33699999999');
    brevo.invalid.add('33699999999');
    for (const u of [good, bad])
      await queueSms(
        t.db,
        { userId: u.id, template: 'donation_claimed', key: 'claim:s1', params: claimParams },
        NOW,
      );
    expect(await drainMessages(t.db, tr, now)).toBe(1);
    expect(brevo.sms).toHaveLength(1);
    expect(brevo.sms[0]).toMatchObject({
      sender: 'SurplusLink',
      recipient: '33612345678',
      type: 'transactional',
    });
    expect(brevo.sms[0].content).toContain('Léa Martin (Épicerie du Cœur) vient chercher');
    const b = await t.db
      .selectFrom('users')
      .select('phone_failing_at')
      .where('id', '=', bad.id)
      .executeTakeFirstOrThrow();
    expect(b.phone_failing_at).not.toBeNull();
    expect(
      await queueSms(
        t.db,
        { userId: bad.id, template: 'donation_claimed', key: 'claim:s2', params: claimParams },
        NOW,
      ),
    ).toBe(false);
  });

  it('an SMS with no SMS transport configured is skipped, not sent elsewhere', async () => {
    const u = await user('fr', '+33611111111');
    await queueSms(
      t.db,
      { userId: u.id, template: 'donation_claimed', key: 'claim:s3', params: claimParams },
      NOW,
    );
    await drainMessages(t.db, transports, now);
    expect((await rows(u.id))[0].status).toBe('skipped');
  });
});

describe('no mail configured', () => {
  it('writes each e-mail as an .eml file under the mail folder', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'sl-mail-')), 'mail');
    const u = await user('fr');
    const tr: MessageTransports = { ...transports, mail: fileTransport(dir) };
    await queueEmail(
      t.db,
      {
        userId: u.id,
        template: 'password_reset',
        key: 'reset:eml',
        params: {},
        links: { reset: '/password-reset/e' },
      },
      NOW,
    );
    expect(await drainMessages(t.db, tr, now)).toBe(1);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const mail = await simpleParser(await readFile(join(dir, files[0])));
    expect(mail.subject).toBe('Choisir un nouveau mot de passe');
    expect(mail.text).toContain('https://surplus.test/password-reset/e');
  });
});
