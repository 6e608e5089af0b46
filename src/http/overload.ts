/**
 * Load shedding for one Node process: past `maxInFlight` requests being answered at once, a new
 * request gets 503 with Retry-After at once instead of waiting in a queue that only grows. Without
 * it a process that receives more than it can answer keeps every request (and its body, its
 * queries, its buffers) until the heap runs out: in the region benchmark a lone instance hit its
 * 128 MB heap limit at 50 posts/s and died. /healthz is always answered, so a load balancer sees
 * a busy instance as alive. A request counts until its Response is ready, so an open SSE stream
 * does not hold a place. 0 turns it off.
 */
type Fetch = (req: Request, ...rest: any[]) => Response | Promise<Response>;

export const OVERLOAD_RETRY_AFTER_S = 1;

export function shedLoad(fetch: Fetch, maxInFlight: number) {
  let inFlight = 0;
  const shed: Fetch & { inFlight: () => number } = Object.assign(
    async (req: Request, ...rest: any[]) => {
      if (maxInFlight > 0 && inFlight >= maxInFlight && !isHealthCheck(req)) return overloaded(req);
      inFlight++;
      try {
        return await fetch(req, ...rest);
      } finally {
        inFlight--;
      }
    },
    { inFlight: () => inFlight },
  );
  return shed;
}

function isHealthCheck(req: Request) {
  return new URL(req.url).pathname === '/healthz';
}

function overloaded(req: Request) {
  const api = new URL(req.url).pathname.startsWith('/api/');
  const headers = {
    'Retry-After': String(OVERLOAD_RETRY_AFTER_S),
    'Cache-Control': 'no-store',
    'Content-Type': api ? 'application/json' : 'text/html; charset=utf-8',
  };
  const body = api
    ? JSON.stringify({
        error: { code: 'overloaded', message: 'The server is busy: try again in a moment.' },
      })
    : '<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      '<title>Serveur occupé</title><p>Le serveur est très occupé : réessayez dans un instant.</p>' +
      '<p lang="en">The server is busy: try again in a moment.</p></html>';
  return new Response(body, { status: 503, headers });
}
