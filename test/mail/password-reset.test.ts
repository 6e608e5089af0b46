import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorCache } from '../../src/accounts/actor-cache.js';
import { MessageDeliveryLoop } from '../../src/mail/delivery-loop.js';
import { queueEmail } from '../../src/mail/outbox.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { ApiClient, apiAs, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
let env: ReturnType<typeof buildApp>;
let loop: MessageDeliveryLoop;
const NEW_PASSWORD = 'Tulipe-orageuse-vélo-1987';

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  transports = smtp.transports();
  const events = new MemoryBus(100);
  env = buildApp(t.db, {
    events,
    actorCache: new ActorCache(60_000),
    config: {
      pushAllowInsecureEndpoints: true,
      vapidSubject: 'mailto:test@example.org',
      publicUrl: 'https://surplus.test',
      trustProxy: 1,
    },
  });
  // the sender as Node runs it: woken by the bus, after commit
  loop = new MessageDeliveryLoop(() => drainMessages(t.db, transports, env.clock.now), {
    events,
    pollMs: 60_000,
  }).start();
});
afterAll(async () => {
  await loop?.stop();
  await transports?.mail.close?.();
  await smtp.stop();
  await t?.close();
});

let ip = 0;
/** Each call from its own client address (X-Forwarded-For, one trusted proxy). */
function asker(from = `198.51.100.${++ip % 250}`) {
  return (email: unknown) =>
    env.app.request('http://localhost/api/v1/password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email }),
    });
}

const linkIn = (text: string) => {
  const m = /https:\/\/surplus\.test(\/password-reset\/[\w-]+)/.exec(text);
  if (!m) throw new Error(`no link in ${text}`);
  return m[1];
};

describe('password reset, end to end over HTTP with a real SMTP server', () => {
  it('the link of the received mail opens the page, sets the password once, and ends every session and token', async () => {
    const u = await createUser(t.db);
    const browser = new Client(env.app);
    await browser.signIn(u.email, PASSWORD);
    const api = await apiAs(env.app, u.email, PASSWORD);
    expect((await api.get('/tokens')).status).toBe(200); // cached by the actor cache now

    const signin = await new Client(env.app).get('/signin');
    expect(await signin.text()).toContain('href="/password-reset"');
    const asking = new Client(env.app);
    const page = await asking.get('/password-reset');
    expect(await page.text()).toContain('Mot de passe oublié');
    const sent = await asking.post('/password-reset', { email: u.email.toUpperCase() });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('id="reset-sent"');

    const mail = await smtp.waitFor(u.email);
    expect(mail?.subject).toBe('Choisir un nouveau mot de passe');
    const path = linkIn(mail!.text!);
    expect(mail!.html).toContain(`href="https://surplus.test${path}"`);
    const stored = await t.db
      .selectFrom('password_resets')
      .selectAll()
      .where('user_id', '=', u.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(path.split('/').pop()); // hashed
    expect(stored[0].expires_at.getTime() - stored[0].created_at.getTime()).toBe(3_600_000);
    const outboxRows = () =>
      t.db
        .selectFrom('push_deliveries')
        .select(['payload', 'status'])
        .where('user_id', '=', u.id)
        .execute();
    // the SMTP server has the mail a moment before the sender records it
    for (let i = 0; i < 50 && (await outboxRows())[0].status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const outbox = await outboxRows();
    expect(outbox[0].status).toBe('sent');
    expect(JSON.stringify(outbox)).not.toContain(path.split('/').pop()); // the link left the row once sent

    const form = await asking.get(path);
    expect(form.status).toBe(200);
    expect(form.headers.get('referrer-policy')).toBe('same-origin'); // the token never leaves in a Referer
    expect(await form.text()).toContain('name="password"');
    // too weak: said next to the field, and the link still works
    const weak = await asking.post(path, { password: 'motdepasse' });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('class="error" id="f-password-err"');
    const done = await asking.post(path, { password: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/signin?reset=1');

    // the old session and the (cached) API token end at once
    expect((await browser.get('/account')).status).toBe(303);
    expect((await api.get('/tokens')).status).toBe(401);
    await expect(new Client(env.app).signIn(u.email, PASSWORD)).rejects.toThrow();
    await new Client(env.app).signIn(u.email, NEW_PASSWORD);

    // once only: the page and the API refuse it now
    const again = await asking.get(path);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('id="reset-invalid"');
    const apiAgain = await new ApiClient(env.app).post('/password-reset/confirm', {
      token: path.split('/').pop(),
      password: 'Another-long-pass-phrase-9',
    });
    expect(apiAgain.status).toBe(422);
    expect(apiAgain.body.error.code).toBe('invalid_reset_token');
  });

  it('in English for an English speaker, and through the API: 202, then 204', async () => {
    const u = await createUser(t.db);
    await t.db.updateTable('users').set({ lang: 'en' }).where('id', '=', u.id).execute();
    expect((await asker()(u.email)).status).toBe(202);
    const mail = await smtp.waitFor(u.email);
    expect(mail?.subject).toBe('Choose a new password');
    expect(mail!.text).toContain('This link works for one hour, once.');
    const token = linkIn(mail!.text!).split('/').pop();
    const res = await new ApiClient(env.app).post('/password-reset/confirm', {
      token,
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(204);
  });

  it('the same 202 for an address with no account, and no mail', async () => {
    const before = smtp.mails.length;
    const res = await asker()('nobody-here@example.org');
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    await loop.stop();
    loop.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.mails.length).toBe(before);
  });

  it('refuses malformed addresses next to the field, never a 5xx', async () => {
    for (const bad of [
      '',
      'pas-une-adresse',
      'a@b',
      'x'.repeat(300) + '@example.org',
      'a b@example.org',
      '<x@example.org>',
    ]) {
      const res = await asker()(bad);
      expect(res.status, bad).toBe(422);
      const body = await res.json();
      expect(body.error.fields.email).toBeTruthy();
    }
    expect((await asker()(42)).status).toBe(422);
    const notJson = await env.app.request('http://localhost/api/v1/password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const form = await new Client(env.app).post('/password-reset', { email: 'pas-une-adresse' });
    expect(form.status).toBe(422);
    expect(await form.text()).toContain('id="f-email-err"');
  });

  it('refuses a forged, a malformed and an expired token with 422', async () => {
    const api = new ApiClient(env.app);
    for (const token of ['A'.repeat(43), '../../etc', '', 'x'.repeat(150)]) {
      const res = await api.post('/password-reset/confirm', { token, password: NEW_PASSWORD });
      expect(res.status, token).toBe(422);
    }
    expect(
      (await new Client(env.app).get('/password-reset/forged-token-aaaaaaaaaaaaaaaaaaaa')).status,
    ).toBe(422);
    const u = await createUser(t.db);
    await asker()(u.email);
    const mail = await smtp.waitFor(u.email);
    const token = linkIn(mail!.text!).split('/').pop();
    env.clock.advance(61 * 60_000);
    try {
      const res = await api.post('/password-reset/confirm', { token, password: NEW_PASSWORD });
      expect(res.status).toBe(422);
    } finally {
      env.clock.advance(-61 * 60_000);
    }
  });

  it('asked 50 times at once for one address: the same answer each time, 3 mails', async () => {
    const u = await createUser(t.db);
    const answers = await Promise.all(Array.from({ length: 50 }, () => asker()(u.email)));
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(202));
    const rows = await t.db
      .selectFrom('password_resets')
      .select('token_hash')
      .where('user_id', '=', u.id)
      .execute();
    expect(rows).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 300));
    loop.wake();
    for (let i = 0; i < 50 && smtp.to(u.email).length < 3; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(smtp.to(u.email)).toHaveLength(3);
  });

  it('one client asking too often waits (429), the same for known and unknown addresses', async () => {
    const u = await createUser(t.db);
    const ask = asker('203.0.113.7');
    for (let i = 0; i < 20; i++)
      expect((await ask(i % 2 ? u.email : `x${i}@example.org`)).status).toBe(202);
    const known = await ask(u.email);
    const unknown = await ask('nobody@example.org');
    expect([known.status, unknown.status]).toEqual([429, 429]);
    expect(known.headers.get('retry-after')).toBeTruthy();
    expect((await known.json()).error).toEqual((await unknown.json()).error);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('the link page changes nothing; the mail program’s POST, with no cookie, stops that kind of message', async () => {
    const u = await createUser(t.db);
    const m = {
      userId: u.id,
      template: 'donation_claimed',
      params: {
        driver: 'A',
        association: 'B',
        description: 'C',
        kg: 1,
        claimedAt: 'x',
        from: 'y',
        until: 'z',
      },
      purpose: 'donation_updates',
    };
    await queueEmail(t.db, { ...m, key: 'claim:u1' }, env.clock.now());
    loop.wake();
    const mail = await smtp.waitFor(u.email);
    const url = /<https:\/\/surplus\.test(\/unsubscribe\/[\w-]+)>/.exec(
      mail!.headerLines.find((h) => h.key === 'list-unsubscribe')!.line,
    )![1];
    const page = await env.app.request(`http://localhost${url}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="${url}"`);
    expect(
      await t.db.selectFrom('mail_opt_outs').selectAll().where('user_id', '=', u.id).execute(),
    ).toHaveLength(0);
    const post = await env.app.request(`http://localhost${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('id="unsub-done"');
    expect(
      await t.db
        .selectFrom('mail_opt_outs')
        .select('purpose')
        .where('user_id', '=', u.id)
        .execute(),
    ).toEqual([{ purpose: 'donation_updates' }]);
    expect(await queueEmail(t.db, { ...m, key: 'claim:u2' }, env.clock.now())).toBe(false);
    // an essential message still goes
    expect(
      await queueEmail(t.db, { ...m, purpose: undefined, key: 'claim:u3' }, env.clock.now()),
    ).toBe(true);
    const forged = await env.app.request(
      'http://localhost/unsubscribe/forged-aaaaaaaaaaaaaaaaaaaaaaaa',
      {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(forged.status).toBe(404);
    // any other POST still needs its CSRF token
    const other = await env.app.request('http://localhost/password-reset', {
      method: 'POST',
      body: 'email=a@b.fr',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(other.status).toBe(403);
  });
});
