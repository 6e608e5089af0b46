import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupJob } from '../../src/jobs/jobs.js';
import { signInKeys } from '../../src/accounts/sign-in-throttle.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

/** One proxy in front, which appends the address it saw: each test client has its own. */
function app() {
  return buildApp(t.db, {
    config: {
      pushAllowInsecureEndpoints: true,
      vapidSubject: 'mailto:test@example.org',
      trustProxy: 1,
    },
  });
}

const from = (ip: string) => ({ 'x-forwarded-for': ip });

async function token(
  a: ReturnType<typeof app>['app'],
  ip: string,
  email: string,
  password: string,
) {
  const res = await a.request('http://localhost/api/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...from(ip) },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

describe('an attacker cannot lock the owner out', () => {
  it('failures from address X throttle X, not the owner signing in from Y (API and form)', async () => {
    const { app: a } = app();
    const user = await createUser(t.db);
    const statuses = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await token(a, '198.51.100.66', user.email, `guess-${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // the attacker, even with the right password, waits
    const blocked = await token(a, '198.51.100.66', user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);

    // the owner, from elsewhere: the API and the sign-in page
    expect((await token(a, '203.0.113.7', user.email, PASSWORD)).status).toBe(201);
    const owner = new Client(a);
    const page = await owner.post(
      '/signin',
      { email: user.email, password: PASSWORD },
      from('203.0.113.8'),
    );
    expect(page.status).toBe(303);
  });

  it('the form answers 429 with a French message and Retry-After, and the delays grow', async () => {
    const { app: a, clock } = app();
    const user = await createUser(t.db);
    const c = new Client(a);
    const ip = from('198.51.100.67');
    for (let i = 0; i < 5; i++)
      expect(
        (await c.post('/signin', { email: user.email, password: `bad-${i}` }, ip)).status,
      ).toBe(401);
    const first = await c.post('/signin', { email: user.email, password: PASSWORD }, ip);
    expect(first.status).toBe(429);
    expect(await first.text()).toContain('Trop d’essais manqués. Réessayez dans 1 min');
    expect(first.headers.get('retry-after')).toBe('60');

    clock.advance(61_000);
    expect((await c.post('/signin', { email: user.email, password: 'bad-again' }, ip)).status).toBe(
      401,
    );
    const second = await c.post('/signin', { email: user.email, password: PASSWORD }, ip);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('120');
    expect(await second.text()).toContain('Réessayez dans 2 min');

    // the wait over, the right password signs in, and the count starts again
    clock.advance(121_000);
    expect((await c.post('/signin', { email: user.email, password: PASSWORD }, ip)).status).toBe(
      303,
    );
    const again = new Client(a);
    for (let i = 0; i < 4; i++)
      expect(
        (await again.post('/signin', { email: user.email, password: `bad-${i}` }, ip)).status,
      ).toBe(401);
    expect(
      (await again.post('/signin', { email: user.email, password: PASSWORD }, ip)).status,
    ).toBe(303);
    // the nightly cleanup forgets counters nobody used for more than a day
    await again.post('/signin', { email: user.email, password: 'one-more-bad' }, ip);
    expect(await t.db.selectFrom('sign_in_throttles').select('key').execute()).not.toEqual([]);
    await cleanupJob({ db: t.db, now: () => new Date(clock.now().getTime() + 2 * 86_400_000) });
    expect(await t.db.selectFrom('sign_in_throttles').select('key').execute()).toEqual([]);
  });
});

describe('one IPv6 client is one /64', () => {
  it('addresses of one /64 share their count, other /64s and IPv4 keep their own', () => {
    const key = (ip: string) => signInKeys('a@example.org', ip).address;
    expect(key('2001:db8:1:2::1')).toBe(key('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(key('2001:db8:1:2::1')).toBe('addr:2001:db8:1:2::/64');
    expect(key('2001:db8:1:3::1')).not.toBe(key('2001:db8:1:2::1'));
    expect(key('::1')).toBe('addr:0:0:0:0::/64');
    expect(key('203.0.113.7')).toBe('addr:203.0.113.7');
    expect(key('::ffff:203.0.113.7')).toBe('addr:::ffff:203.0.113.7');
  });
});
