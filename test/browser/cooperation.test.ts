import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import {
  launchBrowser,
  phoneContext,
  screenshot,
  signIn,
  watchProblems,
} from '../helpers/browser.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { layoutFaults } from '../helpers/page-checks.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Issue 19's pages on a 390x844 phone, with the demo's data (its relay hub and partner, its
// picked-up donations): each choice on its own line with its box before its words, tap targets a
// thumb can hit on a round, the quality trend inside the screen, and the pages every-page does
// not reach (a partner's /hubs, a round shared with a partner) as readable and clean as the rest.
const PASSWORD = 'demo-password-1';
let server: TestServer;
let browser: Browser;
const ids: Record<string, number> = {};
beforeAll(async () => {
  server = await startTestServer(); // the real clock: the demo's windows are from now
  await seedDemo(server.db, { password: PASSWORD });
  const orgs = await server.db.selectFrom('organisations').select(['id', 'name']).execute();
  const named = (part: string) => orgs.find((o) => o.name.includes(part))!.id;
  ids.epicerie = named('Épi des Pentes');
  ids.ccas = named('CCAS de Lyon');
  ids.primeur = named('Primeur de la Grande Rue');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const email = (local: string) => `${local}@demo.example.org`;

/** A signed-in phone page (axe may be injected), what it reports as broken, and its closing. */
async function phoneAs(local: string, lang: 'fr' | 'en' = 'fr') {
  const context = await phoneContext(browser, {
    locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
    bypassCSP: true,
  });
  await context.addCookies([{ name: 'lang', value: lang, url: server.url }]);
  const page = await context.newPage();
  const problems = watchProblems(page);
  await signIn(page, server.url, email(local), PASSWORD);
  return { page, problems, close: () => context.close() };
}

async function visit(page: Page, path: string) {
  const res = await page.goto(`${server.url}${path}`);
  expect(res?.status(), path).toBeLessThan(400);
  await page.waitForLoadState('networkidle');
}

type Box = { left: number; right: number; top: number; bottom: number };
/**
 * Each choice of a list as drawn: its input's box, its words' first line and its label's box.
 * `inputs` selects the radios or checkboxes of one list.
 */
function choices(page: Page, inputs: string) {
  return page.$$eval(inputs, (els) =>
    els.map((input) => {
      const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
      const label = input.closest('label')!;
      const range = document.createRange();
      range.selectNodeContents(label);
      range.setStartAfter(input);
      const words = [...range.getClientRects()].find((r) => r.width > 1)!;
      return {
        input: box(input.getBoundingClientRect()),
        words: box(words),
        label: box(label.getBoundingClientRect()),
      };
    }),
  );
}

/** What is wrong with a list of choices: two on one line, a box after or apart from its words. */
function choiceFaults(list: { input: Box; words: Box; label: Box }[], name: string) {
  const faults: string[] = [];
  list.forEach((c, i) => {
    if (c.input.right > c.words.left) faults.push(`${name} ${i}: box not before its words`);
    // the box and the first line of its words share a line
    if (c.input.bottom < c.words.top || c.input.top > c.words.bottom)
      faults.push(`${name} ${i}: box not on its words' line`);
    if (i > 0 && c.label.top < list[i - 1]!.label.bottom - 0.5)
      faults.push(`${name} ${i}: on the line of the choice before`);
    if (c.label.bottom - c.label.top < 44) faults.push(`${name} ${i}: under 44 px tall`);
  });
  return faults;
}

describe('choices on a phone: one a line, the box before its words', () => {
  it('the hub’s partners, the directory’s choices, the claim via the hub, the arrival at the hub', async () => {
    const hub = await phoneAs('epicerie');
    const faults: string[] = [];
    try {
      // the hub's choice of partners (the demo's hub names its partner)
      await visit(hub.page, '/hubs');
      const partners = await choices(hub.page, '#hub-form input[name="partnerIds"]');
      expect(partners.length).toBeGreaterThanOrEqual(2);
      faults.push(...choiceFaults(partners, 'partners'));
      // the directory's place choices
      await visit(hub.page, `/organisations/${ids.epicerie}/directory`);
      const places = await choices(hub.page, 'input[name="location"]');
      expect(places).toHaveLength(3);
      faults.push(...choiceFaults(places, 'location'));
      faults.push(...choiceFaults(await choices(hub.page, 'input[name="services"]'), 'services'));
      await screenshot(hub.page, 'cooperation-directory-entry');
      expect(hub.problems).toEqual([]);
    } finally {
      await hub.close();
    }
    // the partner's card of a chilled donation it may claim through the hub
    const now = Date.now();
    const chilled = await createDonation(server.db, {
      shopId: ids.primeur,
      category: 'fruit_vegetables',
      description: 'Salades et herbes fraîches',
      storage: 'chilled',
      quantity_kg: 4,
      created_at: new Date(now),
      pickup_from: new Date(now),
      pickup_until: new Date(now + 3 * 3_600_000),
    });
    const partner = await phoneAs('ccas');
    try {
      await visit(partner.page, '/feed');
      const collector = await choices(partner.page, '.via-hub input[name="collector"]');
      expect(collector).toHaveLength(2);
      faults.push(...choiceFaults(collector, 'collector'));
      await screenshot(partner.page, 'cooperation-feed-via-hub');
      // claimed through the hub, collected at the shop: the hub records its arrival
      await Promise.all([
        partner.page.waitForURL((u) => u.pathname === '/hubs/waiting'),
        partner.page.click(`.via-hub:has(input[value="${chilled.id}"]) button[type="submit"]`),
      ]);
      expect(partner.problems).toEqual([]);
    } finally {
      await partner.close();
    }
    await markPickedUp(server.db, chilled.id, {
      associationId: ids.ccas,
      at: new Date(),
      temperatureC: 4,
    });
    const held = await phoneAs('epicerie');
    try {
      await visit(held.page, '/hubs/held');
      const form = `form[action="/hubs/deposits/${chilled.id}"]`;
      const warm = await choices(held.page, `${form} input[name="temperatureConfirmed"]`);
      expect(warm).toHaveLength(1);
      faults.push(...choiceFaults(warm, 'warm'));
      const next = await held.page
        .locator(`${form} label[for^="f-temperatureReason"]`)
        .boundingBox();
      if (next!.y < warm[0]!.label.bottom - 0.5) faults.push('warm: the next field on its line');
      await screenshot(held.page, 'cooperation-hub-held');
      expect(held.problems).toEqual([]);
    } finally {
      await held.close();
    }
    expect(faults).toEqual([]);
  });
});

describe('a round on a phone: targets a thumb can hit', () => {
  it('each stop’s box is 24 px at least in a 44 px line, each map link 44 px tall', async () => {
    const { page, problems, close } = await phoneAs('benevole');
    try {
      await visit(page, '/rounds/new');
      const boxes = await page.$$eval('#round-form input[name="donationIds"]', (els) =>
        els.map((i) => {
          const r = i.getBoundingClientRect();
          const l = i.closest('label')!.getBoundingClientRect();
          return { w: r.width, h: r.height, labelW: l.width, labelH: l.height };
        }),
      );
      expect(boxes.length).toBeGreaterThanOrEqual(2);
      for (const b of boxes) {
        expect(b.w).toBeGreaterThanOrEqual(24);
        expect(b.h).toBeGreaterThanOrEqual(24);
        expect(b.labelH).toBeGreaterThanOrEqual(44);
        expect(b.labelW).toBeGreaterThanOrEqual(44);
      }
      await screenshot(page, 'cooperation-round-select');
      // a tap on the words ticks the box
      await page.locator('#round-form label.choice span').first().tap();
      await page.locator('#round-form label.choice span').nth(1).tap();
      expect(await page.locator('input[name="donationIds"]:checked').count()).toBe(2);
      await Promise.all([
        page.waitForURL((u) => /^\/rounds\/\d+$/.test(u.pathname)),
        page.click('#round-form button[type="submit"]'),
      ]);
      const links = await page.$$eval('#round-stops .tap-links a', (els) =>
        els.map((a) => {
          const r = a.getBoundingClientRect();
          return { text: a.textContent, w: r.width, h: r.height };
        }),
      );
      expect(links.length).toBeGreaterThanOrEqual(4); // two per stop to drive to
      for (const l of links) {
        expect(l.h, String(l.text)).toBeGreaterThanOrEqual(44);
        expect(l.w, String(l.text)).toBeGreaterThanOrEqual(44);
      }
      await screenshot(page, 'cooperation-round');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('the territory’s quality trend on a phone', () => {
  for (const lang of ['fr', 'en'] as const)
    it(`fits 390 px, or scrolls in its own named box the keyboard reaches (${lang})`, async () => {
      const { page, problems, close } = await phoneAs('territoire', lang);
      try {
        await visit(page, '/dashboard');
        const table = page.locator('#given-months');
        await table.waitFor();
        const fit = await table.evaluate((t) => {
          const wrap = t.parentElement!;
          return {
            table: t.getBoundingClientRect().right,
            wrapRight: wrap.getBoundingClientRect().right,
            scrolls: wrap.scrollWidth > wrap.clientWidth,
            tabindex: wrap.getAttribute('tabindex'),
            role: wrap.getAttribute('role'),
            label: wrap.getAttribute('aria-label'),
          };
        });
        expect(fit.table).toBeLessThanOrEqual(390);
        expect(fit.scrolls).toBe(false);
        // still a named region the keyboard can reach, should a longer language need it
        expect([fit.tabindex, fit.role]).toEqual(['0', 'region']);
        expect(fit.label).toBeTruthy();
        expect(await layoutFaults(page, `dashboard (${lang})`)).toEqual([]);
        await table.screenshot({ path: `test-results/browser/cooperation-trend-${lang}.png` });
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
});

describe('pages every-page does not reach, at 390x844', () => {
  it('the hub’s and the partner’s /hubs, a round shared with a partner (both sides), the directory form refused', async () => {
    const faults: string[] = [];
    const owner = await phoneAs('epicerie');
    const partner = await phoneAs('ccas');
    try {
      await visit(owner.page, '/hubs');
      expect(await owner.page.locator('#hub-partners').innerText()).toContain('CCAS de Lyon');
      faults.push(...(await layoutFaults(owner.page, '/hubs (hub)')));
      await visit(partner.page, '/hubs');
      expect(await partner.page.locator(`#hub-${ids.epicerie}`).count()).toBe(1);
      expect(await partner.page.locator('#hub-form').count()).toBe(0);
      faults.push(...(await layoutFaults(partner.page, '/hubs (partner)')));
      await screenshot(partner.page, 'cooperation-hubs-partner');

      // the owner makes a round of two stops and shares it with the CCAS
      await visit(owner.page, '/rounds/new');
      for (const i of [0, 1])
        await owner.page.locator('#round-form input[name="donationIds"]').nth(i).check();
      await Promise.all([
        owner.page.waitForURL((u) => /^\/rounds\/\d+$/.test(u.pathname)),
        owner.page.click('#round-form button[type="submit"]'),
      ]);
      const path = new URL(owner.page.url()).pathname;
      await owner.page.selectOption('select[name="partnerId"]', String(ids.ccas));
      await Promise.all([
        owner.page.waitForEvent('load'),
        owner.page.click('form[action$="/partner"] button[type="submit"]'),
      ]);
      await owner.page.waitForLoadState('networkidle');
      expect(await owner.page.locator('#round-share').innerText()).toContain('CCAS de Lyon');
      faults.push(...(await layoutFaults(owner.page, `${path} (shared, owner)`)));
      await screenshot(owner.page, 'cooperation-round-shared-owner');
      // the partner's side: asked, then accepted
      await visit(partner.page, path);
      expect(await partner.page.locator('#round-answer button[value="accept"]').count()).toBe(1);
      faults.push(...(await layoutFaults(partner.page, `${path} (partner, asked)`)));
      await Promise.all([
        partner.page.waitForEvent('load'),
        partner.page.click('#round-answer button[value="accept"]'),
      ]);
      await partner.page.waitForLoadState('networkidle');
      faults.push(...(await layoutFaults(partner.page, `${path} (partner, accepted)`)));
      await screenshot(partner.page, 'cooperation-round-shared-partner');
      await visit(owner.page, path);
      expect(await owner.page.locator('input[name="partnerKg"]').count()).toBe(1);
      faults.push(...(await layoutFaults(owner.page, `${path} (accepted, owner)`)));

      // the directory's form, sent listed with nothing to show: the message beside its box
      await visit(owner.page, `/organisations/${ids.epicerie}/directory`);
      for (const box of await owner.page.locator('form.card input[type="checkbox"]').all())
        await box.uncheck();
      await owner.page.check('input[name="listed"]');
      await owner.page.check('input[name="location"][value="none"]');
      await owner.page.check('input[name="newBeneficiaries"][value=""]');
      for (const f of ['hours', 'phone', 'email', 'website']) await owner.page.fill(`#f-${f}`, '');
      await Promise.all([
        owner.page.waitForEvent('load'),
        owner.page.click('form.card button[type="submit"]'),
      ]);
      expect(await owner.page.locator('#f-listed-err').innerText()).toContain(
        'Votre fiche serait vide',
      );
      faults.push(...(await layoutFaults(owner.page, 'directory form (refused)')));
      await screenshot(owner.page, 'cooperation-directory-refused');
      expect([...owner.problems, ...partner.problems]).toEqual([]);
    } finally {
      await owner.close();
      await partner.close();
    }
    if (faults.length) console.log(faults.join('\n'));
    expect(faults).toEqual([]);
  });
});
