import type { Kysely } from 'kysely';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/schema.js';
import type { AppDeps } from '../../src/http/env.js';
import { PASSWORD } from './factories.js';

export class TestClock {
  constructor(public current = new Date('2026-11-27T09:00:00+01:00')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(d: Date | string) {
    this.current = new Date(d);
  }
}

export function buildApp(db: Kysely<Database>, extra: Partial<AppDeps> = {}) {
  const clock = new TestClock();
  const errors: unknown[] = [];
  const deps: AppDeps = {
    db,
    now: clock.now,
    ping: async () => {},
    config: { pushAllowInsecureEndpoints: true, vapidSubject: 'mailto:test@example.org' },
    log: (m, e) => {
      errors.push(e);
      if (process.env.TEST_LOG_ERRORS) console.error(m, e);
    },
    ...extra,
  };
  return { app: createApp(deps), clock, errors, deps };
}

type App = ReturnType<typeof createApp>;

/** A browser-like client: keeps cookies, sends the CSRF token with forms. */
export class Client {
  cookies = new Map<string, string>();
  constructor(
    private readonly app: App,
    private readonly base = 'http://localhost',
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i);
      const v = pair.slice(i + 1);
      if (/Max-Age=0/i.test(line) || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await this.app.request(this.base + path, { ...init, headers, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  async csrf() {
    if (!this.cookies.get('csrf')) await this.get('/signin');
    return this.cookies.get('csrf')!;
  }

  /** Post a form as a browser would, with the CSRF token (unless `_csrf` is given). */
  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ) {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', await this.csrf());
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return this.request(path, {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** Post a multipart form (a file field among them), as a browser posts the form with a photo. */
  async postMultipart(
    path: string,
    fields: Record<string, string>,
    files: Record<string, { bytes: Uint8Array; name: string; type: string }>,
  ) {
    const body = new FormData();
    body.append('_csrf', await this.csrf());
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    for (const [k, f] of Object.entries(files))
      body.append(k, new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
    return this.request(path, { method: 'POST', body });
  }

  async signIn(email: string, password: string) {
    const res = await this.post('/signin', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    return res;
  }
}

/** A JSON API client with a bearer token. */
export class ApiClient {
  constructor(
    private readonly app: App,
    public token: string | null = null,
  ) {}
  async call(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await this.app.request(`http://localhost/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  get = (p: string) => this.call('GET', p);
  post = (p: string, b?: unknown) => this.call('POST', p, b ?? {});
  patch = (p: string, b: unknown) => this.call('PATCH', p, b);
  delete = (p: string, b?: unknown) => this.call('DELETE', p, b);
}

export async function apiAs(app: App, email: string, password: string) {
  const api = new ApiClient(app);
  const res = await api.post('/tokens', { email, password });
  if (res.status !== 201)
    throw new Error(`token failed: ${res.status} ${JSON.stringify(res.body)}`);
  api.token = res.body.token;
  return api;
}

/** A browser-like client of `app`, signed in as `email` (the factories' password by default). */
export async function signedIn(app: App, email: string, password = PASSWORD) {
  const c = new Client(app);
  await c.signIn(email, password);
  return c;
}
