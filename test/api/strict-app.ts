import type { Kysely } from 'kysely';
import { afterEach, expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import type { AppDeps } from '../../src/http/env.js';
import { buildApp } from '../helpers/app.js';

/** Apps built in the current test, with the 5xx answers and logged errors they produced. */
const watched: { failures: string[]; errors: unknown[] }[] = [];

/**
 * buildApp, but every request that answers 5xx (or logs an unexpected error) is recorded;
 * `expectNoServerErrors()` (run after each test by `useNoServerErrors()`) fails the test with them.
 */
export function strictApp(db: Kysely<Database>, extra: Partial<AppDeps> = {}) {
  const built = buildApp(db, extra);
  const record = { failures: [] as string[], errors: built.errors };
  watched.push(record);
  const original = built.app.request.bind(built.app);
  built.app.request = (async (input: any, init?: any, ...rest: any[]) => {
    const res = await original(input, init, ...rest);
    if (res.status >= 500) {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const url = input instanceof Request ? input.url : String(input);
      record.failures.push(
        `${method} ${url} -> ${res.status} ${await res
          .clone()
          .text()
          .then((s) => s.slice(0, 200))}`,
      );
    }
    return res;
  }) as typeof built.app.request;
  return built;
}

export function expectNoServerErrors() {
  const all = watched.splice(0);
  expect(
    all.flatMap((w) => w.failures),
    'requests answered with a 5xx',
  ).toEqual([]);
  expect(all.flatMap((w) => w.errors).map(String), 'unexpected errors logged').toEqual([]);
}

/** Call at the top level of a test file: after each test, no request may have produced a 500. */
export function useNoServerErrors() {
  afterEach(expectNoServerErrors);
}

/** The API error shape of API.md, exactly: {"error":{"code","message","fields"?}} and nothing else. */
export function expectApiError(body: any, code: string, fields?: string[]) {
  expect(Object.keys(body)).toEqual(['error']);
  const keys = Object.keys(body.error).sort();
  expect(keys).toEqual(
    fields ? ['code', 'fields', 'message'] : expect.arrayContaining(['code', 'message']),
  );
  expect(keys.every((k) => ['code', 'message', 'fields'].includes(k))).toBe(true);
  expect(body.error.code).toBe(code);
  expect(body.error.code).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(3);
  expect(body.error.message).not.toMatch(/^err\./); // translated, not a message key
  if (fields) {
    for (const f of fields) expect(body.error.fields, `field ${f}`).toHaveProperty([f]);
    for (const v of Object.values(body.error.fields)) {
      expect(typeof v).toBe('string');
      expect(v).not.toMatch(/^err\./);
    }
  }
}
