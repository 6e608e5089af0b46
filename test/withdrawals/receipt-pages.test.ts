import { CSV_COLUMNS } from '../../src/withdrawals/csv.js';
import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/app.js';
import { PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';
import { app, ids, t, usePageParties, who } from './parties.js';

usePageParties();

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
    const res = await c.get('/withdrawals.csv?campaign=2024&lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('withdrawals-2024.csv');
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.map((h) => h.en).join(','));
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
