import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MapTiles } from '../../src/maps/tiles.js';

/** A 1x1 light grey PNG: Leaflet stretches each tile image to 256 px. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eIFAAV0ArnZwsdlAAAAAElFTkSuQmCC',
  'base64',
);

export interface TileServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** the MAP_TILES_URL template pointing here */
  tiles: MapTiles;
  /** paths asked, in order (/z/x/y.png) */
  requests: string[];
  close(): Promise<void>;
}

/** Plays a tile server (OpenStreetMap's /{z}/{x}/{y}.png): the same small PNG for every tile. */
export async function startTileServer(): Promise<TileServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(TILE);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    tiles: { url: `${origin}/{z}/{x}/{y}.png`, attribution: null },
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
