import { request } from 'node:http';
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

/**
 * POST /api/v1/tokens over its own connection from `from` (a loopback address of its own), so that
 * the per-address count of one test does not decide another's.
 */
function signIn(from: string, email: string, password: string) {
  const body = JSON.stringify({ email, password });
  return new Promise<{ status: number; retryAfter: string | null; body: any }>(
    (resolve, reject) => {
      const req = request(
        `${server.url}/api/v1/tokens`,
        {
          method: 'POST',
          localAddress: from,
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
              body: JSON.parse(text),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

function burst(from: string, email: string, passwords: string[]) {
  return Promise.all(passwords.map((p) => signIn(from, email, p)));
}

const count = (xs: { status: number }[], status: number) =>
  xs.filter((x) => x.status === status).length;

describe('sign-in throttle under concurrency', () => {
  it('100 concurrent wrong passwords: at most the limit are checked, the rest are 429, and then the right one is refused', async () => {
    const user = await createUser(server.db);
    const answers = await burst(
      '127.0.0.2',
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
    const right = await signIn('127.0.0.2', user.email, PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect(right.body.error.code).toBe('too_many_attempts');
  });

  it('99 wrong and the right one in the same burst: no more than the limit get past the check', async () => {
    const user = await createUser(server.db);
    const passwords = Array.from({ length: 99 }, (_, i) => `wrong-password-${i}`);
    const answers = await burst('127.0.0.3', user.email, [...passwords, PASSWORD]);
    // a 201 is fair only if the right password was among the first attempts let through
    expect(count(answers, 401) + count(answers, 201)).toBeLessThanOrEqual(LIMIT);
    expect(count(answers, 429)).toBeGreaterThanOrEqual(100 - LIMIT);
    expect(server.errors).toEqual([]);
  });
});
