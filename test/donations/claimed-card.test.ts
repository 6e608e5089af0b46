import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptIds } from '../../src/donations/feed-routes.js';
import { apiAs, buildApp, signedIn } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

// Issue 17 (phone walkthrough): after "Je le prends" the card is said claimed in its place, and
// the feed's refresh keeps it there (the page sends back the ids it shows as claimed), so the next
// card's button never slides under the thumb. Only the association's own claims are shown so.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();
const HX = { 'hx-request': 'true' };

async function world() {
  const { app } = buildApp(t.db);
  const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.76, lng: 4.83 });
  const mine = await createOrgWithUser(t.db, 'association', { lat: 45.761, lng: 4.83 });
  const other = await createOrgWithUser(t.db, 'association', { lat: 45.762, lng: 4.83 });
  const shopApi = await apiAs(app, shop.user.email, PASSWORD);
  // at the same shop: the feed orders them by the end of their window
  const post = async (description: string, untilHour: number) => {
    const res = await shopApi.post('/donations', {
      category: 'bakery',
      description,
      quantityKg: 4,
      storage: 'ambient',
      pickupFrom: at(1),
      pickupUntil: at(untilHour),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  const near = await post('Pain de mie', 3);
  const far = await post('Croissants', 4);
  return {
    near,
    far,
    me: await signedIn(app, mine.user.email),
    them: await signedIn(app, other.user.email),
  };
}

const cardOf = (html: string, id: number) =>
  new RegExp(`<li class="donation claimed" id="donation-${id}"[^>]*>`).exec(html)?.[0];

describe('a claimed card stays where it was', () => {
  it('the claim answers with the card said claimed, focused, with no claim button', async () => {
    const w = await world();
    const res = await w.me.post(`/donations/${w.near}/claim`, {}, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(cardOf(html, w.near)).toContain('autofocus');
    expect(html).toContain(`name="claimed" value="${w.near}"`);
    expect(html).toContain('Réservé !');
    expect(html).not.toContain(`action="/donations/${w.near}/claim"`);
  });

  it('the refresh keeps it in its place among the open ones, without taking the focus', async () => {
    const w = await world();
    await w.me.post(`/donations/${w.near}/claim`, {}, HX);
    const kept = await (await w.me.get(`/feed?fragment=1&claimed=${w.near}`)).text();
    const card = cardOf(kept, w.near)!;
    expect(card).toBeTruthy();
    expect(card).not.toContain('autofocus');
    // in the feed's order, as before the claim: the claimed one, then the other
    expect(kept.indexOf(`id="donation-${w.near}"`)).toBeLessThan(
      kept.indexOf(`id="donation-${w.far}"`),
    );
    expect(kept).toContain(`action="/donations/${w.far}/claim"`);
    // without the ids (a new page), the list is the open donations alone
    const plain = await (await w.me.get('/feed?fragment=1')).text();
    expect(plain).not.toContain(`id="donation-${w.near}"`);
  });

  it('another association never sees a card of ours, whatever ids it sends', async () => {
    const w = await world();
    await w.me.post(`/donations/${w.near}/claim`, {}, HX);
    const theirs = await (await w.them.get(`/feed?fragment=1&claimed=${w.near}`)).text();
    expect(theirs).not.toContain(`id="donation-${w.near}"`);
    expect(theirs).not.toContain('Pain de mie');
  });

  it('bad ids are ignored, and at most 20 are read', async () => {
    const w = await world();
    for (const q of ['abc', '1e3', '-1', '0', '99999999999', ''])
      expect((await w.me.get(`/feed?fragment=1&claimed=${q}`)).status).toBe(200);
    expect(keptIds(['3', '3', 'x', '1.5', '07'])).toEqual([3, 7]);
    expect(keptIds(Array.from({ length: 500 }, (_, i) => String(i + 1)))).toHaveLength(20);
    expect(keptIds(undefined)).toEqual([]);
  });
});
