// On Node: the feed page listens to SSE when there is an event bus, and polls with htmx when there
// is none (Workers) or when deps.live = 'poll' says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/http/env.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

async function feedWith(extra: Partial<AppDeps>) {
  const { app } = buildApp(t.db, extra);
  const assoc = await createOrgWithUser(t.db, 'association', {}, 'member');
  const browser = new Client(app);
  await browser.signIn(assoc.user.email, PASSWORD);
  const res = await browser.get('/feed');
  expect(res.status).toBe(200);
  return res.text();
}

describe('live feed: SSE or polling', () => {
  it('listens to /events when there is an event bus', async () => {
    const html = await feedWith({ events: new MemoryBus() });
    expect(html).toContain('hx-sse:connect="/events"');
    expect(html).toContain('hx-trigger="donation-changed from:body"');
    expect(html).not.toContain('every 15s');
  });

  it('polls every 15 s without a bus (Workers), and when told to', async () => {
    for (const extra of [{}, { events: new MemoryBus(), live: 'poll' as const }]) {
      const html = await feedWith(extra);
      expect(html).toContain('hx-get="/feed?fragment=1" hx-trigger="every 15s"');
      expect(html).not.toContain('hx-sse:connect');
      expect(html).not.toContain('hx-sse-4');
    }
  });
});
