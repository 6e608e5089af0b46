import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Kysely } from 'kysely';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/schema.js';
import type { AppDeps } from '../../src/http/env.js';
import { nodeStatic } from '../../src/http/static-node.js';
import { openTestDatabase, type TestDatabase } from './db.js';
import { startTileServer, type TileServer } from './tile-server.js';

export interface TestServer {
  /** http://127.0.0.1:<port>, no trailing slash */
  url: string;
  db: Kysely<Database>;
  database: TestDatabase;
  app: ReturnType<typeof createApp>;
  /** errors the app logged (unexpected 500s): a browser test should end with none */
  errors: { msg: string; err: unknown }[];
  /** plays the map's tile server (MAP_TILES_URL points here): no test page asks the network */
  tileServer: TileServer;
  close(): Promise<void>;
}

/**
 * The app served over real HTTP as src/node.ts serves it (same createApp, same static files and
 * cache headers) on a free port, on a migrated database of its own (PGlite from the template, or
 * PostgreSQL when the suite runs there). The real clock: browsers see real time.
 */
export async function startTestServer(
  extra: Omit<Partial<AppDeps>, 'config'> & { config?: Partial<AppDeps['config']> } = {},
): Promise<TestServer> {
  const database = await openTestDatabase();
  const tileServer = await startTileServer();
  const errors: TestServer['errors'] = [];
  const app = createApp({
    db: database.db,
    now: () => new Date(),
    ping: database.ping,
    ...extra,
    // a test's settings on top of these: its own tile server stays unless the test sets another
    config: {
      pushAllowInsecureEndpoints: true,
      vapidSubject: 'mailto:test@example.org',
      mapTiles: tileServer.tiles,
      ...extra.config,
    },
    serveStatic: nodeStatic(),
    log: (msg, err) => {
      errors.push({ msg, err });
      console.error(msg, err);
    },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: database.db,
    database,
    app,
    errors,
    tileServer,
    async close() {
      (server as any).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tileServer.close();
      await database.close();
    },
  };
}
