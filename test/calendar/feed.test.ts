import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/accounts/tokens.js';
import { CALENDAR_FETCHES_PER_HOUR } from '../../src/calendar/feeds.js';
import { buildApp, Client, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markClaimed, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { icalDate, parseCalendar } from './ical-parse.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

// the test clock starts at 2026-11-27T09:00 Paris
const at = (h: number) => new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000);

async function world() {
  const { app, clock } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { name: 'Boulangerie Léa' });
  const otherShop = await createOrgWithUser(t.db, 'shop');
  const assoc = await createOrgWithUser(t.db, 'association', { name: 'Épicerie du Plateau' });
  const driver = await createUser(t.db, { organisationId: assoc.org.id, role: 'member' });
  const rival = await createOrgWithUser(t.db, 'association');
  const window = { pickup_from: at(2), pickup_until: at(4) };
  const ours = await createDonation(t.db, { shopId: shop.org.id, ...window });
  await markClaimed(t.db, ours.id, assoc.org.id, at(0));
  const taken = await createDonation(t.db, { shopId: otherShop.org.id, ...window });
  await markPickedUp(t.db, taken.id, { associationId: assoc.org.id, at: at(1) });
  const theirs = await createDonation(t.db, { shopId: shop.org.id, ...window });
  await markClaimed(t.db, theirs.id, rival.org.id, at(0));
  const open = await createDonation(t.db, { shopId: shop.org.id, ...window });
  const elsewhere = await createDonation(t.db, { shopId: otherShop.org.id, ...window });
  const old = await createDonation(t.db, {
    shopId: shop.org.id,
    pickup_from: at(-24 * 40),
    pickup_until: at(-24 * 40 + 2),
  });
  await markClaimed(t.db, old.id, assoc.org.id, at(-24 * 41));
  return {
    app,
    clock,
    shop,
    otherShop,
    assoc,
    driver,
    rival,
    ours,
    taken,
    theirs,
    open,
    elsewhere,
  };
}

/** Make the calendar URL on /account/calendar as the person would, and read it off the page. */
async function makeFeed(client: Client) {
  const res = await client.post('/account/calendar');
  expect(res.status).toBe(200);
  const html = await res.text();
  const url = /id="calendar-address" readonly="" value="([^"]+)"/.exec(html)?.[1];
  expect(url).toMatch(/^http:\/\/localhost\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  expect(html).toContain(`href="${url!.replace('http:', 'webcal:')}"`);
  return url!;
}

/** Fetch the feed as a calendar program does: no cookie, no session. */
async function fetchFeed(app: ReturnType<typeof buildApp>['app'], url: string) {
  return app.request(url);
}

describe(`calendar feed (${process.env.TEST_DB})`, () => {
  it('a driver gets their association’s pickups, and nothing of another association or shop', async () => {
    const w = await world();
    const url = await makeFeed(await signedIn(w.app, w.driver.email, PASSWORD));
    const res = await fetchFeed(w.app, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('private');
    const { calendar, events } = parseCalendar(await res.text());
    expect(calendar.VERSION).toBe('2.0');
    expect(calendar.PRODID).toBeTruthy();
    const uids = events.map((e) => e.UID).sort();
    expect(uids).toEqual([`donation-${w.ours.id}@localhost`, `donation-${w.taken.id}@localhost`]);
    const ev = events.find((e) => e.UID === `donation-${w.ours.id}@localhost`)!;
    expect(icalDate(ev.DTSTART)).toEqual(at(2));
    expect(icalDate(ev.DTEND)).toEqual(at(4));
    expect(icalDate(ev.DTSTAMP)).toEqual(w.clock.now());
    expect(ev.STATUS).toBe('CONFIRMED');
    expect(ev.SUMMARY).toBe('Collecte : 5 kg (Boulangerie) chez Boulangerie Léa');
    expect(ev.LOCATION).toContain('Boulangerie Léa, ');
    expect(ev.URL).toBe(`http://localhost/donations/${w.ours.id}`);
    // never the handover code (a calendar URL is handed to calendar services)
    expect(JSON.stringify(events)).not.toContain('1234');
  });

  it('a shop gets its own donations: open ones tentative, claimed ones with who claimed', async () => {
    const w = await world();
    const url = await makeFeed(await signedIn(w.app, w.shop.user.email, PASSWORD));
    const { events } = parseCalendar(await (await fetchFeed(w.app, url)).text());
    const byId = new Map(events.map((e) => [e.UID.split('@')[0], e]));
    expect([...byId.keys()].sort()).toEqual(
      [w.ours.id, w.theirs.id, w.open.id].map((id) => `donation-${id}`).sort(),
    );
    expect(byId.get(`donation-${w.open.id}`)!.STATUS).toBe('TENTATIVE');
    expect(byId.get(`donation-${w.ours.id}`)!.DESCRIPTION).toContain(
      'Réservé par Épicerie du Plateau',
    );
  });

  it('hostile descriptions are escaped and long lines folded at 75 octets, read back unchanged', async () => {
    const w = await world();
    const hostile =
      'Pains; viennoiseries, brioches \\ "spéciales"\nBEGIN:VEVENT\r\nSUMMARY:piège\nÉclairs à la crème, œufs, 🍞🥐 '.repeat(
        4,
      );
    const d = await createDonation(t.db, {
      shopId: w.shop.org.id,
      description: hostile,
      pickup_from: at(5),
      pickup_until: at(6),
    });
    const url = await makeFeed(await signedIn(w.app, w.shop.user.email, PASSWORD));
    const text = await (await fetchFeed(w.app, url)).text();
    expect(text).toMatch(/\r\n [^\r\n]/); // some lines were folded
    const { events } = parseCalendar(text);
    const ev = events.find((e) => e.UID.startsWith(`donation-${d.id}@`))!;
    expect(ev.DESCRIPTION.split('\n').slice(0, -1).join('\n')).toBe(hostile.replace(/\r\n/g, '\n'));
    // the injected line stayed inside the description: still as many events as donations
    expect(events.filter((e) => e.SUMMARY === 'piège')).toEqual([]);
  });

  it('the URL is kept hashed; a new one replaces the old; revoking stops it at once', async () => {
    const w = await world();
    const client = await signedIn(w.app, w.driver.email, PASSWORD);
    const first = await makeFeed(client);
    const token = first.split('/').pop()!.replace('.ics', '');
    const row = await t.db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('user_id', '=', w.driver.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(await sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const second = await makeFeed(client);
    expect((await fetchFeed(w.app, first)).status).toBe(404);
    expect((await fetchFeed(w.app, second)).status).toBe(200);
    const page = await (await client.get('/account/calendar')).text();
    expect(page).not.toContain(second); // shown once only
    expect(page).toContain('Dernière lecture');
    const revoked = await client.post('/account/calendar/revocation');
    expect(revoked.status).toBe(303);
    expect((await fetchFeed(w.app, second)).status).toBe(404);
    expect(await (await client.get('/account/calendar?revoked=1')).text()).toContain(
      'ne fonctionne plus',
    );
  });

  it('malformed or unknown secrets are 404; the page needs a session', async () => {
    const w = await world();
    for (const path of [
      '/calendar/x.ics',
      `/calendar/${'A'.repeat(43)}.ics`,
      `/calendar/${'A'.repeat(43)}`,
      `/calendar/${'%27'.repeat(43)}.ics`,
    ])
      expect((await w.app.request(`http://localhost${path}`)).status).toBe(404);
    const res = await w.app.request('http://localhost/account/calendar');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/signin');
  });

  it(`reads are limited to ${CALENDAR_FETCHES_PER_HOUR} an hour per URL`, async () => {
    const w = await world();
    const url = await makeFeed(await signedIn(w.app, w.rival.user.email, PASSWORD));
    const statuses = await Promise.all(
      Array.from(
        { length: CALENDAR_FETCHES_PER_HOUR + 5 },
        async () => (await fetchFeed(w.app, url)).status,
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(CALENDAR_FETCHES_PER_HOUR);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const held = await fetchFeed(w.app, url);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(3000);
    w.clock.advance(3_600_000);
    expect((await fetchFeed(w.app, url)).status).toBe(200);
  });

  it('a member who leaves the association no longer sees its pickups; a new password ends the URL', async () => {
    const w = await world();
    const client = await signedIn(w.app, w.driver.email, PASSWORD);
    const url = await makeFeed(client);
    await t.db
      .deleteFrom('memberships')
      .where('user_id', '=', w.driver.id)
      .where('organisation_id', '=', w.assoc.org.id)
      .execute();
    const { events } = parseCalendar(await (await fetchFeed(w.app, url)).text());
    expect(events).toEqual([]);
    const changed = await client.post('/account/password', {
      current: PASSWORD,
      password: 'une-autre-phrase-de-passe-longue',
    });
    expect(changed.status).toBe(303);
    expect((await fetchFeed(w.app, url)).status).toBe(404);
  });
});
