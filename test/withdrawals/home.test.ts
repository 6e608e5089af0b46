import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { ForbiddenError } from '../../src/shared/errors.js';
import {
  confirmReceipt,
  recordWithdrawal,
  refuseWithdrawal,
} from '../../src/withdrawals/domain.js';
import { producerHomeFigures } from '../../src/withdrawals/home.js';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, declareCampaign, noticeFor } from '../helpers/withdrawal-factories.js';

// Issue 17: a producer organisation's home shows its campaign and the button to record a withdrawal.
const NOW = new Date('2026-11-27T09:00:00+01:00'); // buildApp's clock
let t: TestDatabase;
let po: Awaited<ReturnType<typeof createProducerOrg>>;
let other: Awaited<ReturnType<typeof createProducerOrg>>;

beforeAll(async () => {
  t = await openTestDatabase();
  po = await createProducerOrg(t.db, { marketedKg: 20_000 }); // ceiling 1,000 kg
  other = await createProducerOrg(t.db, { marketedKg: 20_000 });
  const assoc = await createOrgWithUser(t.db, 'association');
  const poActor = await loadActor(t.db, po.user);
  const assocActor = await loadActor(t.db, assoc.user);
  const give = async (actor: typeof poActor, quantityKg: number, date = '2026-11-20') =>
    recordWithdrawal(
      t.db,
      actor,
      {
        product: 'pears',
        quantityKg,
        date,
        associationId: assoc.org.id,
        notifiedAt: noticeFor(date),
      },
      NOW,
    );
  // received: 200 kg of 200 at 23,85 €/100 kg = 47,70 €
  const a = await give(poActor, 200);
  await confirmReceipt(t.db, assocActor, a.id, 200, NOW);
  await give(poActor, 100); // waiting for its receipt: nothing owed yet
  const refused = await give(poActor, 50);
  await refuseWithdrawal(t.db, assocActor, refused.id, 'Abîmées', NOW);
  await declareCampaign(t.db, po.org.id, 2025, 20_000);
  await give(poActor, 30, '2025-11-20'); // last campaign
  await give(await loadActor(t.db, other.user), 400); // another PO's
});
afterAll(async () => t?.close());

describe('the producer organisation home', () => {
  it('counts this campaign of this PO only: withdrawals, kg, pending receipts, compensation owed', async () => {
    const f = await producerHomeFigures(t.db, await loadActor(t.db, po.user), NOW);
    expect(f).toMatchObject({
      campaign: 2026,
      withdrawals: 2, // the refused one gave nothing, last campaign's and the other PO's are not here
      withdrawnKg: 300,
      pendingReceipts: 1,
      compensationEur: 47.7,
    });
    expect(f.ceiling).toMatchObject({ capKg: 1000, usedPct: 30, remainingKg: 700 });
  });

  it('is for producer organisations only', async () => {
    const shop = await createOrgWithUser(t.db, 'shop');
    await expect(producerHomeFigures(t.db, await loadActor(t.db, shop.user), NOW)).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('shows the button to record a withdrawal and the figures, in French and English', async () => {
    const { app } = buildApp(t.db);
    const client = new Client(app);
    await client.signIn(po.user.email, PASSWORD);
    const res = await client.get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(
      /<a class="button" href="\/withdrawals#record-title"[^>]*>Déclarer un retrait</,
    );
    expect(html).toContain('Campagne 2026');
    expect(html).toMatch(/id="home-compensation"[\s\S]*?47,70 €/);
    expect(html).toMatch(/id="home-pending"[\s\S]*?<dd class="figure">1</);
    expect(html).toMatch(/id="home-ceiling"[\s\S]*?30 %/);
    expect(html).toContain('href="/withdrawals.csv?campaign=2026"');
    const en = await (await client.get('/?lang=en')).text();
    expect(en).toContain('Record a withdrawal');
    expect(en).toMatch(/id="home-compensation"[\s\S]*?47\.70 €/);
  });

  it('asks for the marketed volume when the campaign has none', async () => {
    const fresh = await createProducerOrg(t.db, { marketedKg: null });
    const { app } = buildApp(t.db);
    const client = new Client(app);
    await client.signIn(fresh.user.email, PASSWORD);
    const html = await (await client.get('/')).text();
    expect(html).toContain('Déclarez le volume commercialisé de la campagne 2026');
    expect(html).not.toContain('id="home-ceiling"');
  });
});
