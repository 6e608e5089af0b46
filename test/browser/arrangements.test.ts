import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { occurrenceJob } from '../../src/jobs/jobs.js';
import { formatDay } from '../../src/i18n/format.js';
import {
  horizontalOverflow,
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue 15's standing arrangement on 390x844 phones, through the pages only: a shop proposes its
// regular donation to an association, a manager of it accepts, a member confirms one date and
// declines another, the shop ends it; both sides' history shows it, and each date went where it
// should (claimed by the association, to the usual waves, back to the plain occurrences).
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer(); // the real clock
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(email: string) {
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  const problems = watchProblems(page);
  await signIn(page, server.url, email, PASSWORD);
  return { ctx, page, problems };
}

async function fits(page: Page, name: string) {
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, name);
}

describe('a standing arrangement, on phones', () => {
  it('proposed, accepted, one date confirmed and one declined, ended by the shop; the history keeps it', async () => {
    const place = { lat: 45.7597, lng: 4.8422 };
    const shop = await createOrgWithUser(server.db, 'shop', {
      name: 'Boulangerie Garibaldi',
      ...place,
    });
    const assoc = await createOrgWithUser(server.db, 'association', {
      name: 'Épicerie solidaire Garibaldi',
      town: 'Lyon',
      lat: 45.7611,
      lng: 4.8449,
      radius_km: 3,
    });
    const member = await createUser(server.db, { organisationId: assoc.org.id, role: 'member' });

    const s = await phone(shop.user.email);
    const m = await phone(assoc.user.email);
    const d = await phone(member.email);
    try {
      // the shop: a daily regular donation, then the proposal on its card
      await s.page.goto(`${server.url}/series`);
      await s.page.selectOption('#f-category', 'bakery');
      await s.page.fill('#f-description', 'environ 6 kg de pain');
      await s.page.fill('#f-quantityKg', '6');
      for (let day = 1; day <= 7; day++)
        await s.page.check(`input[name="weekdays"][value="${day}"]`);
      await s.page.fill('#f-pickupFromTime', '19:00');
      await s.page.fill('#f-pickupUntilTime', '19:30');
      await Promise.all([
        s.page.waitForURL((u) => u.pathname === '/series'),
        s.page.click('form[action="/series"] button[type="submit"]'),
      ]);
      const series = await server.db
        .selectFrom('donation_series')
        .select('id')
        .where('shop_id', '=', shop.org.id)
        .executeTakeFirstOrThrow();
      const card = s.page.locator(`#series-${series.id}`);
      await card.locator('summary', { hasText: 'Proposer d’abord à une association' }).click();
      const option = card.locator(`#f-associationId option[value="${assoc.org.id}"]`);
      expect(await option.innerText()).toMatch(/^Épicerie solidaire Garibaldi \(Lyon, 0,\d km\)$/);
      await card.locator('#f-associationId').selectOption(String(assoc.org.id));
      // an hour before the window: every date of the week to come can still be answered
      await card.locator('#f-confirmHoursBefore').fill('1');
      await fits(s.page, 'arrangement-propose');
      await Promise.all([
        s.page.waitForURL((u) => u.pathname === '/series'),
        card.locator('button', { hasText: 'Proposer l’accord' }).click(),
      ]);
      expect(await s.page.locator(`#series-${series.id}`).innerText()).toContain(
        'Accord avec Épicerie solidaire Garibaldi : Proposé, en attente de l’accord de l’association',
      );
      const a = await server.db
        .selectFrom('series_arrangements')
        .select('id')
        .where('series_id', '=', series.id)
        .executeTakeFirstOrThrow();

      // a member cannot accept; the manager does
      await d.page.goto(`${server.url}/arrangements`);
      expect(
        await d.page.locator(`#arrangement-${a.id} button`, { hasText: 'Accepter' }).count(),
      ).toBe(0);
      await m.page.goto(`${server.url}/arrangements`);
      const managerCard = m.page.locator(`#arrangement-${a.id}`);
      expect(await managerCard.innerText()).toContain('Boulangerie Garibaldi');
      await fits(m.page, 'arrangement-to-accept');
      await Promise.all([
        m.page.waitForURL((u) => u.pathname === '/arrangements'),
        managerCard.locator('button', { hasText: 'Accepter l’accord' }).click(),
      ]);
      expect(await m.page.locator(`#arrangement-${a.id}`).innerText()).toContain('En cours');

      // the minute job offers the week's dates to the association
      await occurrenceJob({ db: server.db, now: () => new Date() });
      const pending = await server.db
        .selectFrom('arrangement_offers')
        .select('day')
        .where('arrangement_id', '=', a.id)
        .where('status', '=', 'pending')
        .orderBy('day')
        .execute();
      expect(pending.length).toBeGreaterThanOrEqual(3);
      const [first, second] = pending.map((o) => o.day);

      // the member confirms the first date and declines the second
      await d.page.goto(`${server.url}/arrangements`);
      const dateOf = (day: string) =>
        // the page writes the day in words ("8 décembre 2026")
        d.page.locator(`#arrangement-${a.id} section li`, { hasText: formatDay('fr', day) });
      expect(await dateOf(first!).innerText()).toContain('à confirmer');
      await fits(d.page, 'arrangement-dates');
      await Promise.all([
        d.page.waitForURL((u) => u.pathname === '/arrangements'),
        dateOf(first!).locator('button', { hasText: 'Confirmer' }).click(),
      ]);
      expect(await d.page.locator('p.alert').innerText()).toBe(
        'C’est noté : ces dates sont réservées pour vous.',
      );
      expect(await dateOf(first!).innerText()).toContain('confirmée');
      await Promise.all([
        d.page.waitForURL((u) => u.pathname === '/arrangements'),
        dateOf(second!).locator('button', { hasText: 'Décliner' }).click(),
      ]);
      expect(await d.page.locator('p.alert').innerText()).toBe(
        'C’est noté : ces dates sont proposées aux autres associations.',
      );
      expect(await dateOf(second!).innerText()).toContain('déclinée');
      await fits(d.page, 'arrangement-decided');
      // the confirmed date is a donation claimed by the association, its page one tap away
      await Promise.all([
        d.page.waitForURL((u) => /^\/donations\/\d+$/.test(u.pathname)),
        dateOf(first!).locator('a', { hasText: 'Voir le don' }).click(),
      ]);
      expect(await d.page.locator('main').innerText()).toContain('environ 6 kg de pain');

      // the shop ends it, saying why
      await s.page.goto(`${server.url}/arrangements`);
      const shopCard = s.page.locator(`#arrangement-${a.id}`);
      await shopCard.locator(`#end-reason-${a.id}`).fill('Fermeture pour travaux');
      await Promise.all([
        s.page.waitForURL((u) => u.pathname === '/series'),
        shopCard.locator('button', { hasText: 'Mettre fin à l’accord' }).click(),
      ]);
      expect(await s.page.locator(`#series-${series.id} summary`).innerText()).toBe(
        'Proposer d’abord à une association',
      );

      // both sides' history
      const ended = `Terminé par Boulangerie Garibaldi le `;
      for (const [p, name] of [
        [s.page, 'arrangement-history-shop'],
        [d.page, 'arrangement-history-association'],
      ] as const) {
        await p.goto(`${server.url}/arrangements`);
        const text = await p.locator(`#arrangement-${a.id}`).innerText();
        expect(text).toContain('Terminé');
        expect(text).toContain(ended);
        expect(text).toContain('Fermeture pour travaux');
        expect(await p.locator(`#arrangement-${a.id} form`).count()).toBe(0);
        await fits(p, name);
      }

      // and each date went where it should
      const offers = await server.db
        .selectFrom('arrangement_offers as o')
        .leftJoin('donations as x', 'x.id', 'o.donation_id')
        .select(['o.day', 'o.status', 'x.status as donation', 'x.claimed_by'])
        .where('o.arrangement_id', '=', a.id)
        .orderBy('o.day')
        .execute();
      expect(offers[0]).toMatchObject({
        day: first,
        status: 'confirmed',
        donation: 'claimed',
        claimed_by: assoc.org.id,
      });
      expect(offers[1]).toMatchObject({ day: second, status: 'declined', donation: 'open' });
      expect(offers.slice(2).every((o) => o.status === 'withdrawn' && !o.donation)).toBe(true);
      const after = await server.db
        .selectFrom('donation_series')
        .select('association_id')
        .where('id', '=', series.id)
        .executeTakeFirstOrThrow();
      expect(after.association_id).toBeNull();

      expect([...s.problems, ...m.problems, ...d.problems]).toEqual([]);
      expect(server.errors).toEqual([]);
    } finally {
      await s.ctx.close();
      await m.ctx.close();
      await d.ctx.close();
    }
  });
});
