import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { actorFor, handover, realId, seedParties } from './fuzz-parties.js';
import { apiFields, appRoutes, formFields, scrapeForms } from './fuzz-routes.js';
import { FuzzTraffic } from './fuzz-traffic.js';
import {
  IDS,
  JSON_ANY,
  kindOfName,
  MEGA,
  QUERY_KEYS,
  TEXTS,
  validJson,
  valuesFor,
  type Kind,
} from './fuzz-values.js';

/**
 * Every route of the app (read from `app.routes`, so a new route is fuzzed without touching this
 * file) gets hostile values in each path parameter and in each field it takes (the API's from the
 * OpenAPI document, the pages' from the forms the pages render), one field at a time on top of
 * valid values so that each value goes as deep as it can. Nothing a client sends may give a 5xx.
 * The values are in fuzz-values.ts, the callers and their rows in fuzz-parties.ts, what is known
 * of the routes in fuzz-routes.ts, the requests in fuzz-traffic.ts.
 */

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

describe('no 5xx from anything a client sends', () => {
  it('answers every route, with hostile values in every parameter and field, below 500', async () => {
    const parties = await seedParties(t.db);
    const routes = appRoutes(app);
    const traffic = new FuzzTraffic(app, t.db, parties.userIds);
    const forms = await scrapeForms(
      routes,
      (who) => traffic.browser(who),
      (path) => realId(t.db, parties, path),
    );
    await traffic.signInApi(parties.emails);

    // Routes that end the session go last.
    routes.sort((a, b) => Number(a.path === '/signout') - Number(b.path === '/signout'));
    const profile: string[] = [];
    for (const r of routes) {
      const started = performance.now();
      const before = traffic.requests;
      const method = r.method;
      const isApi = r.path.startsWith('/api/');
      const who = actorFor(method, r.path);
      const ids = await realId(t.db, parties, `${method} ${r.path}`);
      const withIds = (over: Record<string, string> = {}) =>
        r.path.replace(/:([a-zA-Z]+)/g, (_, k) => over[k] ?? ids[k] ?? '1');
      const params = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]);

      let fields: [string, Kind][];
      let baseline: Record<string, unknown>;
      let query: string[]; // keys the route is known to read: one at a time
      if (isApi) {
        const f = apiFields(method, r.path);
        fields = f.body;
        query = method === 'GET' ? f.query : [];
        baseline = Object.fromEntries(
          fields.map(([k]) => [k, validJson(r.path, k, parties.assoc.org.id)]),
        );
      } else {
        const f = formFields(forms, method, r.path, parties.assoc.org.id);
        fields = method === 'GET' ? [] : Object.keys(f).map((k) => [k, kindOfName(k)]);
        baseline = f;
        query =
          method === 'GET'
            ? Object.keys(formFields(forms, 'GET', r.path, parties.assoc.org.id))
            : [];
      }
      if (r.path.endsWith('/pickup')) baseline.handoverCode = await handover(t.db, ids.id);
      const hasBody = method !== 'GET';

      // the path parameters
      for (const p of params)
        for (const v of IDS)
          await traffic.send(who, method, withIds({ [p]: v }), hasBody ? baseline : undefined);
      // each field on top of valid values, then all of them at once
      for (const [f, kind] of fields) {
        // signing in: a fresh account for each field, which no earlier wrong password has locked
        if (who === 'anonymous' && 'email' in baseline && 'password' in baseline)
          Object.assign(baseline, { email: (await createUser(t.db)).email, password: PASSWORD });
        for (const v of valuesFor(isApi, kind))
          await traffic.send(who, method, withIds(), { ...baseline, [f]: v });
      }
      if (hasBody) {
        for (const v of [...TEXTS.filter((v) => v !== MEGA), ...(isApi ? JSON_ANY : [])])
          await traffic.send(
            who,
            method,
            withIds(),
            Object.fromEntries(fields.map(([f]) => [f, v])),
          );
        if (isApi)
          for (const raw of ['[]', 'null', '"x"', '1e999', '{"a":', '\u0000'])
            await traffic.sendRaw(who, method, withIds(), raw);
      }
      // the query string: each key it reads, then every key there is at once
      for (const k of query)
        for (const v of valuesFor(false, kindOfName(k)))
          await traffic.send(
            who,
            method,
            `${withIds()}?${new URLSearchParams({ [k]: String(v) })}`,
          );
      const allKeys = [...new Set([...query, ...QUERY_KEYS])];
      for (const v of TEXTS.filter((v) => v !== MEGA))
        await traffic.send(
          who,
          method,
          `${withIds()}?${new URLSearchParams(Object.fromEntries(allKeys.map((k) => [k, v])))}`,
        );
      if (hasBody && !isApi) traffic.forget(who);
      if (process.env.FUZZ_PROFILE)
        profile.push(
          `${Math.round(performance.now() - started)}ms ${traffic.requests - before} ${method} ${r.path} ` +
            `valid values: ${await traffic.statusOf(who, method, withIds(), hasBody ? baseline : undefined)}`,
        );
    }

    if (process.env.FUZZ_PROFILE) console.log(profile.join('\n'));

    const { failures, requests } = traffic;
    expect(failures, `${failures.length} of ${requests} requests answered 5xx`).toEqual([]);
    expect(routes.length).toBeGreaterThan(60);
    expect(forms.length).toBeGreaterThan(15);
    expect(requests).toBeGreaterThan(2000);
  }, 600_000); // every route of the site, one after the other: minutes on a loaded machine
});
