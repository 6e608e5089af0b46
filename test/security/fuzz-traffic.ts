import type { Kysely } from 'kysely';
import type { createApp } from '../../src/app.js';
import { createSession } from '../../src/accounts/domain.js';
import type { Database } from '../../src/db/schema.js';
import { SESSION_COOKIE } from '../../src/http/middleware.js';
import { apiAs, Client } from '../helpers/app.js';
import { PASSWORD } from '../helpers/factories.js';
import type { Actor, SignedIn } from './fuzz-parties.js';

type App = ReturnType<typeof createApp>;

/**
 * The route fuzz's requests, as each actor (a bearer token for the API, a browser's session and
 * CSRF token for the pages): how many went, and each that answered 5xx or threw.
 */
export class FuzzTraffic {
  readonly failures: string[] = [];
  requests = 0;
  private readonly clients = new Map<Actor, Client>();
  private readonly tokens = new Map<Actor, string>();

  constructor(
    private readonly app: App,
    private readonly db: Kysely<Database>,
    private readonly userIds: Record<SignedIn, number>,
  ) {}

  // Sessions made by the domain function rather than by signing in: the fuzzing of /signin and
  // /api/v1/tokens soon throttles this client's address, as it should.
  async browser(who: Actor) {
    if (!this.clients.has(who)) {
      const c = new Client(this.app);
      if (who !== 'anonymous')
        c.cookies.set(SESSION_COOKIE, await createSession(this.db, this.userIds[who], new Date()));
      this.clients.set(who, c);
    }
    return this.clients.get(who)!;
  }

  /** A new browser for `who` next time: whatever a form changed, the next route starts afresh. */
  forget(who: Actor) {
    this.clients.delete(who);
  }

  async signInApi(emails: Record<SignedIn, string>) {
    for (const who of ['admin', 'shop', 'association', 'po'] as const)
      this.tokens.set(who, (await apiAs(this.app, emails[who], PASSWORD)).token!);
  }

  private async token(who: SignedIn) {
    return this.tokens.get(who)!;
  }

  // Each request from its own address (as the Node server gives it), so that the sign-in
  // throttle, which counts per address, does not stop the values before they are parsed.
  private fromAddress() {
    const requests = this.requests;
    return {
      incoming: {
        socket: {
          remoteAddress: `10.${(requests >> 16) & 255}.${(requests >> 8) & 255}.${requests & 255}`,
        },
      },
    };
  }

  async send(who: Actor, method: string, url: string, body?: unknown) {
    this.requests++;
    const ac = new AbortController();
    let res: Response;
    try {
      if (url.startsWith('/api/')) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who !== 'anonymous') headers.authorization = `Bearer ${await this.token(who)}`;
        res = await this.app.request(
          `http://localhost${url}`,
          {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: ac.signal,
          },
          this.fromAddress(),
        );
      } else if (method === 'GET') res = await (await this.browser(who)).get(url);
      else {
        const c = await this.browser(who);
        const form = new URLSearchParams({ _csrf: await c.csrf() });
        for (const [k, v] of Object.entries((body ?? {}) as Record<string, string>))
          form.append(k, v);
        res = await this.app.request(
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
          this.fromAddress(),
        );
      }
    } catch (e) {
      this.failures.push(`${who} ${method} ${url.slice(0, 120)} threw ${String(e).slice(0, 200)}`);
      return;
    }
    if (res.status >= 500) {
      const shown = JSON.stringify(body, (_, v) =>
        typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v,
      );
      this.failures.push(
        `${who} ${method} ${url.slice(0, 120)} ${shown?.slice(0, 300)} -> ${res.status}`,
      );
    }
    ac.abort();
    await res.body?.cancel().catch(() => undefined);
  }

  /** An API body as it comes, unreadable JSON included. */
  async sendRaw(who: Actor, method: string, url: string, raw: string) {
    this.requests++;
    const res = await this.app.request(`http://localhost${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(who === 'anonymous' ? {} : { authorization: `Bearer ${await this.token(who)}` }),
      },
      body: raw,
    });
    if (res.status >= 500)
      this.failures.push(`${who} ${method} ${url} raw ${JSON.stringify(raw)} -> ${res.status}`);
    await res.body?.cancel().catch(() => undefined);
  }

  /** For FUZZ_PROFILE: how a route answers its valid values, not counted as a request. */
  async statusOf(who: Actor, method: string, url: string, body?: unknown) {
    if (url.startsWith('/api/')) {
      const res = await this.app.request(`http://localhost${url}`, {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.tokens.get(who)}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return `${res.status} ${(await res.text()).slice(0, 150)}`;
    }
    if (method === 'GET') return (await (await this.browser(who)).get(url)).status;
    const res = await (await this.browser(who)).post(url, body as any);
    return `${res.status} ${res.status === 422 ? (await res.text()).match(/class="error"[^>]*>[^<]*/g)?.join('|') : ''}`;
  }
}
