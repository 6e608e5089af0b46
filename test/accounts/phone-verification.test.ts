import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPhoneCode } from '../../src/accounts/phone-verification.js';
import { brevoSmsTransport } from '../../src/mail/brevo.js';
import { fileSmsTransport } from '../../src/mail/node-transports.js';
import { queueSms } from '../../src/mail/outbox.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { TooManyAttemptsError } from '../../src/shared/errors.js';
import { apiAs, signedIn, type Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { FakeBrevo, TestSmtpServer } from '../helpers/smtp-server.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

// Issue 14: SMS go only to a number its owner proved, by a code sent there by SMS (6 digits,
// stored hashed, 10 minutes, 5 tries, throttled per account and per number), through the outbox
// and Brevo's SMS API (a local server playing it), or a .txt file with no SMS configured.

let t: TestDatabase;
let env: ReturnType<typeof strictApp>;
const smtp = new TestSmtpServer();
const brevo = new FakeBrevo();
let transports: MessageTransports;

beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  await brevo.start();
  transports = smtp.transports({
    sms: brevoSmsTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url }),
  });
  env = strictApp(t.db);
});
afterAll(async () => {
  await transports?.mail.close?.();
  await smtp.stop();
  await brevo.stop();
  await t?.close();
});
useNoServerErrors();

let n = 0;
/** An association member with a French number of their own (not verified), signed in. */
async function member() {
  const o = await createOrgWithUser(t.db, 'association', {}, 'member');
  const phone = `06 12 ${String(10 + (n % 90)).padStart(2, '0')} ${String(Math.floor(n / 90) + 10).padStart(2, '0')} 0${n % 10}`;
  n++;
  const client = await signedIn(env.app, o.user.email);
  expect((await client.post('/account/phone', { phone })).status).toBe(303);
  const e164 = `+33${phone.replace(/\s/g, '').slice(1)}`;
  return { ...o, client, phone: e164 };
}

/** Sends what waits, and the last code Brevo got for `e164`. */
async function codeSentTo(e164: string) {
  await drainMessages(t.db, transports, env.clock.now);
  const sms = brevo.sms.filter((s) => s.recipient === e164.slice(1)).at(-1);
  return /\b(\d{6})\b/.exec(sms?.content ?? '')?.[1];
}

const verifiedAt = async (id: number) =>
  (
    await t.db
      .selectFrom('users')
      .select('phone_verified_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).phone_verified_at;

const accountPage = async (c: Client) => (await c.get('/account')).text();

describe('verifying the number by a code sent by SMS', () => {
  it('the account page says unverified, the code goes through Brevo, typed back it verifies', async () => {
    const m = await member();
    let html = await accountPage(m.client);
    expect(html).toContain('id="phone-unverified"');
    expect(html).toContain('Recevoir un code par SMS');
    expect(html).not.toContain('id="f-code"'); // no code asked yet
    const sent = await m.client.post('/account/phone/code');
    expect(sent.status).toBe(303);
    const code = await codeSentTo(m.phone);
    expect(code).toMatch(/^\d{6}$/);
    const sms = brevo.sms.at(-1);
    expect(sms).toMatchObject({ recipient: m.phone.slice(1), type: 'transactional' });
    expect(sms.content).toContain('Surplus Link : votre code de vérification est');
    // stored hashed; the outbox row keeps no code once sent
    const row = await t.db
      .selectFrom('phone_codes')
      .selectAll()
      .where('user_id', '=', m.user.id)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(code!);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(10 * 60_000);
    const outbox = await t.db
      .selectFrom('push_deliveries')
      .select(['status', 'payload'])
      .where('user_id', '=', m.user.id)
      .where('channel', '=', 'sms')
      .execute();
    expect(outbox.map((r) => r.status)).toEqual(['sent']);
    expect(JSON.stringify(outbox[0].payload)).not.toContain(code!);

    html = await accountPage(m.client);
    expect(html).toContain('id="f-code"');
    expect(html).toContain('autocomplete="one-time-code"');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await m.client.post('/account/phone/verification', { code: wrong });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-code-err"');
    expect(badHtml).toMatch(
      /<p class="error" id="f-code-err">Code incorrect : il vous reste 4 essais\.<\/p>/,
    );
    // the answer opens on the code's form (no script): the form's action names its anchor
    expect(html).toContain('action="/account/phone/verification#phone-code" id="phone-code"');
    expect(badHtml).toContain('action="/account/phone/verification#phone-code" id="phone-code"');
    const shape = await m.client.post('/account/phone/verification', { code: '12a' });
    expect(shape.status).toBe(422);
    expect(await shape.text()).toContain('Saisissez les 6 chiffres du code.');
    const ok = await m.client.post('/account/phone/verification', {
      code: `${code!.slice(0, 3)} ${code!.slice(3)}`,
    });
    expect(ok.status).toBe(303);
    expect(await verifiedAt(m.user.id)).not.toBeNull();
    html = await accountPage(m.client);
    expect(html).toContain('id="phone-verified"');
    expect(html).not.toContain('id="phone-unverified"');
    // the code is spent
    expect((await m.client.post('/account/phone/verification', { code: code! })).status).toBe(422);
  });

  it('SMS are refused as a channel until the number is verified (page and API), and a new number is unverified again', async () => {
    const m = await member();
    const api = await apiAs(env.app, m.user.email, PASSWORD);
    const refused = await m.client.post('/account/notifications', { c_donation_alert: 'sms' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Vérifiez d’abord votre numéro');
    expect(await (await m.client.get('/account/notifications')).text()).toContain(
      'id="phone-unverified"',
    );
    const byApi = await api.call('PUT', '/me/notifications', {
      kinds: { donation_alert: ['sms'] },
    });
    expect(byApi.status).toBe(422);
    expect(byApi.body.error.fields['kinds.donation_alert']).toBeTruthy();
    expect((await api.get('/me/notifications')).body.available).not.toContain('sms');
    expect((await api.get('/me')).body).toMatchObject({ phone: m.phone, phoneVerified: false });
    // nor does anything else go to it by SMS
    expect(
      await queueSms(
        t.db,
        { userId: m.user.id, template: 'password_reset', key: 'x:1', params: {}, links: {} },
        env.clock.now(),
      ),
    ).toBe(false);

    // verified through the API
    expect((await api.post('/me/phone/code')).status).toBe(202);
    const code = await codeSentTo(m.phone);
    expect((await api.post('/me/phone/verification', { code: '1' })).status).toBe(422);
    const done = await api.post('/me/phone/verification', { code: code! });
    expect(done.status).toBe(200);
    expect(done.body.phoneVerified).toBe(true);
    expect((await api.post('/me/phone/code')).body).toEqual({ sent: false });
    const chosen = await m.client.post('/account/notifications', { c_donation_alert: 'sms' });
    expect(chosen.status).toBe(303);

    // an SMS queued for the verified number, then the number changes: it does not leave
    expect(
      await queueSms(
        t.db,
        {
          userId: m.user.id,
          template: 'password_reset',
          key: 'x:2',
          params: {},
          links: { reset: '/r' },
        },
        env.clock.now(),
      ),
    ).toBe(true);
    const other = await api.patch('/me', { phone: '07 98 76 54 32' });
    expect(other.body).toMatchObject({ phone: '+33798765432', phoneVerified: false });
    const before = brevo.sms.length;
    await drainMessages(t.db, transports, env.clock.now);
    expect(brevo.sms.length).toBe(before);
    const skipped = await t.db
      .selectFrom('push_deliveries')
      .select('status')
      .where('user_id', '=', m.user.id)
      .where('message_key', '=', 'x:2')
      .executeTakeFirstOrThrow();
    expect(skipped.status).toBe('skipped');
    expect(await accountPage(m.client)).toContain('id="phone-unverified"');
  });

  it('a wrong code says how many tries are left (page in French, API in English), then that a new code is needed', async () => {
    const m = await member();
    await m.client.post('/account/phone/code');
    const code = (await codeSentTo(m.phone))!;
    const wrong = String((Number(code) + 3) % 1_000_000).padStart(6, '0');
    const said: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await m.client.post('/account/phone/verification', { code: wrong });
      expect(r.status).toBe(422);
      said.push(/id="f-code-err">([^<]*)</.exec(await r.text())?.[1] ?? '');
    }
    expect(said).toEqual([
      'Code incorrect : il vous reste 4 essais.',
      'Code incorrect : il vous reste 3 essais.',
    ]);
    const api = await apiAs(env.app, m.user.email, PASSWORD);
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await api.post('/me/phone/verification', { code: wrong }));
    expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422]);
    expect(answers.map((a) => a.body.error.fields.code)).toEqual([
      'Wrong code: 2 tries left.',
      'Wrong code: 1 try left.',
      'Wrong code, and that was the last try: ask for a new code.',
      'This code no longer works (over 10 minutes, or 5 tries): ask for a new one.',
    ]);
    expect(answers[1].body.error).toMatchObject({
      code: 'invalid_phone_code',
      message: 'Wrong code: 1 try left.',
    });
    // the page no longer asks for that code; the button asks for a new one
    const html = await accountPage(m.client);
    expect(html).not.toContain('id="f-code"');
    expect(html).toContain('Recevoir un code par SMS');
    expect(await verifiedAt(m.user.id)).toBeNull();
  });

  it('5 tries, then the code is dead, even the right one; a code is dead after 10 minutes', async () => {
    const m = await member();
    await m.client.post('/account/phone/code');
    const code = (await codeSentTo(m.phone))!;
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    const tries = await Promise.all(
      Array.from({ length: 7 }, () =>
        m.client.post('/account/phone/verification', { code: wrong }),
      ),
    );
    expect(tries.every((r) => r.status === 422)).toBe(true);
    // each concurrent try was counted once: the tries left they say are all different
    const said = await Promise.all(
      tries.map(
        async (r) =>
          /class="error" id="f-(?:phone-)?code-err"(?: role="alert")?>([^<]*)</.exec(
            await r.text(),
          )?.[1],
      ),
    );
    expect(said.sort()).toEqual(
      [
        'Code incorrect : il vous reste 4 essais.',
        'Code incorrect : il vous reste 3 essais.',
        'Code incorrect : il vous reste 2 essais.',
        'Code incorrect : il vous reste 1 essai.',
        'Code incorrect, et c’était le dernier essai : demandez un nouveau code.',
        'Ce code ne vaut plus (plus de 10 minutes, ou 5 essais) : demandez-en un nouveau.',
        'Ce code ne vaut plus (plus de 10 minutes, ou 5 essais) : demandez-en un nouveau.',
      ].sort(),
    );
    const counted = await t.db
      .selectFrom('phone_codes')
      .select('tries')
      .where('user_id', '=', m.user.id)
      .executeTakeFirstOrThrow();
    expect(counted.tries).toBe(5);
    const late = await m.client.post('/account/phone/verification', { code });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('Ce code ne vaut plus');
    expect(await verifiedAt(m.user.id)).toBeNull();

    const m2 = await member();
    await m2.client.post('/account/phone/code');
    const code2 = (await codeSentTo(m2.phone))!;
    env.clock.advance(10 * 60_000);
    try {
      expect((await m2.client.post('/account/phone/verification', { code: code2 })).status).toBe(
        422,
      );
      expect(await verifiedAt(m2.user.id)).toBeNull();
    } finally {
      env.clock.advance(-10 * 60_000);
    }
  });

  it('throttled per account (3 an hour) and per number (5 a day), counted atomically', async () => {
    const m = await member();
    const asks = await Promise.all(
      Array.from({ length: 8 }, () => m.client.post('/account/phone/code')),
    );
    expect(asks.filter((r) => r.status === 303)).toHaveLength(3);
    const throttled = asks.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(5);
    expect(throttled[0].headers.get('retry-after')).toBeTruthy();
    expect(await throttled[0].text()).toContain('Trop de codes demandés');
    const queued = await t.db
      .selectFrom('push_deliveries')
      .select('id')
      .where('user_id', '=', m.user.id)
      .where('message_key', 'like', 'phone_code:%')
      .execute();
    expect(queued).toHaveLength(3);

    // the same number on two more accounts: 5 codes a day to it, whoever asks
    const others = [await member(), await member()];
    for (const o of others)
      await t.db.updateTable('users').set({ phone: m.phone }).where('id', '=', o.user.id).execute();
    const now = env.clock.now();
    const results = [];
    for (const o of others)
      for (let i = 0; i < 2; i++)
        results.push(
          await requestPhoneCode(t.db, o.user.id, now).catch((e: unknown) =>
            e instanceof TooManyAttemptsError ? 'throttled' : Promise.reject(e),
          ),
        );
    expect(results).toEqual([true, true, 'throttled', 'throttled']);
  });

  it('with no SMS configured, the code is written to a file under DATA_DIR/sms', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sl-sms-'));
    const m = await member();
    await m.client.post('/account/phone/code');
    await drainMessages(
      t.db,
      { ...transports, sms: fileSmsTransport(join(dir, 'sms')) },
      env.clock.now,
    );
    const texts = await Promise.all(
      (await readdir(join(dir, 'sms'))).map((f) => readFile(join(dir, 'sms', f), 'utf8')),
    );
    const mine = texts.filter((x) => x.startsWith(`To: ${m.phone}\n`));
    expect(mine).toHaveLength(1);
    const text = mine[0];
    const code = /\b(\d{6})\b/.exec(text)![1];
    expect((await m.client.post('/account/phone/verification', { code })).status).toBe(303);
  });
});
