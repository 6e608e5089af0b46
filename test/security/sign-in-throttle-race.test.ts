import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Through a real HTTP server: on PostgreSQL the attempts are truly concurrent (one connection
// each); on PGlite the driver's mutex interleaves their statements. The limit must hold on both.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const LIMIT = 5;

function signIn(email: string, password: string) {
  return fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

async function burst(email: string, passwords: string[]) {
  const answers = await Promise.all(passwords.map((p) => signIn(email, p)));
  return Promise.all(
    answers.map(async (r) => ({
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      body: await r.json(),
    })),
  );
}

const count = (xs: { status: number }[], status: number) =>
  xs.filter((x) => x.status === status).length;

describe('sign-in throttle under concurrency', () => {
  it('100 concurrent wrong passwords: at most the limit are checked, the rest are 429, and then the right one is refused', async () => {
    const user = await createUser(server.db);
    const answers = await burst(
      user.email,
      Array.from({ length: 100 }, (_, i) => `wrong-password-${i}`),
    );
    expect(count(answers, 401)).toBeLessThanOrEqual(LIMIT);
    expect(count(answers, 401)).toBeGreaterThan(0);
    expect(count(answers, 401) + count(answers, 429)).toBe(100);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.body.error.code).toBe('too_many_attempts');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    const right = await signIn(user.email, PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await right.json()).error.code).toBe('too_many_attempts');
  });

  it('99 wrong and the right one in the same burst: no more than the limit get past the check', async () => {
    const user = await createUser(server.db);
    const passwords = Array.from({ length: 99 }, (_, i) => `wrong-password-${i}`);
    const answers = await burst(user.email, [...passwords, PASSWORD]);
    // a 201 is fair only if the right password was among the first attempts let through
    expect(count(answers, 401) + count(answers, 201)).toBeLessThanOrEqual(LIMIT);
    expect(count(answers, 429)).toBeGreaterThanOrEqual(100 - LIMIT);
    expect(server.errors).toEqual([]);
  });
});
