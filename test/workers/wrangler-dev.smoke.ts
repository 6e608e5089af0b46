// On Node: a smoke run of `wrangler dev --test-scheduled` (workerd, local only) against the local
// PostgreSQL through the Hyperdrive binding: a page, a sign-in, a post, a claim, and one Cron
// Trigger fired through /__scheduled, whose effects are read in the database: an ended donation
// expired, the push message of the posted donation delivered (encrypted, VAPID-signed) to a
// push service played on a local port, and the claim's e-mail to the shop sent through Brevo's
// API, played on another local port (BREVO_API_URL). wrangler is stopped at the end, and every wait has a bound.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { apiAs, Client } from '../helpers/app.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { FakePushService } from '../notifications/push-service.js';
import { subscribe } from '../notifications/factories.js';
import { FakeBrevo } from '../helpers/smtp-server.js';

const url = process.env.WORKERS_DATABASE_URL!;

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let wrangler: ChildProcess | null = null;
let output = '';
let origin = '';
let database: ReturnType<typeof openPostgres>;
let push: FakePushService;
let brevo: FakeBrevo;
const persist = `.wrangler/smoke-${process.pid}`;

beforeAll(async () => {
  database = openPostgres(url, { max: 2 });
  push = await new FakePushService().start();
  brevo = await new FakeBrevo().start();
  const port = await freePort();
  const inspector = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // no network: no login, no telemetry, no update check, no Request.cf download
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url,
    NO_COLOR: '1',
  };
  delete env.CLOUDFLARE_API_TOKEN;
  delete env.CLOUDFLARE_ACCOUNT_ID;
  wrangler = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspector),
      '--test-scheduled',
      '--show-interactive-dev-session=false',
      '--persist-to',
      persist,
      '--log-level',
      'info',
      // e-mail by the minute cron, through Brevo's API played here
      '--var',
      `BREVO_API_KEY:${brevo.apiKey}`,
      '--var',
      `BREVO_API_URL:${brevo.url}`,
      '--var',
      `PUBLIC_URL:${origin}`,
      '--var',
      'MAIL_FROM:Surplus Link <noreply@surplus.test>',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  wrangler.stdout!.on('data', (b) => (output += b));
  wrangler.stderr!.on('data', (b) => (output += b));
  // ready when /healthz answers from the database; bounded (slow machines: be patient, never assert on time)
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (wrangler.exitCode != null) throw new Error(`wrangler dev stopped:\n${output}`);
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 180_000);

afterAll(async () => {
  if (wrangler?.pid && wrangler.exitCode == null) {
    const gone = new Promise((r) => wrangler!.once('exit', r));
    process.kill(-wrangler.pid, 'SIGTERM'); // its process group: npx, wrangler and workerd
    const killed = await Promise.race([
      gone.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 10_000)),
    ]);
    if (!killed) process.kill(-wrangler.pid, 'SIGKILL');
  }
  await push?.stop();
  await brevo?.stop();
  await database?.close();
  await rm(persist, { recursive: true, force: true });
}, 30_000);

/** The test clients of the Node suite, over real HTTP to wrangler dev. */
const overHttp = {
  request: (target: string, init?: RequestInit) =>
    fetch(target.replace('http://localhost', origin), {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    }),
} as any;

const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('wrangler dev --test-scheduled', () => {
  it('a page, a sign-in, a post, a claim; one cron expires an ended donation and sends the push of the new one', async () => {
    const db = database.db;
    const place = { lat: 43 + Math.random(), lng: 1 + Math.random() };
    const shop = await createOrgWithUser(db, 'shop', place);
    const assoc = await createOrgWithUser(
      db,
      'association',
      { lat: place.lat + 0.004, lng: place.lng, radius_km: 5 },
      'member',
    );
    const device = push.device();
    await subscribe(db, assoc.user.id, device);

    const signin = await overHttp.request('http://localhost/signin');
    expect(signin.status).toBe(200);
    expect(await signin.text()).toContain('name="_csrf"');
    const css = await overHttp.request('http://localhost/static/live.js');
    expect(css.status).toBe(200);

    const shopApi = await apiAs(overHttp, shop.user.email, PASSWORD);
    const posted = await shopApi.post('/donations', {
      category: 'bakery',
      description: 'Croissants (wrangler dev)',
      quantityKg: 2,
      storage: 'ambient',
      pickupFrom: iso(5 * 60_000),
      pickupUntil: iso(2 * 3600_000),
    });
    expect(posted.status).toBe(201);
    const ended = await shopApi.post('/donations', {
      category: 'bakery',
      description: 'Pain de la veille',
      quantityKg: 1,
      storage: 'ambient',
      pickupFrom: iso(60_000),
      pickupUntil: iso(3600_000),
    });
    expect(ended.status).toBe(201);

    const driver = new Client(overHttp);
    await driver.signIn(assoc.user.email, PASSWORD);
    const feed = await (await driver.get('/feed')).text();
    expect(feed).toContain('Croissants (wrangler dev)');
    expect(feed).toContain('hx-trigger="every 15s"');
    const claim = await driver.post(`/donations/${ended.body.id}/claim`);
    expect(claim.status).toBe(303);
    const status = async (id: number) =>
      (
        await db
          .selectFrom('donations')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status(ended.body.id)).toBe('claimed');

    // the claimed donation's window ends; the minute cron marks it missed, the open one stays
    await db
      .updateTable('donations')
      .set({
        pickup_from: new Date(Date.now() - 2 * 3600_000),
        pickup_until: new Date(Date.now() - 60_000),
      })
      .where('id', '=', ended.body.id)
      .execute();
    const fired = await fetch(`${origin}/__scheduled?cron=${encodeURIComponent('* * * * *')}`, {
      signal: AbortSignal.timeout(60_000),
    });
    expect(fired.status).toBe(200);
    expect(await fired.text()).toContain('Ran scheduled event');
    expect(await status(ended.body.id)).toBe('missed');
    expect(await status(posted.body.id)).toBe('open');
    const history = await db
      .selectFrom('donation_events')
      .select(['from_status', 'to_status'])
      .where('donation_id', '=', ended.body.id)
      .orderBy('id')
      .execute();
    expect(history.map((e) => `${e.from_status}>${e.to_status}`)).toEqual([
      'null>open',
      'open>claimed',
      'claimed>missed',
    ]);

    // the same cron drained the outbox: the association's device got the new donation, decrypted and signed
    expect(push.problems).toEqual([]);
    const got = push.for(device.id);
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(got[0].payload)).toContain(String(posted.body.id));
    const delivery = await db
      .selectFrom('push_deliveries')
      .select(['status'])
      .where('donation_id', '=', posted.body.id)
      .execute();
    expect(delivery.map((d) => d.status)).toContain('sent');

    // and the e-mail the claim wrote for the shop left through Brevo's API, in French, with links
    // from PUBLIC_URL and the one-click unsubscribe headers
    const mail = brevo.emails.find((m) => m.to?.[0]?.email === shop.user.email);
    expect(mail, JSON.stringify(brevo.emails).slice(0, 500)).toBeDefined();
    expect(brevo.keys.every((k) => k === brevo.apiKey)).toBe(true);
    expect(mail.sender).toEqual({ name: 'Surplus Link', email: 'noreply@surplus.test' });
    expect(mail.subject).toContain('vient chercher votre don');
    expect(mail.textContent).toContain('Pain de la veille');
    expect(mail.htmlContent).toContain(`${origin}/donations/${ended.body.id}`);
    expect(mail.headers['List-Unsubscribe']).toMatch(new RegExp(`^<${origin}/unsubscribe/`));
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const email = await db
      .selectFrom('push_deliveries')
      .select(['status', 'attempts'])
      .where('channel', '=', 'email')
      .where('address', '=', shop.user.email)
      .execute();
    expect(email).toEqual([{ status: 'sent', attempts: 1 }]);
    expect(output).not.toMatch(/ENOTFOUND|Unable to fetch the `Request.cf`/);
  }, 180_000);
});
