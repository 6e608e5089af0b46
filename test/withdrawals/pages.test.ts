import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';

let t: TestDatabase;
let app: ReturnType<typeof buildApp>['app'];
const who: Record<string, Client> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  app = buildApp(t.db).app; // the clock says 2026-11-27
  const po = await createProducerOrg(t.db, {
    marketedKg: 20_000,
    overrides: { name: 'Vergers du Lyonnais' },
  }); // ceiling 1,000 kg
  const otherPo = await createProducerOrg(t.db);
  const assoc = await createOrgWithUser(t.db, 'association', {
    name: 'Épicerie solidaire Croix-Rousse',
  });
  const otherAssoc = await createOrgWithUser(t.db, 'association');
  const shop = await createOrgWithUser(t.db, 'shop');
  const admin = await createUser(t.db, { isAdmin: true });
  Object.assign(ids, {
    po: po.org.id,
    otherPo: otherPo.org.id,
    assoc: assoc.org.id,
    otherAssoc: otherAssoc.org.id,
  });
  for (const [k, u] of Object.entries({
    po: po.user,
    otherPo: otherPo.user,
    assoc: assoc.user,
    otherAssoc: otherAssoc.user,
    shop: shop.user,
    admin,
  })) {
    who[k] = new Client(app);
    await who[k].signIn(u.email, PASSWORD);
  }
});
afterAll(async () => t?.close());

const count = async () =>
  Number(
    (
      await t.db
        .selectFrom('withdrawals')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const form = (over: Record<string, string> = {}) => ({
  product: 'pears',
  quantityKg: '300',
  date: '2026-11-25',
  associationId: String(ids.assoc),
  certificateNumber: 'RC-69-0007',
  ...over,
});

describe('producer organisation pages', () => {
  it('shows the ceiling, what is left under it, and the form with approved associations only', async () => {
    const unapproved = await createOrgWithUser(t.db, 'association', {
      approved: false,
      name: 'Pas encore validée',
    });
    const res = await who.po.get('/withdrawals');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Plafond de 5 %');
    expect(html).toContain('sur 1\u202f000 kg autorisés');
    expect(html).toContain('Au plus 1\u202f000 kg restent sous le plafond de 5 %');
    expect(html).toContain('Épicerie solidaire Croix-Rousse');
    expect(html).not.toContain(`value="${unapproved.org.id}"`);
    expect(html).toContain('Poires (0808 30) — 23,85 €/100 kg');
  });

  it('records a withdrawal and lists it as waiting for the receipt', async () => {
    const res = await who.po.post('/withdrawals', form());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/withdrawals?campaign=2026&recorded=1');
    const html = await (await who.po.get('/withdrawals?campaign=2026&recorded=1')).text();
    expect(html).toContain('Retrait enregistré');
    expect(html).toContain('Réception à confirmer');
    expect(html).toContain('RC-69-0007');
    expect(html).toContain('Reste sous le plafond : 700 kg.');
  });

  it.each([
    ['quantityKg', '-3', 'supérieure à zéro'],
    ['quantityKg', 'beaucoup', 'Saisissez un nombre'],
    ['quantityKg', '9999999', 'trop grande'],
    ['date', '2026-12-01', 'futur'],
    ['date', '2013-06-01', 'Aucun barème'],
    ['product', 'durian', 'Produit inconnu'],
    ['associationId', '', 'obligatoire'],
  ])(
    're-shows the form with %s=%j refused next to the field, values kept, nothing saved',
    async (field, value, message) => {
      const before = await count();
      const res = await who.po.post('/withdrawals', form({ [field]: value }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`id="f-${field}-err"[^>]*>[^<]*${message}`));
      expect(html).toContain('value="RC-69-0007"');
      expect(await count()).toBe(before);
    },
  );

  it('warns before the ceiling is passed, and records only once the PO confirms', async () => {
    const before = await count();
    const over = await who.po.post('/withdrawals', form({ quantityKg: '700.01' }));
    expect(over.status).toBe(422);
    const html = await over.text();
    expect(html).toContain('dépasserait votre plafond de 5 %');
    expect(html).toContain('name="acceptOverCeiling"');
    expect(html).toContain('value="700.01"');
    expect(await count()).toBe(before);
    const ok = await who.po.post(
      '/withdrawals',
      form({ quantityKg: '700.01', acceptOverCeiling: 'on' }),
    );
    expect(ok.status).toBe(303);
    const page = await (await who.po.get('/withdrawals')).text();
    expect(page).toContain('au-delà de 5 %');
    expect(page).toContain('Le plafond de 5 % est dépassé');
  });

  it('declares the marketed volume of another campaign, refusing nonsense', async () => {
    expect((await who.po.post('/withdrawals/campaigns/2025', { marketedKg: '-10' })).status).toBe(
      422,
    );
    const bad = await (
      await who.po.post('/withdrawals/campaigns/2025', { marketedKg: 'abc' })
    ).text();
    expect(bad).toContain('id="f-marketedKg-err"');
    const page2025 = await (await who.po.get('/withdrawals?campaign=2025')).text();
    expect(page2025).toContain('Déclarez le volume commercialisé de la campagne 2025');
    expect(page2025).not.toContain('id="record-form"');
    expect(
      (await who.po.post('/withdrawals/campaigns/2025', { marketedKg: '40 000' })).status,
    ).toBe(303);
    expect(await (await who.po.get('/withdrawals?campaign=2025')).text()).toContain(
      'sur 2\u202f000 kg autorisés',
    );
  });

  it('keeps other roles out', async () => {
    expect((await who.shop.get('/withdrawals')).status).toBe(403);
    expect((await who.assoc.post('/withdrawals', form())).status).toBe(403);
    expect((await who.admin.post('/withdrawals/campaigns/2026', { marketedKg: '10' })).status).toBe(
      403,
    );
    const anonymous = await new Client(app).get('/withdrawals');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/signin');
  });
});

describe('association pages', () => {
  it('confirms receipt with the kg received; too many kg is refused next to the field', async () => {
    const w = await createWithdrawal(t.db, {
      producerOrgId: ids.po,
      associationId: ids.assoc,
      product: 'plums',
      quantityKg: 250,
      date: '2026-11-02',
    });
    const page = await (await who.assoc.get('/withdrawals')).text();
    expect(page).toContain(`action="/withdrawals/${w.id}/receipt"`);
    expect(page).toContain('Vergers du Lyonnais');

    const tooMuch = await who.assoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: '260' });
    expect(tooMuch.status).toBe(422);
    const html = await tooMuch.text();
    expect(html).toMatch(
      new RegExp(`id="f-receivedKg-${w.id}-err"[^>]*>[^<]*ne peut pas dépasser`),
    );
    expect(html).toContain('value="260"');

    expect(
      (await who.otherAssoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: '100' })).status,
    ).toBe(404);
    expect((await who.po.post(`/withdrawals/${w.id}/receipt`, { receivedKg: '100' })).status).toBe(
      403,
    );

    const ok = await who.assoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: '240,5' });
    expect(ok.status).toBe(303);
    const after = await (await who.assoc.get('/withdrawals?answered=1')).text();
    expect(after).toContain('Réponse enregistrée');
    expect(after).toContain('81,77 €'); // 2.405 x 34.00 = 81.77
    expect(
      (await who.assoc.post(`/withdrawals/${w.id}/receipt`, { receivedKg: '10' })).status,
    ).toBe(409);
    expect(await (await who.po.get('/withdrawals')).text()).toContain('81,77 €');
  });

  it('refuses with a reason, which is required', async () => {
    const w = await createWithdrawal(t.db, {
      producerOrgId: ids.po,
      associationId: ids.assoc,
      quantityKg: 50,
      date: '2026-11-03',
    });
    const empty = await who.assoc.post(`/withdrawals/${w.id}/refusal`, { reason: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(`id="f-reason-${w.id}-err"`);
    expect(
      (await who.assoc.post(`/withdrawals/${w.id}/refusal`, { reason: 'Chambre froide en panne' }))
        .status,
    ).toBe(303);
    const row = await t.db
      .selectFrom('withdrawals')
      .selectAll()
      .where('id', '=', w.id)
      .executeTakeFirstOrThrow();
    expect([row.status, row.refusal_reason, row.amount_eur]).toEqual([
      'refused',
      'Chambre froide en panne',
      null,
    ]);
    expect(await (await who.po.get('/withdrawals')).text()).toContain('Chambre froide en panne');
  });
});

describe('paperwork', () => {
  it('prints an attestation with who, what, kg, date, certificate and a signature block', async () => {
    const w = await createWithdrawal(t.db, {
      producerOrgId: ids.po,
      associationId: ids.assoc,
      product: 'sweet_cherries',
      quantityKg: 120,
      receivedKg: 118.5,
      date: '2026-07-08',
      certificateNumber: 'FAM-CER-88',
    });
    for (const c of [who.po, who.assoc, who.admin]) {
      const res = await c.get(`/withdrawals/${w.id}/attestation`);
      expect(res.status).toBe(200);
      const html = await res.text();
      for (const s of [
        'Attestation de réception',
        'Vergers du Lyonnais',
        'Épicerie solidaire Croix-Rousse',
        'Cerises douces',
        '0809 29 00',
        '120 kg',
        '118,5 kg',
        '08/07/2026',
        'FAM-CER-88',
        'Signature et cachet',
        'comptabilité matières',
      ])
        expect(html, s).toContain(s);
    }
    expect((await who.otherPo.get(`/withdrawals/${w.id}/attestation`)).status).toBe(404);
    expect((await who.otherAssoc.get(`/withdrawals/${w.id}/attestation`)).status).toBe(404);
    expect((await who.shop.get(`/withdrawals/${w.id}/attestation`)).status).toBe(404);
  });

  it('exports the campaign claim as CSV: confirmed receipts only, formulas defused', async () => {
    const po = await createProducerOrg(t.db, { year: 2024 });
    const c = new Client(app);
    await c.signIn(po.user.email, PASSWORD);
    await createWithdrawal(t.db, {
      producerOrgId: po.org.id,
      associationId: ids.assoc,
      product: 'carrots',
      quantityKg: 1000,
      receivedKg: 999.99,
      flatEurPer100Kg: 3.5,
      date: '2024-05-02',
      certificateNumber: '=HYPERLINK("x")',
    });
    await createWithdrawal(t.db, {
      producerOrgId: po.org.id,
      associationId: ids.assoc,
      quantityKg: 10,
      date: '2024-05-03',
    }); // pending: not claimable
    await createWithdrawal(t.db, {
      producerOrgId: po.org.id,
      associationId: ids.assoc,
      quantityKg: 10,
      date: '2024-05-04',
      refused: 'non',
    });
    const res = await c.get('/withdrawals.csv?campaign=2024');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('withdrawals-2024.csv');
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'withdrawal_id,certificate_number,withdrawal_date,campaign,producer_org,product,cn_code,association_id,association,withdrawn_kg,received_kg,eur_per_100kg,flat_eur_per_100kg,flat_eur,compensation_eur,beyond_5pct_ceiling,receipt_confirmed_at,rate_source',
    );
    expect(lines).toHaveLength(2);
    // 9.9999 x (12.81 + 3.50) = 163.098369 -> 163.10; flat 9.9999 x 3.50 = 34.99965 -> 35.00
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"")",2024-05-02,2024,`);
    expect(lines[1]).toContain(',Carrots,0706 10 00,');
    expect(lines[1]).toContain(',1000.00,999.99,12.81,3.50,35.00,163.10,no,');
    expect((await who.assoc.get('/withdrawals.csv?campaign=2024')).status).toBe(403);
    expect((await who.shop.get('/withdrawals.csv?campaign=2024')).status).toBe(403);
    expect((await who.po.get('/withdrawals.csv?campaign=2024')).status).toBe(200);
    expect(await (await who.po.get('/withdrawals.csv?campaign=2024')).text()).not.toContain(
      'HYPERLINK',
    );
  });
});

describe('words', () => {
  it('has every French word in English too, and renders the page in English', async () => {
    const { t: tr } = await import('../../src/i18n/index.js');
    const source = (await import('node:fs')).readFileSync('src/withdrawals/messages.ts', 'utf8');
    const keys = [...new Set([...source.matchAll(/'(wd\.[a-z_.]+)'/g)].map((m) => m[1]))];
    expect(keys.length).toBeGreaterThan(50);
    // each key once in the French dictionary and once in the English one
    for (const k of keys) expect(source.split(`'${k}':`).length - 1, k).toBe(2);
    expect(tr('en', 'wd.err.future')).not.toBe(tr('fr', 'wd.err.future'));
    const html = await (await who.po.get('/withdrawals?lang=en')).text();
    expect(html).toContain('Withdrawals for free distribution');
    expect(html).not.toMatch(/>wd\./);
  });
});

describe('admin: rates page', () => {
  it('is for the admin only', async () => {
    expect((await who.admin.get('/admin/withdrawal-rates')).status).toBe(200);
    for (const k of ['po', 'assoc', 'shop'])
      expect((await who[k].get('/admin/withdrawal-rates')).status, k).toBe(403);
    expect(
      (
        await who.po.post('/admin/withdrawal-rates', {
          product: 'pears',
          eurPer100Kg: '1',
          validFrom: '2027-01-01',
          source: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('adds a rate that closes the previous one, and refuses bad ones next to the field', async () => {
    const bad = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      eurPer100Kg: '7,10',
      validFrom: '2010-01-01',
      source: 'Règlement délégué (UE) 2017/891, annexe IV',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/id="f-validFrom-err"[^>]*>[^<]*commencer après/);
    expect(html).toContain('value="Règlement délégué (UE) 2017/891, annexe IV"');
    const zero = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      eurPer100Kg: '0',
      validFrom: '2027-01-01',
      source: 'x',
    });
    expect(zero.status).toBe(422);
    const ok = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      eurPer100Kg: '7,10',
      validFrom: '2027-01-01',
      source: 'Règlement délégué (UE) 2017/891, annexe IV',
    });
    expect(ok.status).toBe(303);
    const page = await (await who.admin.get('/admin/withdrawal-rates?saved=added')).text();
    expect(page).toContain('Barème ajouté');
    expect(page).toContain('31/12/2026');
    expect(page).toContain('7,10');
  });

  it('saves optional flat amounts; empty means none', async () => {
    const bad = await who.admin.post('/admin/withdrawal-rates/flat', {
      transportEurPer100Kg: '-1',
      sortingPackingEurPer100Kg: '',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="f-transportEurPer100Kg-err"');
    expect(
      (
        await who.admin.post('/admin/withdrawal-rates/flat', {
          transportEurPer100Kg: '2,5',
          sortingPackingEurPer100Kg: '',
        })
      ).status,
    ).toBe(303);
    const s = await t.db.selectFrom('withdrawal_settings').selectAll().executeTakeFirstOrThrow();
    expect([s.transport_eur_per_100kg, s.sorting_packing_eur_per_100kg]).toEqual([2.5, null]);
    await who.admin.post('/admin/withdrawal-rates/flat', {
      transportEurPer100Kg: '',
      sortingPackingEurPer100Kg: '',
    });
  });
});
