import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorCache } from '../../src/accounts/actor-cache.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('the bearer-token actor cache', () => {
  it('answers from memory within its time, and reads the database again after it', async () => {
    let ms = 1_000_000; // the cache's clock, stepped by hand: a loaded machine cannot make it expire early
    const { app } = buildApp(t.db, { actorCache: new ActorCache(200, 10_000, () => ms) });
    const { user } = await createOrgWithUser(t.db, 'association', { approved: true });
    const api = await apiAs(app, user.email, PASSWORD);
    expect((await api.get('/donations')).status).toBe(200);
    await t.db.deleteFrom('memberships').where('user_id', '=', user.id).execute();
    // still the cached actor, an association member: the claim gets as far as looking the donation up
    expect((await api.post('/donations/1/claim')).body.error.code).toBe('not_found');
    ms += 199;
    expect((await api.post('/donations/1/claim')).body.error.code).toBe('not_found');
    ms += 1;
    const after = await api.post('/donations/1/claim');
    expect(after.status).toBe(403); // no longer a member of any association
  });

  it('does not keep unknown tokens, so a new token works at once', async () => {
    const cache = new ActorCache(60_000);
    let calls = 0;
    expect(await cache.get('h', async () => (calls++, null))).toBeNull();
    expect(await cache.get('h', async () => (calls++, null))).toBeNull();
    expect(calls).toBe(2);
  });
});
