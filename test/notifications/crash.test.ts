import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireLeases } from '../../src/notifications/sender.js';
import { vapidKeys } from '../../src/notifications/vapid.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';
import { associationAt, newPlace, postDonationAt, shopAt, subscribe } from './factories.js';
import { FakePushService } from './push-service.js';

// The sender runs in a child process on the same PostgreSQL; PGlite cannot be shared across processes.
const onPostgres = process.env.TEST_DB === 'postgres';

function runChild(url: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/notifications/crash-child.ts'], {
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function until(pred: () => boolean, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!onPostgres)('a sender killed in the middle of a batch', () => {
  let t: TestDatabase;
  const push = new FakePushService();
  let children: ChildProcess[] = [];
  beforeAll(async () => {
    t = await openTestDatabase();
    await push.start();
    await vapidKeys(t.db, { vapidSubject: 'mailto:crash@example.org' });
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await push.stop();
    await t?.close();
  });

  it('after a restart every device has each notification, none twice', async () => {
    const place = newPlace();
    const shop = await shopAt(t.db, place);
    const { org, users } = await associationAt(t.db, place, 1, {}, 1);
    const devices = [push.device()];
    await subscribe(t.db, users[0].id, devices[0]);
    for (let i = 0; i < 39; i++) {
      const u = await createUser(t.db, { organisationId: org.id, role: 'member' });
      const d = push.device();
      devices.push(d);
      await subscribe(t.db, u.id, d);
    }
    const now = new Date();
    const donations = [];
    for (let i = 0; i < 3; i++) donations.push(await postDonationAt(t.db, shop.id, now));
    const expected = devices.length * donations.length;
    expect(
      Number(
        (
          await t.db
            .selectFrom('push_deliveries')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(expected);

    // the push service answers the first 30, then takes messages without answering
    push.onReceive = () => {
      if (push.received.length >= 30) push.defaultBehaviour = 'hold';
    };
    const first = runChild(t.url!);
    children.push(first.child);
    await until(() => push.received.length > 30, 'held messages');
    // the child now waits on answers that do not come (both overlapping batches are out)
    for (let last = -1; last !== push.received.length;) {
      last = push.received.length;
      await new Promise((r) => setTimeout(r, 300));
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null); // killed, not finished

    const states = await t.db.selectFrom('push_deliveries').select(['status']).execute();
    const count = (s: string) => states.filter((r) => r.status === s).length;
    expect(count('sending')).toBeGreaterThan(0); // a batch was in flight
    expect(count('pending')).toBeGreaterThan(0); // and more was still to send
    const inFlight = count('sending');

    // restart: the push service works again
    push.onReceive = undefined;
    push.defaultBehaviour = 'ok';
    push.release();
    const second = runChild(t.url!);
    children.push(second.child);
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/done \d+/);

    // every device has each notification exactly once
    const pairs = push.received.map((r) => `${r.deviceId}/${r.payload.donationId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.length).toBe(expected);
    expect(push.problems).toEqual([]);
    // the claims of the killed process are settled as unknown once their lease is over, and not resent
    expect(await expireLeases(t.db, new Date(Date.now() + 10_000))).toBe(inFlight);
    const after = await t.db.selectFrom('push_deliveries').select(['status']).execute();
    expect(after.filter((r) => r.status === 'sent').length).toBe(expected - inFlight);
    expect(after.filter((r) => r.status === 'unknown').length).toBe(inFlight);
  });
});
