import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { plain, RECORDED } from './geocoder-answers.js';

/** One request the server received, in order. */
export interface ReceivedRequest {
  path: string;
  params: URLSearchParams;
  /** performance.now() when it arrived */
  at: number;
}

/**
 * A local HTTP server that plays the Géoplateforme geocoder (`/search`, `/reverse`, GeoCodeJSON)
 * with recorded answers; queries containing these words play its failures:
 * `trop-de-requetes` a 429, `panne` a 500, `lent` an answer after `slowMs`, `casse` a body that is
 * not JSON. Anything else it does not know is an empty FeatureCollection.
 */
export async function startGeocoderServer(opts: { slowMs?: number } = {}) {
  const slowMs = opts.slowMs ?? 5000;
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  function collection(features: unknown[], query: Record<string, unknown>) {
    return {
      type: 'FeatureCollection',
      version: 'draft',
      features,
      attribution: 'BAN',
      licence: 'ETALAB-2.0',
      ...query,
      limit: Number(query.limit ?? 5),
    };
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function search(params: URLSearchParams, res: ServerResponse) {
    const q = plain(params.get('q') ?? '');
    if (q.length < 3 || q.length > 200)
      return send(res, 400, {
        code: 400,
        message: 'Failed parsing query',
        detail: ['q: must contain between 3 and 200 chars'],
      });
    if (q.includes('trop-de-requetes'))
      return send(res, 429, { code: 429, message: 'Too Many Requests' });
    if (q.includes('panne')) return send(res, 500, { code: 500, message: 'Internal Server Error' });
    if (q.includes('casse')) return send(res, 200, '<html>maintenance</html>');
    const found = RECORDED.filter((r) => r.words.every((w) => q.includes(w))).map((r) => r.feature);
    const limit = Number(params.get('limit') ?? 5);
    const answer = collection(found.slice(0, limit), { query: params.get('q'), limit });
    if (q.includes('lent')) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, 200, answer);
      }, slowMs);
      timers.add(timer);
      return;
    }
    send(res, 200, answer);
  }

  /** The nearest recorded address within about 500 m, as the service's reverse does. */
  function reverse(params: URLSearchParams, res: ServerResponse) {
    const lat = Number(params.get('lat'));
    const lon = Number(params.get('lon'));
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      return send(res, 400, { code: 400, message: 'Failed parsing query' });
    const near = RECORDED.map((r) => {
      const [x, y] = r.feature.geometry.coordinates;
      const d = Math.hypot((x - lon) * Math.cos((lat * Math.PI) / 180), y - lat) * 111_000;
      return { r, d };
    })
      .filter(({ d }) => d < 500)
      .sort((a, b) => a.d - b.d)
      .map(({ r, d }) => ({
        ...r.feature,
        properties: { ...r.feature.properties, score: 1, distance: Math.round(d) },
      }));
    send(res, 200, collection(near.slice(0, 1), { limit: 1 }));
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ path: url.pathname, params: url.searchParams, at: performance.now() });
    if (url.pathname.endsWith('/search')) return search(url.searchParams, res);
    if (url.pathname.endsWith('/reverse')) return reverse(url.searchParams, res);
    send(res, 404, { code: 404, message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** what GEOCODER_URL would be set to */
    url: `http://127.0.0.1:${port}/geocodage`,
    requests,
    /** The most requests that arrived within any `windowMs` (sliding, from each arrival). */
    busiestWindow(windowMs = 1000) {
      const at = requests.map((r) => r.at).sort((a, b) => a - b);
      let most = 0;
      for (let i = 0, j = 0; i < at.length; i++) {
        while (at[i] - at[j] >= windowMs) j++;
        most = Math.max(most, i - j + 1);
      }
      return most;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type GeocoderServer = Awaited<ReturnType<typeof startGeocoderServer>>;
