import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

/** HAProxy is not installed: what to do about it. */
export class HaproxyMissingError extends Error {
  constructor() {
    super(
      'HAProxy is not installed (looked for haproxy on PATH and /usr/sbin/haproxy).\n' +
        'On Debian or Ubuntu: sudo apt-get install haproxy',
    );
    this.name = 'HaproxyMissingError';
  }
}

/** The haproxy binary (PATH, then Debian's /usr/sbin), or null. */
export function findHaproxy(): string | null {
  try {
    const path = execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim();
    if (path) return path;
  } catch {
    // not on PATH
  }
  return existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : null;
}

export interface HaproxyBackend {
  name: string;
  port: number;
}

/**
 * The configuration `npm run region` runs, and the README's reference. What matters for the site:
 * - health checks on /healthz every 500 ms, 2 failures out, 2 successes back in: a dead instance
 *   is out within about a second and a restarted one back within about a second;
 * - SSE: HAProxy forwards a response's bytes as they come (no buffering in HTTP mode); `timeout
 *   server`/`client` only count silence, and the site sends a comment every 15 s on /events, so
 *   60 s keeps streams open; `timeout tunnel` covers upgraded connections; `option http-no-delay`
 *   sends each event at once (without it, HAProxy holds small writes back for up to 200 ms,
 *   measured here: an event reached the pages about 200 ms after the post's answer, then 0-50 ms);
 * - a connection refused (an instance that just died, not yet marked down) is retried on another
 *   instance (`retries` + `option redispatch`): nothing was sent, so even a POST is safe to retry;
 *   never an empty or late answer (`retry-on conn-failure` only): that POST may have been written;
 * - `option http-server-close`: one server connection per request, never a reused connection the
 *   instance is closing at that moment (a POST on it would be answered 502);
 * - at most SERVER_MAXCONN requests at once per instance (`maxconn`): more wait in HAProxy's
 *   queue (up to `timeout queue`) instead of piling up in an instance until its heap runs out;
 *   health checks do not wait in that queue, so a busy instance is not taken for a dead one;
 *   /events streams go to their own backend (`track`ing the same checks) without that limit;
 * - X-Forwarded-For for the sign-in throttle (the instances run with TRUST_PROXY=1), and
 *   X-Served-By naming the instance that answered (for tests and for reading logs).
 */
/** Requests one instance answers at once behind HAProxy (below the app's own MAX_IN_FLIGHT, 128). */
export const SERVER_MAXCONN = 64;

export function haproxyConfig(opts: {
  port: number;
  statsSocket: string;
  backends: HaproxyBackend[];
}): string {
  const servers = opts.backends
    .map((b) => `  server ${b.name} 127.0.0.1:${b.port} check maxconn ${SERVER_MAXCONN}`)
    .join('\n');
  const streamServers = opts.backends
    .map((b) => `  server ${b.name} 127.0.0.1:${b.port} track instances/${b.name}`)
    .join('\n');
  return `global
  maxconn 4096
  stats socket ${opts.statsSocket} mode 600 level admin

defaults
  mode http
  option forwardfor
  option http-server-close
  option http-no-delay
  option redispatch 1
  retries 3
  retry-on conn-failure
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout queue 10s
  timeout tunnel 1h
  timeout client-fin 5s

frontend site
  bind 127.0.0.1:${opts.port}
  use_backend streams if { path /events }
  default_backend instances

backend instances
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  # a slow answer under load is not a dead instance: only a refused or failed check counts fast
  timeout check 3s
  default-server inter 500ms fastinter 250ms downinter 500ms fall 3 rise 2
  http-response set-header X-Served-By %s
${servers}

# open pages' event streams: held for hours, so they do not count against maxconn above
backend streams
  balance leastconn
  http-response set-header X-Served-By %s
${streamServers}
`;
}

/** One line of `show stat` for a server of the `instances` backend. */
export interface ServerStat {
  name: string;
  /** UP, DOWN, "UP 1/2" (going down), "DOWN 1/2" (coming back), MAINT... */
  status: string;
  checkStatus: string;
  /** requests (sessions) it served so far */
  total: number;
}

/** Sends one command to HAProxy's stats socket and returns its whole answer. */
export function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const s = connect(socket, () => s.end(`${command}\n`));
    s.setEncoding('utf8');
    s.on('data', (d) => (out += d));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

/** The servers of the `instances` backend as `show stat` reports them. */
export async function serverStats(socket: string): Promise<ServerStat[]> {
  const csv = await statsCommand(socket, 'show stat');
  const [head, ...lines] = csv.trim().split('\n');
  const cols = head.replace(/^# /, '').split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines
    .map((l) => l.split(','))
    .filter((f) => f[at('pxname')] === 'instances' && !['BACKEND', 'FRONTEND'].includes(f[1]))
    .map((f) => ({
      name: f[at('svname')],
      status: f[at('status')],
      checkStatus: f[at('check_status')],
      total: Number(f[at('stot')]),
    }));
}
