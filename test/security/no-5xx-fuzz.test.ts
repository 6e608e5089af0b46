import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openApiDocument } from '../../src/openapi.js';
import { createSession } from '../../src/accounts/domain.js';
import { SESSION_COOKIE } from '../../src/http/middleware.js';
import { apiAs, buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markClaimed, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';

/**
 * Every route of the app (read from `app.routes`, so a new route is fuzzed without touching this
 * file) gets hostile values in each path parameter and in each field it takes (the API's from the
 * OpenAPI document, the pages' from the forms the pages render), one field at a time on top of
 * valid values so that each value goes as deep as it can. Nothing a client sends may give a 5xx.
 */

const MEGA = 'x'.repeat(1_000_000);
/** Sent in every field, whatever it holds. */
const ANY = ['1e-300', '2026-02-30', 'a\u0000b', MEGA];
/** And by what the field holds (its OpenAPI type, or for a form its name). */
const BY_KIND = {
  number: ['1e308', '-1e308', 'NaN', '-0', '2147483647', '2147483648', '-2147483649'],
  date: ['0000-00-00', '99999-01-01', '2026-13-01T25:61:00+01:00'],
  text: ['\u0001\u001b\u007f\r\n', '/\r\nSet-Cookie: x=1', '\u202eevil.exe 🥖😀'],
};
/** In JSON, numbers as numbers and values of the wrong type. */
const JSON_ANY: unknown[] = [null, [], {}, [1e-300]];
const JSON_BY_KIND: Record<Kind, unknown[]> = {
  number: [1e308, -1e308, 1e-300, -0, 2147483648, -2147483649, '5'],
  date: [20261127],
  text: [42, true],
};
type Kind = keyof typeof BY_KIND;
const TEXTS = [...ANY, ...Object.values(BY_KIND).flat()];
const kindOfName = (name: string): Kind =>
  /kg|eur|lat$|lng$|radius|temperature|units|capacity|co2e|value|year|campaign|organisationId|associationId|shop$|association$/i.test(
    name,
  )
    ? 'number'
    : /date|from|until|to$|month|validFrom/i.test(name)
      ? 'date'
      : 'text';
const kindOfSchema = (s: any, name: string): Kind =>
  s?.type === 'number' || s?.type === 'integer'
    ? 'number'
    : s?.format === 'date' || s?.format === 'date-time'
      ? 'date'
      : s?.type === 'string'
        ? 'text'
        : kindOfName(name);
const valuesFor = (api: boolean, kind: Kind) =>
  api ? [...ANY, ...BY_KIND[kind], ...JSON_ANY, ...JSON_BY_KIND[kind]] : [...ANY, ...BY_KIND[kind]];
const IDS = [
  '2147483647',
  '2147483648',
  '-2147483649',
  '0',
  '1e3',
  '0x10',
  '%00',
  '%E2%80%AE',
  '9'.repeat(400),
];

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app;
});
afterAll(async () => t?.close());

type Actor = 'anonymous' | 'admin' | 'shop' | 'association' | 'po';

/** Who should call a route for it to get past the access checks and into its parsing. */
function actorFor(method: string, path: string): Actor {
  if (/^\/(api\/v1\/)?(signin|signup|invitations|tokens)\b/.test(path)) return 'anonymous';
  if (/^\/admin\b|withdrawal-rates|withdrawal-flat-amounts/.test(path)) return 'admin';
  if (method === 'POST' && path === '/api/v1/organisations') return 'admin';
  if (/withdrawals\/:id\/(receipt|refusal)/.test(path)) return 'association';
  if (/withdrawals|campaigns/.test(path)) return 'po';
  if (/donations\/:id\/(claim|release|pickup)/.test(path)) return 'association';
  if (/organisations\/:id/.test(path)) return 'association';
  return 'shop';
}

describe('no 5xx from anything a client sends', () => {
  it('answers every route, with hostile values in every parameter and field, below 500', async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const shop = await createOrgWithUser(t.db, 'shop');
    const assoc = await createOrgWithUser(t.db, 'association', {
      storage_chilled: true,
      storage_frozen: true,
    });
    const po = await createProducerOrg(t.db);
    const territory = await createOrgWithUser(t.db, 'territory');
    const emails: Record<Exclude<Actor, 'anonymous'>, string> = {
      admin: admin.email,
      shop: shop.user.email,
      association: assoc.user.email,
      po: po.user.email,
    };

    /** A fresh row for each route with an id, so that a valid request can go all the way. */
    async function realId(path: string): Promise<Record<string, string>> {
      if (path.includes('/donations/')) {
        const d = await createDonation(t.db, {
          shopId: shop.org.id,
          pickup_from: '2026-11-27T10:00:00+01:00',
          pickup_until: '2026-11-27T18:00:00+01:00',
          created_at: '2026-11-27T08:00:00+01:00',
        });
        if (/claim$|cancel$/.test(path) && !/DELETE/.test(path)) return { id: String(d.id) };
        await markClaimed(t.db, d.id, assoc.org.id, '2026-11-27T08:30:00+01:00');
        if (/quality|record/.test(path)) {
          await markPickedUp(t.db, d.id, {
            associationId: assoc.org.id,
            at: '2026-11-27T08:45:00+01:00',
            quality: 'poor',
          });
        }
        return { id: String(d.id) };
      }
      if (path.includes('/quality/')) {
        const d = await createDonation(t.db, { shopId: shop.org.id });
        await markPickedUp(t.db, d.id, {
          associationId: assoc.org.id,
          at: '2026-11-20T10:00:00+01:00',
          quality: 'poor',
        });
        return { id: String(d.id) };
      }
      if (path.includes('/withdrawals/')) {
        const w = await createWithdrawal(t.db, {
          producerOrgId: po.org.id,
          associationId: assoc.org.id,
          date: '2026-11-20',
        });
        return { id: String(w.id) };
      }
      if (path.includes('/territories/')) return { id: String(territory.org.id) };
      if (path.includes('/organisations/')) return { id: String(assoc.org.id) };
      if (path.includes('/devices/')) return { id: '1' };
      return { year: '2026', token: 'no-such-token', id: '1' };
    }

    const handover = async (id: string) =>
      (
        await t.db
          .selectFrom('donations')
          .select('handover_code')
          .where('id', '=', Number(id))
          .executeTakeFirst()
      )?.handover_code ?? '';

    /** Values that pass validation, by field name, so that one hostile field goes deep. */
    const validJson = (path: string, field: string): unknown => {
      const org = path.includes('/organisations');
      const v: Record<string, unknown> = {
        category: 'bakery',
        description: 'Pains',
        quantityKg: 5,
        units: 3,
        storage: org ? { chilled: true, frozen: false } : 'ambient',
        pickupFrom: '2026-11-27T10:00:00+01:00',
        pickupUntil: '2026-11-27T12:00:00+01:00',
        dateKind: 'best_before',
        date: path.includes('withdrawals') ? '2026-11-20' : '2026-12-31',
        packaged: true,
        sameDay: false,
        valueEur: 10,
        receivedKg: 4,
        quality: 'good',
        temperatureC: 4,
        issues: 'Rien',
        email: `fuzz-${Math.random().toString(36).slice(2)}@example.org`,
        password: 'a very long fuzzing passphrase 42',
        role: 'member',
        kind: 'shop',
        name: 'Fuzz',
        address: '1 rue de la Fuzz',
        lat: 45.76,
        lng: 4.83,
        approved: true,
        radiusKm: 5,
        acceptedCategories: ['bakery'],
        minKg: 1,
        maxKg: 100,
        product: 'carrots',
        eurPer100Kg: 12,
        validFrom: '2027-01-01',
        source: 'fuzz',
        transportEurPer100Kg: 1,
        sortingPackingEurPer100Kg: 1,
        marketedKg: 100000,
        associationId: assoc.org.id,
        certificateNumber: 'RC-1',
        acceptOverCeiling: false,
        reason: 'non',
        endpoint: 'https://push.example.org/fuzz',
        keys: {
          p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQ',
          auth: 'tBHItJI5svbpez7KI4CCXg',
        },
      };
      return v[field];
    };
    const validForm: Record<string, string> = {
      description: 'Pains',
      pickupDate: '2026-11-27',
      pickupFromTime: '10:00',
      pickupUntilTime: '12:00',
      action: 'Vitrine réglée à 4 °C',
      yourName: 'Fuzz',
      orgName: 'Fuzz',
      passwordConfirm: 'a very long fuzzing passphrase 42',
      password: 'a very long fuzzing passphrase 42',
      towns: 'Lyon',
      next: '/',
    };

    const asForm = (path: string, k: string) => {
      const v = [validJson(path, k)].flat()[0];
      return v == null || typeof v === 'object' ? '' : v === true ? 'on' : String(v);
    };
    // Pages and their forms: field names and default values, by the route they post to.
    const routes = [
      ...new Map(
        app.routes
          .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
          .map((r) => [`${r.method} ${r.path}`, r] as const),
      ).values(),
    ];
    const pattern = (path: string) =>
      new RegExp(`^${path.replace(/:[a-zA-Z]+/g, '[^/?]+')}(\\?.*)?$`);
    const clients = new Map<Actor, Client>();
    const userIds: Record<Exclude<Actor, 'anonymous'>, number> = {
      admin: admin.id,
      shop: shop.user.id,
      association: assoc.user.id,
      po: po.user.id,
    };
    // Sessions made by the domain function rather than by signing in: the fuzzing of /signin and
    // /api/v1/tokens soon throttles this client's address, as it should.
    const browser = async (who: Actor) => {
      if (!clients.has(who)) {
        const c = new Client(app);
        if (who !== 'anonymous')
          c.cookies.set(SESSION_COOKIE, await createSession(t.db, userIds[who], new Date()));
        clients.set(who, c);
      }
      return clients.get(who)!;
    };
    const forms: { action: string; method: string; fields: Record<string, string> }[] = [];
    for (const r of routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))) {
      if (r.path === '/events') continue;
      for (const who of ['admin', 'shop', 'association', 'po', 'anonymous'] as Actor[]) {
        const ids = await realId(r.path);
        // signed out, with somewhere to go next: the sign-in forms then carry it
        const url =
          r.path.replace(/:([a-zA-Z]+)/g, (_, k) => ids[k] ?? '1') +
          (who === 'anonymous' ? '?next=%2Fdonations' : '');
        const res = await (await browser(who)).get(url);
        if (!res.headers.get('content-type')?.includes('html')) continue;
        const html = await res.text();
        for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
          const action = /action="([^"]*)"/.exec(m[1])?.[1] ?? /hx-post="([^"]*)"/.exec(m[1])?.[1];
          if (!action) continue;
          const fields: Record<string, string> = {};
          for (const f of m[2].matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
            const name = /name="([^"]+)"/.exec(f[2])?.[1];
            if (!name || name === '_csrf' || name in fields) continue;
            const select = m[2].slice(f.index, m[2].indexOf('</select>', f.index));
            fields[name] =
              f[1] === 'select'
                ? (/<option[^>]*value="([^"]+)"/.exec(select)?.[1] ?? '')
                : (/value="([^"]*)"/.exec(f[2])?.[1] ?? '');
          }
          forms.push({ action, method: /method="get"/i.test(m[1]) ? 'GET' : 'POST', fields });
        }
      }
    }
    const formFields = (method: string, path: string) => {
      const re = pattern(path);
      const out: Record<string, string> = {};
      for (const f of forms)
        if (f.method === method && re.test(f.action.replaceAll('&amp;', '&')))
          for (const [k, v] of Object.entries(f.fields))
            out[k] ||= v || validForm[k] || asForm(path, k);
      return out;
    };
    const apiDoc = openApiDocument as any;
    const deref = (s: any): any =>
      s?.$ref ? deref(apiDoc.components.schemas[s.$ref.split('/').pop()]) : s;
    const apiFields = (method: string, path: string) => {
      const op =
        apiDoc.paths[path.replace(/^\/api\/v1/, '').replace(/:([a-zA-Z]+)/g, '{$1}')]?.[
          method.toLowerCase()
        ];
      const body = deref(op?.requestBody?.content?.['application/json']?.schema);
      const query = (op?.parameters ?? []).map(deref).filter((p: any) => p.in === 'query');
      return {
        body: Object.entries<any>(body?.properties ?? {}).map(
          ([k, v]) => [k, kindOfSchema(deref(v), k)] as [string, Kind],
        ),
        query: query.map((p: any) => p.name as string),
      };
    };
    const QUERY_KEYS = [
      'period',
      'from',
      'to',
      'year',
      'month',
      'shop',
      'association',
      'organisationId',
      'category',
      'series',
      'campaign',
      'table',
      'format',
      'limit',
      'lang',
      'next',
      'test',
      'q',
      'lastEventId',
    ];

    const failures: string[] = [];
    let requests = 0;
    // Each request from its own address (as the Node server gives it), so that the sign-in
    // throttle, which counts per address, does not stop the values before they are parsed.
    const fromAddress = () => ({
      incoming: {
        socket: {
          remoteAddress: `10.${(requests >> 16) & 255}.${(requests >> 8) & 255}.${requests & 255}`,
        },
      },
    });
    const send = async (who: Actor, method: string, url: string, body?: unknown) => {
      requests++;
      const ac = new AbortController();
      let res: Response;
      try {
        if (url.startsWith('/api/')) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (who !== 'anonymous') headers.authorization = `Bearer ${await token(who)}`;
          res = await app.request(
            `http://localhost${url}`,
            {
              method,
              headers,
              body: body === undefined ? undefined : JSON.stringify(body),
              signal: ac.signal,
            },
            fromAddress(),
          );
        } else if (method === 'GET') res = await (await browser(who)).get(url);
        else {
          const c = await browser(who);
          const form = new URLSearchParams({ _csrf: await c.csrf() });
          for (const [k, v] of Object.entries((body ?? {}) as Record<string, string>))
            form.append(k, v);
          res = await app.request(
            `http://localhost${url}`,
            {
              method,
              body: form.toString(),
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
              },
              signal: ac.signal,
              redirect: 'manual',
            },
            fromAddress(),
          );
        }
      } catch (e) {
        failures.push(`${who} ${method} ${url.slice(0, 120)} threw ${String(e).slice(0, 200)}`);
        return;
      }
      if (res.status >= 500) {
        const shown = JSON.stringify(body, (_, v) =>
          typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v,
        );
        failures.push(
          `${who} ${method} ${url.slice(0, 120)} ${shown?.slice(0, 300)} -> ${res.status}`,
        );
      }
      ac.abort();
      await res.body?.cancel().catch(() => undefined);
    };
    const tokens = new Map<Actor, string>();
    for (const who of ['admin', 'shop', 'association', 'po'] as const)
      tokens.set(who, (await apiAs(app, emails[who], PASSWORD)).token!);
    const token = async (who: Exclude<Actor, 'anonymous'>) => tokens.get(who)!;

    // Routes that end the session go last.
    routes.sort((a, b) => Number(a.path === '/signout') - Number(b.path === '/signout'));
    const profile: string[] = [];
    for (const r of routes) {
      const started = performance.now();
      const before = requests;
      const method = r.method;
      const isApi = r.path.startsWith('/api/');
      const who = actorFor(method, r.path);
      const ids = await realId(`${method} ${r.path}`);
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
        baseline = Object.fromEntries(fields.map(([k]) => [k, validJson(r.path, k)]));
      } else {
        const f = formFields(method, r.path);
        fields = method === 'GET' ? [] : Object.keys(f).map((k) => [k, kindOfName(k)]);
        baseline = f;
        query = method === 'GET' ? Object.keys(formFields('GET', r.path)) : [];
      }
      if (r.path.endsWith('/pickup')) baseline.handoverCode = await handover(ids.id);
      const hasBody = method !== 'GET';

      // the path parameters
      for (const p of params)
        for (const v of IDS)
          await send(who, method, withIds({ [p]: v }), hasBody ? baseline : undefined);
      // each field on top of valid values, then all of them at once
      for (const [f, kind] of fields) {
        // signing in: a fresh account for each field, which no earlier wrong password has locked
        if (who === 'anonymous' && 'email' in baseline && 'password' in baseline)
          Object.assign(baseline, { email: (await createUser(t.db)).email, password: PASSWORD });
        for (const v of valuesFor(isApi, kind))
          await send(who, method, withIds(), { ...baseline, [f]: v });
      }
      if (hasBody) {
        for (const v of [...TEXTS.filter((v) => v !== MEGA), ...(isApi ? JSON_ANY : [])])
          await send(who, method, withIds(), Object.fromEntries(fields.map(([f]) => [f, v])));
        if (isApi)
          for (const raw of ['[]', 'null', '"x"', '1e999', '{"a":', '\u0000'])
            await sendRaw(who, method, withIds(), raw);
      }
      // the query string: each key it reads, then every key there is at once
      for (const k of query)
        for (const v of valuesFor(false, kindOfName(k)))
          await send(who, method, `${withIds()}?${new URLSearchParams({ [k]: String(v) })}`);
      const allKeys = [...new Set([...query, ...QUERY_KEYS])];
      for (const v of TEXTS.filter((v) => v !== MEGA))
        await send(
          who,
          method,
          `${withIds()}?${new URLSearchParams(Object.fromEntries(allKeys.map((k) => [k, v])))}`,
        );
      if (hasBody && !isApi) clients.delete(who); // whatever it changed, start the next afresh
      if (process.env.FUZZ_PROFILE)
        profile.push(
          `${Math.round(performance.now() - started)}ms ${requests - before} ${method} ${r.path} ` +
            `valid values: ${await statusOf(who, method, withIds(), hasBody ? baseline : undefined)}`,
        );
    }

    async function statusOf(who: Actor, method: string, url: string, body?: unknown) {
      if (url.startsWith('/api/')) {
        const res = await app.request(`http://localhost${url}`, {
          method,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens.get(who)}`,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return `${res.status} ${(await res.text()).slice(0, 150)}`;
      }
      if (method === 'GET') return (await (await browser(who)).get(url)).status;
      const res = await (await browser(who)).post(url, body as any);
      return `${res.status} ${res.status === 422 ? (await res.text()).match(/class="error"[^>]*>[^<]*/g)?.join('|') : ''}`;
    }
    if (process.env.FUZZ_PROFILE) console.log(profile.join('\n'));

    async function sendRaw(who: Actor, method: string, url: string, raw: string) {
      requests++;
      const res = await app.request(`http://localhost${url}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(who === 'anonymous' ? {} : { authorization: `Bearer ${await token(who)}` }),
        },
        body: raw,
      });
      if (res.status >= 500)
        failures.push(`${who} ${method} ${url} raw ${JSON.stringify(raw)} -> ${res.status}`);
      await res.body?.cancel().catch(() => undefined);
    }

    expect(failures, `${failures.length} of ${requests} requests answered 5xx`).toEqual([]);
    expect(routes.length).toBeGreaterThan(60);
    expect(forms.length).toBeGreaterThan(15);
    expect(requests).toBeGreaterThan(2000);
  }, 240_000);
});

describe('the values the outside test found', () => {
  const BIG = '2147483648';
  const window = {
    category: 'bakery',
    description: 'Pains',
    quantityKg: 5,
    storage: 'ambient',
    pickupFrom: '2026-11-27T10:00:00+01:00',
    pickupUntil: '2026-11-27T12:00:00+01:00',
  };

  it('refuses 1e-300 kg and 30 February as field errors, in the API and the form', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, shop.user.email, PASSWORD);
    const tiny = await api.post('/donations', { ...window, quantityKg: 1e-300 });
    expect(tiny.status).toBe(422);
    expect(tiny.body.error.fields).toHaveProperty('quantityKg');
    const feb30 = await api.post('/donations', {
      ...window,
      dateKind: 'best_before',
      date: '2026-02-30',
    });
    expect(feb30.status).toBe(422);
    expect(feb30.body.error.fields).toHaveProperty('date');
    const form = await (
      await signedInAs(shop.user.id)
    ).post('/donations', {
      category: 'bakery',
      description: 'Pains',
      quantityKg: '1e-300',
      storage: 'ambient',
      pickupDate: '2026-11-27',
      pickupFromTime: '10:00',
      pickupUntilTime: '12:00',
    });
    expect(form.status).toBe(422);
    expect(await form.text()).toContain('Doit être supérieur à zéro.');
    const po = await createProducerOrg(t.db);
    const assoc = await createOrgWithUser(t.db, 'association');
    const poApi = await apiAs(app, po.user.email, PASSWORD);
    for (const [field, value] of [
      ['quantityKg', 1e-300],
      ['date', '2026-02-30'],
      ['date', '0000-01-01'],
    ] as const) {
      const res = await poApi.post('/withdrawals', {
        product: 'carrots',
        quantityKg: 10,
        date: '2026-11-20',
        associationId: assoc.org.id,
        [field]: value,
      });
      expect(res.status, `${field} ${value}`).toBe(422);
      expect(res.body.error.fields).toHaveProperty(field);
    }
  });

  it('answers 404 for ids past int4 on every donation route', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    const assoc = await createOrgWithUser(t.db, 'association');
    const shopApi = await apiAs(app, shop.user.email, PASSWORD);
    const assocApi = await apiAs(app, assoc.user.email, PASSWORD);
    const page = await signedInAs(assoc.user.id);
    const answers = [
      (await shopApi.get(`/donations/${BIG}`)).status,
      (await assocApi.post(`/donations/${BIG}/claim`)).status,
      (await assocApi.delete(`/donations/${BIG}/claim`)).status,
      (
        await assocApi.post(`/donations/${BIG}/pickup`, {
          handoverCode: '1',
          receivedKg: 1,
          quality: 'good',
        })
      ).status,
      (await shopApi.post(`/donations/${BIG}/cancel`)).status,
      (await page.get(`/donations/${BIG}`)).status,
      (await page.get(`/donations/${BIG}/record`)).status,
      (await page.post(`/donations/${BIG}/claim`)).status,
      (await page.post(`/donations/${BIG}/release`)).status,
      (await page.post(`/donations/${BIG}/pickup`, { handoverCode: '1' })).status,
      (await page.post(`/donations/1e3/claim`)).status,
    ];
    expect(answers).toEqual(answers.map(() => 404));
  });

  it('refuses a NUL in the territory towns next to the field', async () => {
    const admin = await createUser(t.db, { isAdmin: true });
    const territory = await createOrgWithUser(t.db, 'territory');
    const res = await (
      await signedInAs(admin.id)
    ).post(`/admin/territories/${territory.org.id}/area`, {
      towns: 'Lyon\nVilleurbanne\u0000',
      lat: '',
      lng: '',
      radiusKm: '',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('caractère non autorisé');
  });
});

async function signedInAs(userId: number) {
  const c = new Client(app);
  c.cookies.set(SESSION_COOKIE, await createSession(t.db, userId, new Date()));
  return c;
}
