import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorCache } from '../../src/accounts/actor-cache.js';
import { MessageDeliveryLoop } from '../../src/mail/delivery-loop.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { TestSmtpServer } from '../helpers/smtp-server.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
let transports: MessageTransports;
let env: ReturnType<typeof buildApp>;
let loop: MessageDeliveryLoop;

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
    },
  });
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

const fresh = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.org`;
const linkIn = (text: string | undefined) => {
  const m = /https:\/\/surplus\.test(\/email-confirmation\/[\w-]+)/.exec(text ?? '');
  if (!m) throw new Error(`no link in ${text}`);
  return m[1];
};
const userRow = (id: number) =>
  t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function signedInUser(opts: { confirmed?: boolean } = {}) {
  const u = await createUser(t.db, { email: fresh('user'), ...opts });
  const c = new Client(env.app);
  await c.signIn(u.email, PASSWORD);
  return { u, c };
}

/** Opens the link as a browser would: the page shows a button, the button confirms. */
async function openLink(path: string) {
  const c = new Client(env.app);
  const page = await c.get(path);
  if (page.status !== 200) return { page, done: null };
  expect(await page.text()).toContain('id="confirm-form"');
  return { page, done: await c.post(path, {}) };
}

describe('confirming the address given at sign-up, with a real SMTP server', () => {
  it('the mail of the sign-up carries a link that confirms the address once; a used, forged or expired one is refused clearly', async () => {
    const email = fresh('signup');
    const c = new Client(env.app);
    const res = await c.post('/signup', {
      kind: 'association',
      orgName: `Épicerie ${email}`,
      address: '3 place Sathonay',
      postcode: '69001',
      town: 'Lyon',
      lat: '45.7690',
      lng: '4.8290',
      yourName: 'Paul',
      email,
      password: 'solidarite-2026',
      passwordConfirm: 'solidarite-2026',
    });
    expect(res.status).toBe(303);
    const account = await (await c.get('/account')).text();
    expect(account).toContain('id="email-unconfirmed"');
    expect(await (await c.get('/')).text()).toContain('id="confirm-first"');
    const mail = await smtp.waitFor(email);
    expect(mail?.subject).toBe('Confirmez votre adresse e-mail');
    const path = linkIn(mail?.text);
    expect(mail?.html).toContain(`href="https://surplus.test${path}"`);
    const user = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.email_confirmed_at).toBeNull();
    // the token is stored hashed: the link's token is nowhere in the table
    const token = path.split('/').at(-1)!;
    const rows = await t.db.selectFrom('email_confirmations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);

    // opening the link changes nothing (a mail scanner opens links); the button does
    await new Client(env.app).get(path);
    expect((await userRow(user.id)).email_confirmed_at).toBeNull();
    const { done } = await openLink(path);
    expect(done!.status).toBe(200);
    expect(await done!.text()).toContain('Adresse confirmée');
    expect((await userRow(user.id)).email_confirmed_at).not.toBeNull();
    expect(await (await c.get('/account')).text()).not.toContain('id="email-unconfirmed"');
    expect(await (await c.get('/')).text()).not.toContain('id="confirm-first"');

    // used: refused, on the page and on the button, with a clear message and no 5xx
    const again = await new Client(env.app).get(path);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('il a déjà servi, il date de plus de 24 heures');
    expect((await new Client(env.app).post(path, {})).status).toBe(422);
    for (const forged of [
      '/email-confirmation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '/email-confirmation/short',
      `/email-confirmation/${'x'.repeat(300)}`,
      '/email-confirmation/%00%27%22',
    ]) {
      const r = await new Client(env.app).get(forged);
      expect(r.status, forged).toBe(422);
      expect((await new Client(env.app).post(forged, {})).status, forged).toBe(422);
    }
  });

  it('a link asked again works for 24 hours only, ends the previous one, and is throttled', async () => {
    const { u, c } = await signedInUser({ confirmed: false });
    const asked = await c.post('/account/confirmation', {});
    expect(asked.status).toBe(303);
    expect(await (await c.get(asked.headers.get('location')!)).text()).toContain(
      'Un nouveau lien vient d’être envoyé',
    );
    await smtp.waitFor(u.email);
    const first = linkIn(smtp.to(u.email).at(-1)?.text);
    expect((await c.post('/account/confirmation', {})).status).toBe(303);
    await expect.poll(() => smtp.to(u.email).length).toBe(2);
    const second = linkIn(smtp.to(u.email).at(-1)?.text);
    expect((await new Client(env.app).get(first)).status).toBe(422); // replaced by the second

    env.clock.advance(24 * 3_600_000 + 1_000);
    expect((await new Client(env.app).get(second)).status).toBe(422);
    expect((await userRow(u.id)).email_confirmed_at).toBeNull();

    // 5 an hour per account: the 6th is refused with a message, and sends nothing
    for (let i = 0; i < 5; i++)
      expect((await c.post('/account/confirmation', {})).status).toBe(303);
    const sixth = await c.post('/account/confirmation', {});
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await sixth.text()).toContain('Trop de liens demandés');
    await expect.poll(() => smtp.to(u.email).length).toBe(7);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.to(u.email).length).toBe(7);
  });
});

describe('changing the e-mail address from /account', () => {
  it('sends the link to the NEW address, changes nothing until it is opened, then tells the old one', async () => {
    const { u, c } = await signedInUser();
    const next = fresh('new');
    const asked = await c.post('/account/email', { email: `  ${next.toUpperCase()} ` });
    expect(asked.status).toBe(303);
    const page = await (await c.get('/account')).text();
    expect(page).toContain('id="email-pending"');
    expect(page).toContain(next);
    expect((await userRow(u.id)).email).toBe(u.email); // not yet

    const mail = await smtp.waitFor(next);
    expect(mail?.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    expect(smtp.to(u.email).length).toBe(0); // nothing to the old one yet
    const path = linkIn(mail?.text);
    const { done } = await openLink(path);
    expect(await done!.text()).toContain('votre compte utilise désormais cette adresse');
    const row = await userRow(u.id);
    expect(row.email).toBe(next);
    expect(row.email_confirmed_at).not.toBeNull();

    const notice = await smtp.waitFor(u.email);
    expect(notice?.subject).toBe('L’adresse e-mail de votre compte a changé');
    expect(notice?.text).toContain(`${next[0]}…@example.org`);
    expect(notice?.text).not.toContain(next); // masked
    // signed in still; the page shows the new address (the cached actor was forgotten)
    const after = await (await c.get('/account')).text();
    expect(after).toContain(next);
    expect(after).not.toContain('id="email-pending"');
    // the link served once
    expect((await new Client(env.app).post(path, {})).status).toBe(422);
    // the new address signs in, the old one no longer does
    await new Client(env.app).signIn(next, PASSWORD);
    expect(
      (await new Client(env.app).post('/signin', { email: u.email, password: PASSWORD })).status,
    ).toBe(401);
  });

  it('a new password ends a pending change link, and a confirmed change ends the reset links', async () => {
    const { u, c } = await signedInUser();
    const next = fresh('stolen');
    expect((await c.post('/account/email', { email: next })).status).toBe(303);
    const path = linkIn((await smtp.waitFor(next))?.text);
    // the owner takes their account back with a new password: the link asked before is dead
    const changed = await c.post('/account/password', {
      current: PASSWORD,
      password: 'Une-autre-phrase-longue-2026',
    });
    expect(changed.status).toBe(303);
    const { page } = await openLink(path);
    expect(page.status).toBe(422);
    expect((await userRow(u.id)).email).toBe(u.email);

    // a reset link mailed to the old address stops when the address changes
    const { u: v, c: cv } = await signedInUser();
    await t.db
      .insertInto('password_resets')
      .values({
        token_hash: 'x'.repeat(64),
        user_id: v.id,
        created_at: new Date(),
        expires_at: new Date(Date.now() + 3_600_000),
        used_at: null,
      })
      .execute();
    const moved = fresh('moved');
    await cv.post('/account/email', { email: moved });
    const { done } = await openLink(linkIn((await smtp.waitFor(moved))?.text));
    expect(done!.status).toBe(200);
    const reset = await t.db
      .selectFrom('password_resets')
      .select('used_at')
      .where('user_id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(reset.used_at).not.toBeNull();
  });

  it('an address used by another account gets the same answer; that account is told, no link leaves', async () => {
    const { u, c } = await signedInUser();
    const other = await createUser(t.db, { email: fresh('other') });
    const asked = await c.post('/account/email', { email: other.email });
    expect(asked.status).toBe(303);
    const page = await (await c.get('/account')).text();
    expect(page).toContain('id="email-pending"');
    expect(page).toContain(other.email);
    const told = await smtp.waitFor(other.email);
    expect(told?.subject).toBe('Votre adresse e-mail a été proposée pour un autre compte');
    expect(told?.text).not.toContain('/email-confirmation/');
    expect((await userRow(u.id)).email).toBe(u.email);
    expect((await userRow(other.id)).email).toBe(other.email);
  });

  it('refuses malformed addresses and its own, next to the field, without a 5xx', async () => {
    const { u, c } = await signedInUser();
    const own = await c.post('/account/email', { email: u.email.toUpperCase() });
    expect(own.status).toBe(422);
    expect(await own.text()).toContain('C’est déjà l’adresse de votre compte.');
    for (const bad of [
      '',
      'plainaddress',
      'a@b',
      'a b@example.org',
      '@example.org',
      'x@exa mple.org',
      `${'a'.repeat(250)}@example.org`,
      'a@example.org\u0000',
      'é<script>@example.org',
    ]) {
      const res = await c.post('/account/email', { email: bad });
      expect(res.status, bad).toBe(422);
      expect(await res.text(), bad).toMatch(/f-email-err/);
    }
  });

  it('a failing address (a 550 from the SMTP server) is shown, and a change clears the mark', async () => {
    const { u, c } = await signedInUser({ confirmed: false });
    smtp.reject.add(u.email.toLowerCase());
    expect((await c.post('/account/confirmation', {})).status).toBe(303);
    await expect
      .poll(async () => (await userRow(u.id)).email_failing_at, { timeout: 5_000 })
      .not.toBeNull();
    const page = await (await c.get('/account')).text();
    expect(page).toContain('id="email-failing"');
    expect(page).toContain('Les e-mails ne parviennent plus');

    // the link to the new address still leaves: the failing mark is on the old one
    const next = fresh('working');
    expect((await c.post('/account/email', { email: next })).status).toBe(303);
    const mail = await smtp.waitFor(next);
    await openLink(linkIn(mail?.text));
    const row = await userRow(u.id);
    expect(row.email).toBe(next);
    expect(row.email_failing_at).toBeNull();
    expect(await (await c.get('/account')).text()).not.toContain('id="email-failing"');
  });
});

describe('name, language and phone on /account', () => {
  it('saves the name and the language, which the pages then use', async () => {
    const { u, c } = await signedInUser();
    await c.get('/account?lang=fr'); // a language chosen before, kept in a cookie
    expect(c.cookies.get('lang')).toBe('fr');
    const res = await c.post('/account/profile', { name: '  Zoé Martin ', lang: 'en' });
    expect(res.status).toBe(303);
    const page = await (await c.get('/account')).text();
    expect(page).toContain('My account');
    expect(page).toContain('value="Zoé Martin"');
    expect((await userRow(u.id)).lang).toBe('en');
    for (const bad of [
      { name: '', lang: 'fr' },
      { name: 'x'.repeat(101), lang: 'fr' },
      { name: 'Zoé', lang: 'de' },
      { name: 'Zo\u0000é', lang: 'fr' },
    ]) {
      const r = await c.post('/account/profile', bad);
      expect(r.status, JSON.stringify(bad)).toBe(422);
    }
    expect((await userRow(u.id)).name).toBe('Zoé Martin');
  });

  it('stores French and international phones as E.164, refuses the malformed, and clears a failing mark on change', async () => {
    const { u, c } = await signedInUser();
    const cases: [string, string | null][] = [
      ['06 12 34 56 78', '+33612345678'],
      ['06.12.34.56.78', '+33612345678'],
      ['+33 (0)6 12 34 56 78', '+33612345678'],
      ['0033 6 12 34 56 78', '+33612345678'],
      ['+32 470 12 34 56', '+32470123456'],
      ['0044 20 7946 0958', '+442079460958'],
      ['+1 (415) 555-0100', '+14155550100'],
      ['', null],
    ];
    for (const [typed, stored] of cases) {
      expect((await c.post('/account/phone', { phone: typed })).status, typed).toBe(303);
      expect((await userRow(u.id)).phone, typed).toBe(stored);
    }
    for (const bad of [
      '12345',
      '06 12 34 56',
      '+33 6 12 34 56',
      '+0 123 456 789',
      'abc',
      '+1234567',
      '0'.repeat(40),
    ]) {
      const r = await c.post('/account/phone', { phone: bad });
      expect(r.status, bad).toBe(422);
      expect(await r.text(), bad).toContain('f-phone-err');
    }
    await c.post('/account/phone', { phone: '06 12 34 56 78' });
    await t.db
      .updateTable('users')
      .set({ phone_failing_at: env.clock.now() })
      .where('id', '=', u.id)
      .execute();
    env.deps.actorCache?.forgetUser(u.id);
    expect(await (await c.get('/account')).text()).toContain('id="phone-failing"');
    await c.post('/account/phone', { phone: '06 12 34 56 78' }); // the same number stays failing
    expect((await userRow(u.id)).phone_failing_at).not.toBeNull();
    await c.post('/account/phone', { phone: '06 98 76 54 32' });
    expect((await userRow(u.id)).phone_failing_at).toBeNull();
  });

  it('links to the notification choices and the API tokens', async () => {
    const { c } = await signedInUser();
    const page = await (await c.get('/account')).text();
    expect(page).toContain('href="/account/notifications"');
    expect(page).toContain('href="/account/tokens"');
  });
});

describe('invitations sent by e-mail', () => {
  it('the manager types an address: the link goes by mail, stays on the page to copy or share, and works', async () => {
    const { org, user: manager } = await createOrgWithUser(t.db, 'association', {
      name: 'Épicerie des Pentes',
    });
    await t.db.updateTable('users').set({ name: 'Inès' }).where('id', '=', manager.id).execute();
    const c = new Client(env.app);
    await c.signIn(manager.email, PASSWORD);
    const invited = fresh('invited');
    const res = await c.post(`/organisations/${org.id}/members`, {
      email: invited,
      name: 'Noé',
      role: 'member',
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Invitation envoyée par e-mail à');
    const shown = /value="(https:\/\/surplus\.test\/invitations\/[\w-]+)"/.exec(page)?.[1];
    expect(shown).toBeTruthy();
    // the buttons come from share.js where the browser can; the page carries their link
    expect(page).toContain(`data-share-url="${shown}"`);
    expect(page).not.toContain('<button type="button"');
    expect(page).toContain('src="/static/share.js"');
    expect(page).not.toMatch(/<script>(?!<\/script>)/); // no inline script

    const mail = await smtp.waitFor(invited);
    expect(mail?.subject).toBe('Invitation à rejoindre Épicerie des Pentes sur Surplus Link');
    expect(mail?.text).toContain('Inès vous invite à rejoindre Épicerie des Pentes');
    expect(mail?.text).toContain(shown!);
    // once sent, the link is no longer kept in the outbox
    const payloads = async () =>
      JSON.stringify(
        await t.db
          .selectFrom('push_deliveries')
          .select('payload')
          .where('address', '=', invited)
          .execute(),
      );
    await expect.poll(payloads).not.toContain('/invitations/');
    const open = await new Client(env.app).get(new URL(shown!).pathname);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('Choisissez votre mot de passe');
  });
});

describe('the phone on /account', () => {
  it('says who sees it: the shop for an association member, nobody among associations otherwise', async () => {
    for (const [kind, words] of [
      ['association', 'Montré au commerce quand vous réservez'],
      ['shop', 'les associations ne le voient pas'],
    ] as const) {
      const { user } = await createOrgWithUser(t.db, kind, {});
      const c = new Client(env.app);
      await c.signIn(user.email, PASSWORD);
      const page = await (await c.get('/account')).text();
      expect(page).toContain(words);
    }
  });
});
