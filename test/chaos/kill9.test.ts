import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openPGlite } from '../../src/db/pglite.js';
import {
  burst,
  call,
  donationBody,
  eventually,
  healthy,
  missingWrites,
  seedNetwork,
  startServerProcess,
  tally,
  type Network,
  type ServerProcess,
} from './lib.js';
import { baseUrl, chaosDatabase } from './postgres.js';

// The server killed with SIGKILL in the middle of a burst of posts and claims, then started again
// on the same data: it starts, serves, and every write it answered 2xx for before dying is there.

/** Burst, SIGKILL once it is well under way, and the answers it got. */
async function killMidBurst(server: ServerProcess, net: Network) {
  const load = burst(server.port, net, () => !server.alive());
  await eventually(() => load.successes() >= 40, 60_000);
  await server.kill9();
  const outcomes = await load.done;
  console.log('chaos, kill -9:', JSON.stringify(tally(outcomes)));
  expect(load.successes()).toBeGreaterThanOrEqual(40);
  // what was answered before the kill is all a 2xx or a 4xx, never a 5xx
  expect(outcomes.filter((o) => o.answer.status >= 500).map((o) => o.answer.body)).toEqual([]);
  return outcomes;
}

async function postOne(server: ServerProcess, token: string) {
  const a = await call(
    server.port,
    'POST',
    '/api/v1/donations',
    { authorization: `Bearer ${token}` },
    donationBody('Après le redémarrage'),
  );
  return a.status;
}

describe.skipIf(!baseUrl)('kill -9 of the server on PostgreSQL', () => {
  let pg: Awaited<ReturnType<typeof chaosDatabase>>;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await pg?.drop();
  });

  it('restarts on the same database, serves, and lost no 2xx write', async () => {
    pg = await chaosDatabase('kill');
    const net = await seedNetwork(pg.db, { shops: 8, associations: 8, claimable: 3000 });
    const first = await startServerProcess({ DATABASE_URL: pg.url });
    servers.push(first);
    const outcomes = await killMidBurst(first, net);
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await startServerProcess({ DATABASE_URL: pg.url });
    servers.push(second);
    await healthy(second.port);
    const { posted, claimed, missing } = await missingWrites(pg.db, outcomes);
    expect(posted).toBeGreaterThan(0);
    expect(claimed).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(await postOne(second, net.shops[0].token)).toBe(201);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
  }, 150_000);
});

describe('kill -9 of the server on the embedded database (PGlite on disk)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-chaos-'));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts past the lock of the dead process, serves, and lost no 2xx write', async () => {
    // seeded here, then closed: one process at a time on the folder
    let handle = await openPGlite(dir);
    await migrateToLatest(handle.db);
    const net = await seedNetwork(handle.db, { shops: 4, associations: 4, claimable: 2000 });
    await handle.close();

    const first = await startServerProcess({ DATA_DIR: dir });
    servers.push(first);
    const lock = join(dir, 'server.lock');
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.proc.pid));
    const outcomes = await killMidBurst(first, net);
    expect((await first.exited).signal).toBe('SIGKILL');
    // SIGKILL leaves the lock behind, naming a process that no longer exists
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.proc.pid));

    const second = await startServerProcess({ DATA_DIR: dir });
    servers.push(second);
    await healthy(second.port);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(second.proc.pid));
    expect(await postOne(second, net.shops[0].token)).toBe(201);
    // a live lock still keeps a second process off the folder
    await expect(startServerProcess({ DATA_DIR: dir })).rejects.toThrow(/already used by process/);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(lock)).toBe(false);

    handle = await openPGlite(dir);
    try {
      const { posted, claimed, missing } = await missingWrites(handle.db, outcomes);
      expect(posted).toBeGreaterThan(0);
      expect(claimed).toBeGreaterThan(0);
      expect(missing).toEqual([]);
    } finally {
      await handle.close();
    }
  }, 150_000);
});
