import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/http/env.js';
import { buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

// the coarse per-address limit: failures for any e-mail from one address
const ADDRESS_LIMIT = 20;

function app(config: Partial<AppDeps['config']> = {}) {
  return buildApp(t.db, {
    config: {
      pushAllowInsecureEndpoints: true,
      vapidSubject: 'mailto:test@example.org',
      ...config,
    },
  }).app;
}

let seq = 0;
/** Wrong passwords for ever new e-mails (as a credential-stuffing client sends), with the headers it chooses. */
async function stuff(
  a: ReturnType<typeof app>,
  n: number,
  headers: (i: number) => Record<string, string>,
) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await a.request('http://localhost/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers(i) },
      body: JSON.stringify({ email: `victim${++seq}@example.org`, password: 'Password123!' }),
    });
    statuses.push(res.status);
  }
  return statuses;
}

describe('client address behind proxies', () => {
  it('TRUST_PROXY unset: rotating X-Forwarded-For or cf-connecting-ip is still one address', async () => {
    const a = app();
    const statuses = await stuff(a, ADDRESS_LIMIT + 5, (i) => ({
      'x-forwarded-for': `10.1.${i}.1`,
      'cf-connecting-ip': `10.2.${i}.1`,
    }));
    expect(statuses.slice(0, ADDRESS_LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ADDRESS_LIMIT)).toEqual([429, 429, 429, 429, 429]);
    await t.db.deleteFrom('sign_in_throttles').execute();
  });

  it('TRUST_PROXY=1: the right-most address counts, a spoofed left part is ignored', async () => {
    const a = app({ trustProxy: 1 });
    const statuses = await stuff(a, ADDRESS_LIMIT + 3, (i) => ({
      'x-forwarded-for': `10.3.${i}.1, 192.0.2.10`,
    }));
    expect(statuses.slice(0, ADDRESS_LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ADDRESS_LIMIT)).toEqual([429, 429, 429]);
    // another client behind the same proxy is not held back
    expect(await stuff(a, 1, () => ({ 'x-forwarded-for': '10.3.0.1, 192.0.2.11' }))).toEqual([401]);
    // a client that sends no header of its own: the one address the proxy wrote
    expect(await stuff(a, 1, () => ({ 'x-forwarded-for': '192.0.2.10' }))).toEqual([429]);
    await t.db.deleteFrom('sign_in_throttles').execute();
  });

  it('TRUST_PROXY=2: the second address from the right', async () => {
    const a = app({ trustProxy: 2 });
    const statuses = await stuff(a, ADDRESS_LIMIT + 1, (i) => ({
      'x-forwarded-for': `10.4.${i}.1, 192.0.2.20, 10.0.0.${i}`,
    }));
    expect(statuses.at(-1)).toBe(429);
    await t.db.deleteFrom('sign_in_throttles').execute();
  });

  it('on Workers (behindCloudflare), cf-connecting-ip is the address: Cloudflare sets it', async () => {
    const a = app({ behindCloudflare: true });
    const statuses = await stuff(a, ADDRESS_LIMIT + 5, (i) => ({
      'cf-connecting-ip': `10.5.${i}.1`,
    }));
    expect(statuses.every((s) => s === 401)).toBe(true);
    await t.db.deleteFrom('sign_in_throttles').execute();
  });

  it('reads TRUST_PROXY as a number of proxies, and refuses anything else', () => {
    expect(readConfig({}).trustProxy).toBe(0);
    expect(readConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(0);
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    for (const bad of ['yes', 'true', '-1', '1.5'])
      expect(() => readConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});
