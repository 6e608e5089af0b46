import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';
import { seedDemo, type DemoAccount } from '../../src/demo/seed.js';
import { publicUrl } from '../../src/http/public-url.js';
import { buildApp, Client, TestClock } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createWithdrawal, declareCampaign } from '../helpers/withdrawal-factories.js';

const DEMO_PASSWORD = 'demo-password-1';
let t: TestDatabase;
let accounts: DemoAccount[];
beforeAll(async () => {
  t = await openTestDatabase();
  ({ accounts } = await seedDemo(t.db, { password: DEMO_PASSWORD, now: new TestClock().now() }));
  // what the demo lacks, so that the record, receipt and attestation pages have something to show
  const org = (prefix: string) =>
    t.db
      .selectFrom('organisations')
      .selectAll()
      .where('name', '=', accounts.find((a) => a.email.startsWith(prefix))!.organisation)
      .executeTakeFirstOrThrow();
  const [shop, association, producers] = await Promise.all(
    ['boulangerie@', 'epicerie@', 'producteurs@'].map(org),
  );
  const d = await createDonation(t.db, {
    shopId: shop.id,
    created_at: '2026-11-25T08:00:00+01:00',
    pickup_from: '2026-11-25T09:00:00+01:00',
    pickup_until: '2026-11-25T12:00:00+01:00',
  });
  await markPickedUp(t.db, d.id, {
    associationId: association.id,
    at: '2026-11-25T10:00:00+01:00',
    quality: 'poor',
    issues: 'Emballage abîmé',
  });
  // receipts show last year by default
  const given = await createDonation(t.db, {
    shopId: shop.id,
    value_eur: 12.5,
    created_at: '2025-11-24T08:00:00+01:00',
    pickup_from: '2025-11-24T09:00:00+01:00',
    pickup_until: '2025-11-24T12:00:00+01:00',
  });
  await markPickedUp(t.db, given.id, {
    associationId: association.id,
    at: '2025-11-24T10:00:00+01:00',
  });
  await declareCampaign(t.db, producers.id, 2026, 100_000);
  await createWithdrawal(t.db, {
    producerOrgId: producers.id,
    associationId: association.id,
    receivedKg: 400,
  });
});
afterAll(async () => t?.close());

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null) {
  expect(header, 'no Content-Security-Policy header').toBeTruthy();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** What a strict policy blocks, found in a page: each is a reason the page would break under it. */
function inlineCode(html: string) {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi))
    if (!/\bsrc=/.test(m[1]) || m[2].trim()) found.push(`inline script: ${m[0].slice(0, 80)}`);
  for (const [re, what] of [
    [/<style\b[^>]*>/gi, '<style> element'],
    [/<[^>]+\sstyle\s*=/gi, 'style= attribute'],
    [/<[^>]+\son[a-z]+\s*=/gi, 'event handler attribute'],
    [/<[^>]+\s(data-)?hx-on[\w:.-]*\s*=/gi, 'hx-on attribute (evaluated)'],
    [/(?:hx-[\w:-]+|href|action)\s*=\s*"\s*(?:js|javascript):/gi, 'js: or javascript: value'],
    [/hx-trigger\s*=\s*"[^"]*\[/gi, 'hx-trigger filter (evaluated)'],
  ] as const)
    for (const m of html.matchAll(re)) found.push(`${what}: ${m[0].slice(0, 80)}`);
  return found;
}

/** Same-site GET links of a page (links and htmx fragments) worth rendering. */
function links(html: string) {
  const out = new Set<string>();
  for (const m of html.matchAll(/\s(?:href|hx-get)="(\/[^"]*)"/g)) {
    const url = m[1].replaceAll('&amp;', '&');
    if (
      url.startsWith('//') ||
      /^\/(static|events|signout|manifest)/.test(url) ||
      /\.(csv|pdf)(\?|$)/.test(url) ||
      /[?&]lang=/.test(url)
    )
      continue;
    out.add(url.split('#')[0]);
  }
  return out;
}

/** One kind of page: /donations/1 and /donations/2 are the same view, as are ?campaign=2025 and 2026. */
const kind = (url: string) => {
  const u = new URL(url, 'http://x');
  return `${u.pathname.replace(/\d+/g, ':n')}?${[...u.searchParams.keys()].sort().join('&')}`;
};

/**
 * Renders the pages a client reaches from `start`, following its links breadth first; at most
 * two pages of each kind (a donation open and one picked up can differ).
 */
async function crawl(c: Client, start: string[], max = 60) {
  const seen = new Set<string>();
  const kinds = new Map<string, number>();
  const queue = [...start];
  const pages: { url: string; html: string; csp: string | null }[] = [];
  while (queue.length && seen.size < max) {
    const url = queue.shift()!;
    if (seen.has(url) || (kinds.get(kind(url)) ?? 0) >= 2) continue;
    seen.add(url);
    kinds.set(kind(url), (kinds.get(kind(url)) ?? 0) + 1);
    const res = await c.get(url);
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    const html = await res.text();
    expect(res.status, `${url} answered ${res.status}`).toBeLessThan(500);
    pages.push({ url, html, csp: res.headers.get('content-security-policy') });
    for (const l of links(html)) if (!seen.has(l)) queue.push(l);
  }
  return pages;
}

function expectStrict(pages: { url: string; html: string; csp: string | null }[]) {
  for (const p of pages) {
    const d = directives(p.csp);
    expect(d['default-src'], p.url).toEqual(["'self'"]);
    expect(d['script-src'], p.url).toEqual(["'self'"]);
    expect(d['style-src'], p.url).toEqual(["'self'"]);
    expect(d['frame-ancestors'], p.url).toEqual(["'none'"]);
    expect(d['object-src'], p.url).toEqual(["'none'"]);
    expect(d['base-uri'], p.url).toEqual(["'none'"]);
    expect(d['form-action'], p.url).toEqual(["'self'"]);
    expect(p.csp, p.url).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(inlineCode(p.html), p.url).toEqual([]);
  }
}

describe('Content-Security-Policy: pages need no inline code', () => {
  it('anonymous pages: sign-in, sign-up, not found, too large', async () => {
    const { app } = buildApp(t.db);
    const c = new Client(app);
    const pages = await crawl(c, ['/signin', '/signup', '/signup?kind=association', '/nowhere']);
    expect(pages.map((p) => p.url)).toEqual(
      expect.arrayContaining(['/signin', '/signup', '/nowhere']),
    );
    const big = await c.post('/signin', { padding: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    pages.push({
      url: 'POST /signin (413)',
      html: await big.text(),
      csp: big.headers.get('content-security-policy'),
    });
    expectStrict(pages);
  });

  it.each(['shop-manager', 'association-manager', 'admin', 'producer-org', 'territory'])(
    'every page a %s reaches from its home page',
    async (key) => {
      const account = accounts.find((a) => a.email.startsWith(demoEmail[key]))!;
      const { app } = buildApp(t.db);
      const c = new Client(app);
      await c.signIn(account.email, DEMO_PASSWORD);
      const pages = await crawl(c, ['/']);
      // the crawl reached the pages that had inline styles or scripts before
      expect(pages.map((p) => kind(p.url))).toEqual(expect.arrayContaining(reaches[key]));
      expectStrict(pages);
    },
  );
});

const reaches: Record<string, string[]> = {
  'shop-manager': [
    '/dashboard?',
    '/donations/:n/record?',
    '/receipts/print?association&from&shop&to',
  ],
  'association-manager': ['/feed?', '/notifications?', '/withdrawals/:n/attestation?'],
  admin: ['/admin/organisations?', '/admin/territories/:n/area?', '/dashboard?organisationId'],
  'producer-org': ['/withdrawals?', '/withdrawals/:n/attestation?'],
  territory: ['/dashboard?', '/quality?'],
};

const demoEmail: Record<string, string> = {
  'shop-manager': 'boulangerie@',
  'association-manager': 'epicerie@',
  admin: 'admin@',
  'producer-org': 'producteurs@',
  territory: 'territoire@',
};

function cookieLine(res: Response, name: string) {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  expect(line, `no ${name} cookie`).toBeTruthy();
  return line!;
}

describe('Secure cookies follow PUBLIC_URL, not a header', () => {
  it('PUBLIC_URL=https://... makes session and CSRF cookies Secure behind a TLS proxy (plain http inside)', async () => {
    const { app } = buildApp(t.db, {
      config: {
        pushAllowInsecureEndpoints: true,
        vapidSubject: 'mailto:test@example.org',
        publicUrl: 'https://surplus.example.org',
      },
    });
    const user = await createUser(t.db);
    const c = new Client(app); // http://localhost: the proxy speaks http to us
    const page = await c.get('/signin');
    expect(cookieLine(page, 'csrf')).toMatch(/;\s*Secure/i);
    const res = await c.post('/signin', { email: user.email, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(cookieLine(res, 'sid')).toMatch(/;\s*Secure/i);
  });

  it('X-Forwarded-Proto: https from a client does not make cookies Secure without PUBLIC_URL', async () => {
    // Secure would be harmless here, but a header anyone can send must not decide security;
    // with PUBLIC_URL the operator says what the browser sees
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const c = new Client(app);
    const res = await c.post(
      '/signin',
      { email: user.email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(res.status).toBe(303);
    expect(cookieLine(res, 'sid')).not.toMatch(/Secure/i);
  });

  it('PUBLIC_URL=http://... (local use) keeps cookies usable over http, whatever the headers say', async () => {
    const { app } = buildApp(t.db, {
      config: {
        pushAllowInsecureEndpoints: true,
        vapidSubject: 'mailto:test@example.org',
        publicUrl: 'http://localhost:3000',
      },
    });
    const user = await createUser(t.db);
    const res = await new Client(app).post(
      '/signin',
      { email: user.email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(cookieLine(res, 'sid')).not.toMatch(/Secure/i);
  });

  it('without PUBLIC_URL, a request that came over https (Workers) gets Secure cookies', async () => {
    const { app } = buildApp(t.db);
    const user = await createUser(t.db);
    const res = await new Client(app, 'https://surplus.example.org').post('/signin', {
      email: user.email,
      password: PASSWORD,
    });
    expect(cookieLine(res, 'sid')).toMatch(/;\s*Secure/i);
  });
});

describe('links for messages use PUBLIC_URL', () => {
  it('an invitation link starts with PUBLIC_URL, not with the Host the request named', async () => {
    const { app } = buildApp(t.db, {
      config: {
        pushAllowInsecureEndpoints: true,
        vapidSubject: 'mailto:test@example.org',
        publicUrl: 'https://surplus.example.org',
      },
    });
    const { user, org } = await createOrgWithUser(t.db, 'association');
    const c = new Client(app, 'http://evil.example');
    await c.signIn(user.email, PASSWORD);
    const res = await c.post(`/organisations/${org.id}/members`, {
      email: `invitee-${Date.now()}@example.org`,
      name: 'Invitée',
      role: 'member',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/https:\/\/surplus\.example\.org\/invitations\/[\w-]+/);
    expect(html).not.toContain('evil.example');
  });

  it('publicUrl(deps, path) and PUBLIC_URL in the configuration', () => {
    const config = { pushAllowInsecureEndpoints: false, vapidSubject: 'mailto:a@b.c' };
    expect(publicUrl({ config: { ...config, publicUrl: 'https://s.example.org' } }, '/x?y=1')).toBe(
      'https://s.example.org/x?y=1',
    );
    expect(publicUrl({ config }, '/x', 'http://localhost:3000/members')).toBe(
      'http://localhost:3000/x',
    );
    expect(readConfig({ PUBLIC_URL: 'https://s.example.org/some/path' }).publicUrl).toBe(
      'https://s.example.org',
    );
    expect(readConfig({}).publicUrl).toBeNull();
    expect(() => readConfig({ PUBLIC_URL: 'ftp://s.example.org' })).toThrow(ConfigError);
    expect(() => readConfig({ PUBLIC_URL: 's.example.org' })).toThrow(ConfigError);
  });
});
