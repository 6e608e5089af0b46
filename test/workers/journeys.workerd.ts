// Runs inside workerd (vitest.workers.config.ts): the Worker entry (src/worker.ts) with its real
// bindings, PostgreSQL through the Hyperdrive binding's local connection string, and the same user
// journeys as on Node (test/donations/lifecycle-api.test.ts, pages.test.ts). Users are seeded with
// the project's factories, scrypt hashing included (node:crypto under nodejs_compat).
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import { createPostgresClient, type Sql } from '../../src/db/postgres.js';
import { PostgresJsDialect } from '../../src/db/postgres-dialect.js';
import type { Database } from '../../src/db/schema.js';
import { JOBS } from '../../src/jobs/jobs.js';
import worker from '../../src/worker.js';
import { WORKER_CRONS } from '../../src/cloudflare/crons.js';
import { workerdSocket } from '../../src/cloudflare/pg-socket.js';
import { apiAs, Client } from '../helpers/app.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

/** The Worker as an app for the project's test clients: each request is one invocation, waitUntil included. */
const viaWorker = {
  async request(url: string, init?: RequestInit) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(url, init), env as any, ctx as any);
    const body = await res.arrayBuffer(); // read it before the invocation's client is ended
    await waitOnExecutionContext(ctx);
    return new Response(res.status === 204 || res.status === 304 ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  },
} as any;

async function fireCron(cron: string, scheduledTime: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron, scheduledTime }) as any,
    env as any,
    ctx as any,
  );
  await waitOnExecutionContext(ctx);
}

let client: Sql;
let db: Kysely<Database>;
beforeAll(async () => {
  // the test's own connection, to seed and to look: through the same binding, one connection
  client = createPostgresClient(env.HYPERDRIVE.connectionString, {
    max: 1,
    fetch_types: false,
    socket: workerdSocket,
  } as any);
  await client`select 1`;
  db = new Kysely<Database>({ dialect: new PostgresJsDialect(client as any) });
});
afterAll(async () => {
  await client?.end({ timeout: 5 });
});

// a neighbourhood of its own for each run, so runs against a kept database do not meet
const base = { lat: 45.2 + Math.random(), lng: 4.2 + Math.random() };
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

async function world() {
  const shop = await createOrgWithUser(db, 'shop', { ...base });
  const near = await createOrgWithUser(
    db,
    'association',
    { lat: base.lat + 0.003, lng: base.lng + 0.004, radius_km: 3, storage_chilled: true },
    'member',
  );
  const far = await createOrgWithUser(db, 'association', {
    lat: base.lat + 0.3,
    lng: base.lng + 0.1,
    radius_km: 3,
  });
  return { shop, near, far };
}

describe('on workerd, through Hyperdrive', () => {
  it('answers /healthz from the database and serves static files from the assets', async () => {
    const health = await viaWorker.request('http://sl.test/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const js = await viaWorker.request('http://sl.test/static/live.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('no-cache');
    expect(await js.text()).toContain('hx-sse');
    const css = (await (await viaWorker.request('http://sl.test/signin')).text()).match(
      /\/static\/app-[0-9a-f]+\.css/,
    )![0];
    const styles = await viaWorker.request(`http://sl.test${css}`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get('cache-control')).toContain('immutable');
    expect((await viaWorker.request('http://sl.test/static/nope.js')).status).toBe(404);
  });

  it('serves Leaflet and its images from the assets, and lets images come from the tile server', async () => {
    const leaflet = await viaWorker.request('http://sl.test/static/leaflet-1.9.4.js');
    expect(leaflet.status).toBe(200);
    expect(leaflet.headers.get('cache-control')).toContain('immutable');
    expect(await leaflet.text()).toContain('window.L=');
    const icon = await viaWorker.request('http://sl.test/static/images/marker-icon.png');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect((await viaWorker.request('http://sl.test/static/map.js')).status).toBe(200);
    // no MAP_TILES_URL in wrangler.toml: OpenStreetMap's origin, and no other
    const csp = (await viaWorker.request('http://sl.test/signin')).headers.get(
      'content-security-policy',
    );
    expect(csp).toContain("img-src 'self' data: https://tile.openstreetmap.org;");
  });

  it('signs in with the HTML form (scrypt on workerd), and refuses a form without its CSRF token', async () => {
    const { near } = await world();
    const browser = new Client(viaWorker, 'http://sl.test');
    const page = await browser.get('/signin');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="_csrf"');
    const forged = await browser.post('/signin', {
      email: near.user.email,
      password: PASSWORD,
      _csrf: 'forged',
    });
    expect(forged.status).toBe(403);
    const wrong = await browser.post('/signin', {
      email: near.user.email,
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain(near.user.email); // the form keeps what was typed
    const ok = await browser.post('/signin', { email: near.user.email, password: PASSWORD });
    expect(ok.status).toBe(303);
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(near.user.name);
  });

  it('limits bodies (a stream with no length too), sends the CSP, and marks cookies Secure over https', async () => {
    const { near } = await world();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new TextEncoder().encode('x'.repeat(16 * 1024)));
      },
    });
    const big = await viaWorker.request('https://sl.test/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('trop volumineux');
    const browser = new Client(viaWorker, 'https://sl.test');
    const page = await browser.get('/signin');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const ok = await browser.post('/signin', { email: near.user.email, password: PASSWORD });
    expect(ok.status).toBe(303);
    expect(ok.headers.getSetCookie().find((l) => l.startsWith('sid='))).toMatch(/;\s*Secure/i);
  });

  it('a shop posts (API), the association in range claims from its feed page, the handover closes it', async () => {
    const w = await world();
    const shopApi = await apiAs(viaWorker, w.shop.user.email, PASSWORD);
    const farApi = await apiAs(viaWorker, w.far.user.email, PASSWORD);
    const posted = await shopApi.post('/donations', {
      category: 'bakery',
      description: 'Baguettes du soir (workerd)',
      quantityKg: 3,
      storage: 'ambient',
      pickupFrom: iso(5 * 60_000),
      pickupUntil: iso(3 * 3600_000),
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ status: 'open', quantityKg: 3, category: 'bakery' });
    const id = posted.body.id;
    const bad = await shopApi.post('/donations', {
      category: 'bakery',
      description: '',
      quantityKg: -1,
      storage: 'ambient',
      pickupFrom: iso(0),
      pickupUntil: iso(-3600_000),
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['quantityKg']));

    // the association's driver, in a browser
    const driver = new Client(viaWorker, 'http://sl.test');
    await driver.signIn(w.near.user.email, PASSWORD);
    const feed = await (await driver.get('/feed')).text();
    expect(feed).toContain('Baguettes du soir (workerd)');
    // no event bus on Workers: the feed polls instead of opening an SSE connection
    expect(feed).toContain('hx-trigger="every 15s"');
    expect(feed).not.toContain('hx-sse:connect');
    expect((await farApi.get(`/donations/${id}`)).status).toBe(404);

    const claim = await driver.post(`/donations/${id}/claim`, {}, { 'hx-request': 'true' });
    expect(claim.status).toBe(200);
    expect(await claim.text()).toContain('Réservé !');
    expect(await (await driver.get('/feed?fragment=1')).text()).not.toContain(
      'Baguettes du soir (workerd)',
    );
    const again = await farApi.post(`/donations/${id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_available');

    // the shop's open pages poll too, and their fragments show the claim
    const shopPage = new Client(viaWorker, 'http://sl.test');
    await shopPage.signIn(w.shop.user.email, PASSWORD);
    for (const path of ['/donations', `/donations/${id}`]) {
      const html = await (await shopPage.get(path)).text();
      expect(html).toContain(`hx-get="${path}?fragment=1" hx-trigger="every 15s"`);
      expect(html).not.toContain('hx-sse:connect');
    }
    const fragment = await (await shopPage.get(`/donations/${id}?fragment=1`)).text();
    expect(fragment).toContain('id="handover-code"');
    expect(fragment).not.toContain('<html');

    const seen = await shopApi.get(`/donations/${id}`);
    expect(seen.body.status).toBe('claimed');
    expect(seen.body.claimedBy).toEqual({ organisationId: w.near.org.id });
    const code = seen.body.handoverCode;
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await driver.post(`/donations/${id}/pickup`, {
      handoverCode: code === '000000' ? '111111' : '000000',
      receivedKg: '3',
      quality: 'good',
      temperatureC: '',
      issues: '',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('n’est pas le code du commerce');
    const done = await driver.post(`/donations/${id}/pickup`, {
      handoverCode: code,
      receivedKg: '2,8',
      quality: 'good',
      temperatureC: '',
      issues: '',
    });
    expect(done.status).toBe(303);
    expect((await shopApi.get(`/donations/${id}`)).body.status).toBe('picked_up');
    const events = await db
      .selectFrom('donation_events')
      .select(['from_status', 'to_status'])
      .where('donation_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => `${e.from_status}>${e.to_status}`)).toEqual([
      'null>open',
      'open>claimed',
      'claimed>picked_up',
    ]);
  });

  it('the every-minute Cron Trigger runs the expiry job once per slot (row claim), like node-cron', async () => {
    const w = await world();
    const shopApi = await apiAs(viaWorker, w.shop.user.email, PASSWORD);
    const a = (
      await shopApi.post('/donations', {
        category: 'bakery',
        description: 'Fin de fenêtre A',
        quantityKg: 2,
        storage: 'ambient',
        pickupFrom: iso(60_000),
        pickupUntil: iso(3600_000),
      })
    ).body.id;
    const b = (
      await shopApi.post('/donations', {
        category: 'bakery',
        description: 'Fin de fenêtre B',
        quantityKg: 2,
        storage: 'ambient',
        pickupFrom: iso(60_000),
        pickupUntil: iso(3600_000),
      })
    ).body.id;
    // A's window has ended
    await db
      .updateTable('donations')
      .set({
        pickup_from: new Date(Date.now() - 2 * 3600_000),
        pickup_until: new Date(Date.now() - 60_000),
      })
      .where('id', '=', a)
      .execute();
    // a slot of its own (far in the past) so that the real triggers of a `wrangler dev` nearby never take it
    const slot = Date.UTC(2001, 0, 1, 0, Math.floor(Math.random() * 500_000));
    await fireCron('* * * * *', slot);
    const status = async (id: number) =>
      (
        await db
          .selectFrom('donations')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status(a)).toBe('expired');
    expect(await status(b)).toBe('open');
    const slotKey = new Date(slot).toISOString();
    const runs = await db
      .selectFrom('job_runs')
      .select(['key', 'instance', 'finished_at'])
      .where('key', 'like', `%:${slotKey}`)
      .execute();
    expect(runs.map((r) => r.key.split(':')[0]).sort()).toEqual([
      'escalate-waves',
      'expire-donations',
      'pickup-reminders',
      'push-retries',
      'series-occurrences',
    ]);
    expect(runs.every((r) => r.instance === 'worker' && r.finished_at)).toBe(true);

    // the same slot again (a retried trigger): claimed already, nothing runs; B's end meanwhile is left for the next slot
    await db
      .updateTable('donations')
      .set({
        pickup_from: new Date(Date.now() - 2 * 3600_000),
        pickup_until: new Date(Date.now() - 60_000),
      })
      .where('id', '=', b)
      .execute();
    await fireCron('* * * * *', slot + 20_000);
    expect(await status(b)).toBe('open');
    await fireCron('* * * * *', slot + 60_000);
    expect(await status(b)).toBe('expired');
    const history = await db
      .selectFrom('donation_events')
      .select(['from_status', 'to_status'])
      .where('donation_id', '=', b)
      .orderBy('id')
      .execute();
    expect(history.map((e) => `${e.from_status}>${e.to_status}`)).toEqual([
      'null>open',
      'open>expired',
    ]);
  });

  it('a cron with no job does nothing; wrangler.toml lists exactly the crons that have jobs, and every node-cron job has one', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from job_runs`.execute(db))
      .rows[0].n;
    await fireCron('0 12 * * *', Date.now());
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from job_runs`.execute(db)).rows[0].n,
    ).toBe(before);
    const crons = JSON.parse(/^crons\s*=\s*(\[.*\])\s*$/m.exec(wranglerToml)![1]);
    expect(crons.sort()).toEqual(Object.keys(WORKER_CRONS).sort());
    expect(Object.values(WORKER_CRONS).flat().sort()).toEqual(JOBS.map((j) => j.name).sort());
  });
});
