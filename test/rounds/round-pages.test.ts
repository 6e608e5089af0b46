import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/shared/time.js';
import { signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { markClaimed } from '../helpers/donation-factories.js';
import { codeOf, north, roundWorld, START, stopOrder } from './world.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const unescape = (s: string) => s.replaceAll('&amp;', '&');
const at = (p: { lat: number; lng: number }) => `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`;

describe('a round of 5 stops on the site', () => {
  it('is claimed from the boxes ticked, ordered with its windows, refused at one stop, confirmed at the others', async () => {
    const w = await roundWorld(t.db);
    const n1 = await w.donationAt(1);
    const n2 = await w.donationAt(2);
    const n3 = await w.donationAt(3);
    const n4 = await w.donationAt(4, 90); // opens in 90 minutes
    // 2 km south, closing in 12 minutes: first, or its window is missed
    const s2 = await w.donationAt(-2, 0, 12);
    const driver = await signedIn(w.app, w.assoc.user.email);

    const feed = await (await driver.get('/feed')).text();
    expect(feed).toContain('href="/rounds/new"');
    const page = await (await driver.get('/rounds/new')).text();
    for (const d of [n1, n2, n3, n4, s2])
      expect(page).toContain(`name="donationIds" value="${d.id}"`);

    const made = await driver.post('/rounds', {
      donationIds: [n3, s2, n1, n4, n2].map((d) => String(d.id)),
    });
    expect(made.status).toBe(303);
    const path = made.headers.get('location')!;
    expect(path).toMatch(/^\/rounds\/\d+$/);
    const roundId = Number(path.split('/')[2]);

    const order = await stopOrder(t.db, roundId);
    expect(order.map((s) => s.donation_id)).toEqual([s2.id, n1.id, n2.id, n3.id, n4.id]);
    expect(order.find((s) => s.donation_id === s2.id)!.moved).toBe(true);
    expect(order.some((s) => s.late)).toBe(false);

    const html = await (await driver.get(path)).text();
    expect(html).toContain('<h1>Tournée n° ' + roundId + '</h1>');
    // the association is 'Épicerie du plateau': elided
    expect(html).toContain('Tournée de l’Épicerie du plateau');
    // the stops in order, with their shops and windows
    const positions = [s2, n1, n2, n3, n4].map((d) => html.indexOf(`href="/donations/${d.id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('Arrêt 1 · Commerce -2 km');
    expect(html).toContain('Créneau :');
    expect(html).toContain('Placé plus tôt pour tenir son créneau.');
    expect(html).toContain(`href="/donations/${n1.id}#pickup-form"`);
    expect(html).toContain(`href="/donations/${n1.id}/release">Je ne peux plus y aller</a>`);
    expect(html).toContain(`href="geo:${at(north(1))}?q=`);

    // the maps link: from the association, through 4 waypoints in order, to the last stop
    const href = unescape(html.match(/id="round-maps" href="([^"]+)"/)![1]);
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe('https://www.google.com/maps/dir/');
    expect(url.searchParams.get('api')).toBe('1');
    expect(url.searchParams.get('origin')).toBe(at(START));
    expect(url.searchParams.get('waypoints')).toBe(
      [north(-2), north(1), north(2), north(3)].map(at).join('|'),
    );
    expect(url.searchParams.get('destination')).toBe(at(north(4)));

    // the stop at 3 km is refused at the counter, the others are taken as today
    const refuse = await driver.post(`/donations/${n3.id}/pickup`, {
      handoverCode: await codeOf(t.db, n3.id),
      receivedKg: '0',
      quality: 'refused',
      reasons: 'appearance',
      confirmed: 'yes',
    });
    expect(refuse.status).toBe(303);
    for (const d of [s2, n1, n2, n4]) {
      const res = await driver.post(`/donations/${d.id}/pickup`, {
        handoverCode: await codeOf(t.db, d.id),
        receivedKg: '3,5',
        quality: 'good',
      });
      expect(res.status, `stop ${d.id}`).toBe(303);
    }
    const after = await (await driver.get(path)).text();
    expect(after.match(/status-picked_up/g)?.length).toBe(4);
    expect(after.match(/status-refused/g)?.length).toBe(1);
    expect(after).not.toContain('id="round-maps"'); // nothing left to drive to
    const rows = await t.db
      .selectFrom('donations')
      .select(['id', 'status', 'claimed_by'])
      .where('id', 'in', [n1.id, n2.id, n3.id, n4.id, s2.id])
      .execute();
    expect(rows.every((r) => r.claimed_by === w.assoc.org.id)).toBe(true);
  });

  it('keeps the stops won, says which were taken meanwhile, and a released stop leaves', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const b = await w.donationAt(2);
    const taken = await w.donationAt(3);
    await markClaimed(t.db, taken.id, w.other.org.id, w.t0);
    const driver = await signedIn(w.app, w.assoc.user.email);
    const made = await driver.post('/rounds', {
      donationIds: [a, b, taken].map((d) => String(d.id)),
    });
    expect(made.status).toBe(303);
    const path = made.headers.get('location')!;
    expect(path).toMatch(new RegExp(`\\?lost=${taken.id}$`));
    const html = await (await driver.get(path)).text();
    expect(html).toContain('Pris par une autre association entre-temps');
    expect(html).toContain(`Don n° ${taken.id} : Ce don n’est plus disponible.`);
    expect(html).not.toContain(`href="/donations/${taken.id}"`);

    // given back from the round's link, as a single claim
    const release = await driver.post(`/donations/${a.id}/release`, {
      confirmed: 'yes',
      reason: 'no_driver',
    });
    expect(release.status).toBe(303);
    const later = await (await driver.get(path.split('?')[0])).text();
    expect(later).toContain('Ce don n’est plus dans la tournée (rendu).');
  });

  it('refuses 8 boxes with the message by the field, and nothing is claimed', async () => {
    const w = await roundWorld(t.db);
    const ds = [];
    for (let i = 1; i <= 8; i++) ds.push(await w.donationAt(i / 2));
    const driver = await signedIn(w.app, w.assoc.user.email);
    const res = await driver.post('/rounds', { donationIds: ds.map((d) => String(d.id)) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      'id="f-donationIds-err" role="alert">Une tournée compte au plus 7 arrêts.',
    );
    expect(html).toContain(`value="${ds[7].id}" checked`);
    const claimed = await t.db
      .selectFrom('donations')
      .select('id')
      .where(
        'id',
        'in',
        ds.map((d) => d.id),
      )
      .where('status', '<>', 'open')
      .execute();
    expect(claimed).toEqual([]);
    // with htmx: the form alone, in place
    const hx = await driver.post(
      '/rounds',
      { donationIds: ds.map((d) => String(d.id)) },
      { 'hx-request': 'true' },
    );
    expect(hx.status).toBe(422);
    const fragment = await hx.text();
    expect(fragment.startsWith('<form')).toBe(true);
    expect(fragment).toContain('au plus 7 arrêts');
  });

  it('with htmx, a round made sends the browser to its page; all taken: said in place', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const driver = await signedIn(w.app, w.assoc.user.email);
    const hx = { 'hx-request': 'true' };
    const ok = await driver.post('/rounds', { donationIds: String(a.id) }, hx);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('hx-redirect')).toMatch(/^\/rounds\/\d+$/);
    const again = await driver.post('/rounds', { donationIds: String(a.id) }, hx);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Aucun de ces dons n’a pu être réservé');
  });

  it('writes a window that ends the next day with the end’s day, as the donation page does', async () => {
    const w = await roundWorld(t.db);
    const day = await w.donationAt(1); // 09:00 → 13:00, the same day
    const night = await w.donationAt(2, 11 * 60 + 30, 16 * 60 + 30); // 20:30 → 01:30 the next day
    const driver = await signedIn(w.app, w.assoc.user.email);
    const path = (
      await driver.post('/rounds', { donationIds: [day, night].map((d) => String(d.id)) })
    ).headers.get('location')!;
    const html = await (await driver.get(path.split('?')[0])).text();
    const fr = (d: Date) => formatDateTime(d, 'fr');
    expect(html).toContain(`Créneau : ${fr(day.pickup_from)} → 13:00`);
    expect(html).toContain(`Créneau : ${fr(night.pickup_from)} → ${fr(night.pickup_until)}`);
    expect(fr(night.pickup_until)).toMatch(/01:30$/);
    expect(fr(night.pickup_until).slice(0, 4)).not.toBe(fr(night.pickup_from).slice(0, 4));
    expect(html).not.toContain('20:30 – 01:30');
    // the donation page writes the same window
    const donation = await (await driver.get(`/donations/${night.id}`)).text();
    expect(donation).toContain(`${fr(night.pickup_from)} → ${fr(night.pickup_until)}`);
    const en = await (await driver.get(`${path.split('?')[0]}?lang=en`)).text();
    expect(en).toContain(
      `Window: ${formatDateTime(night.pickup_from, 'en')} → ${formatDateTime(night.pickup_until, 'en')}`,
    );
  });

  it('another association cannot read the round; the English page has its words', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const driver = await signedIn(w.app, w.assoc.user.email);
    const path = (await driver.post('/rounds', { donationIds: String(a.id) })).headers.get(
      'location',
    )!;
    const stranger = await signedIn(w.app, w.other.user.email);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.get('/rounds')).status).toBe(200);
    expect(await (await stranger.get('/rounds')).text()).not.toContain(path);
    const en = await (await driver.get(`${path}?lang=en`)).text();
    expect(en).toContain('Open the route in Maps');
    expect(en).toContain('Share the car with another association');
    expect(en).toContain('I can no longer go');
    expect(en).toContain('Round of Épicerie du plateau');
  });

  it('is shared with another association through the page and its kg split at the end', async () => {
    const w = await roundWorld(t.db);
    const a = await w.donationAt(1);
    const driver = await signedIn(w.app, w.assoc.user.email);
    const path = (await driver.post('/rounds', { donationIds: String(a.id) })).headers.get(
      'location',
    )!;
    const page = await (await driver.get(path)).text();
    expect(page).toContain(`<option value="${w.other.org.id}">`);
    const bad = await driver.post(`${path}/partner`, { partnerId: 'abc' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choisissez une autre association validée.');
    expect(
      (await driver.post(`${path}/partner`, { partnerId: String(w.other.org.id) })).status,
    ).toBe(303);
    const partner = await signedIn(w.app, w.other.user.email);
    const asked = await (await partner.get(path)).text();
    expect(asked).toContain('propose de partager sa tournée avec votre association');
    expect(await (await driver.get(path)).text()).not.toContain('action="' + path + '/split"');
    const pending = await driver.post(`${path}/split`, { partnerKg: '1' });
    expect(pending.status).toBe(409);
    expect(await pending.text()).toContain('n’a pas encore accepté le partage');
    expect((await partner.post(`${path}/answer`, { answer: 'accept' })).status).toBe(303);
    const early = await driver.post(`${path}/split`, { partnerKg: '1' });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('Confirmez d’abord chaque collecte de la tournée.');
    const roundId = path.split('/')[2];
    const back = `<a href="/rounds/${roundId}" id="back-to-round">Retour à la tournée n° ${roundId}</a>`;
    expect(await (await driver.get(`/donations/${a.id}`)).text()).toContain(back);
    const picked = await driver.post(`/donations/${a.id}/pickup`, {
      handoverCode: await codeOf(t.db, a.id),
      receivedKg: '4',
      quality: 'good',
    });
    // after the pickup the driver goes back to the round from the donation's page
    expect(picked.headers.get('location')).toBe(`/donations/${a.id}`);
    expect(await (await driver.get(`/donations/${a.id}`)).text()).toContain(back);
    // not for another association
    expect(await (await partner.get(`/donations/${a.id}`)).text()).not.toContain('back-to-round');
    const wrong = await driver.post(`${path}/split`, { partnerKg: 'beaucoup' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('id="f-partnerKg-err">Entre 0 et le total reçu');
    expect((await driver.post(`${path}/split`, { partnerKg: '1,5' })).status).toBe(303);
    const seen = await (await partner.get(path)).text();
    expect(seen).toContain(`Partagée avec ${w.other.org.name}`);
    expect(seen).toContain(`${w.other.org.name} : 1,5 kg`);
    expect(seen).toContain('Épicerie du plateau : 2,5 kg');
    expect(seen).not.toContain('action="' + path + '/split"');
    expect((await partner.post(`${path}/split`, { partnerKg: '0' })).status).toBe(404);
    expect(seen).toContain('Quitter cette tournée');
    expect((await partner.post(`${path}/answer`, { answer: 'leave' })).status).toBe(303);
    expect((await partner.get(path)).status).toBe(404);
  });
});
