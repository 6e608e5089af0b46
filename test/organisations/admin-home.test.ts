import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { countPendingApprovals } from '../../src/organisations/domain.js';
import { ForbiddenError } from '../../src/shared/errors.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import {
  createOrganisation,
  createOrgWithUser,
  createUser,
  PASSWORD,
} from '../helpers/factories.js';

// Issue 17: the admin's home says how many associations wait for approval and leads to them.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('the admin home', () => {
  it('counts the associations waiting, says it in words and offers the way to them', async () => {
    const { app } = buildApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const client = new Client(app);
    await client.signIn(admin.email, PASSWORD);
    const home = async (q = '') => (await client.get(`/${q}`)).text();
    expect(await home()).toContain('Aucune association n’attend de validation.');

    await createOrganisation(t.db, 'association', { approved: false });
    await createOrganisation(t.db, 'association'); // approved
    await createOrganisation(t.db, 'shop', { approved: false }); // not an association
    expect(await countPendingApprovals(t.db, await loadActor(t.db, admin))).toBe(1);
    expect(await home()).toContain('1 association attend votre validation.');

    await createOrganisation(t.db, 'association', { approved: false });
    const html = await home();
    expect(html).toContain('2 associations attendent votre validation.');
    expect(html).toMatch(/<a class="button" href="\/admin\/organisations\?pending=1">Valider/);
    expect(await home('?lang=en')).toContain('2 associations are waiting for your approval.');
  });

  it('is the admin’s only', async () => {
    const { user } = await createOrgWithUser(t.db, 'association');
    await expect(countPendingApprovals(t.db, await loadActor(t.db, user))).rejects.toThrow(
      ForbiddenError,
    );
    const { app } = buildApp(t.db);
    const client = new Client(app);
    await client.signIn(user.email, PASSWORD);
    expect(await (await client.get('/')).text()).not.toContain('id="home-admin"');
  });
});
