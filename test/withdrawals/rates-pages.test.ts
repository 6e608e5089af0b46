import { describe, expect, it } from 'vitest';
import { t, usePageParties, who } from './parties.js';

usePageParties();

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
    const noBasis = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      eurPer100Kg: '7,10',
      validFrom: '2027-01-01',
      source: 'x',
    });
    expect(noBasis.status).toBe(422);
    expect(await noBasis.text()).toMatch(/id="f-basis-err"[^>]*>[^<]*règle/);
    const wrongYears = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      basis: 'annex_iv_2017_891',
      eurPer100Kg: '7,10',
      validFrom: '2027-01-01',
      source: 'x',
    });
    expect(wrongYears.status).toBe(422);
    expect(await wrongYears.text()).toMatch(/id="f-validFrom-err"[^>]*>[^<]*2022\/126/);
    const bad = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      basis: 'annex_iv_2017_891',
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
      basis: 'annex_v_2022_126',
      eurPer100Kg: '0',
      validFrom: '2027-01-01',
      source: 'x',
    });
    expect(zero.status).toBe(422);
    const ok = await who.admin.post('/admin/withdrawal-rates', {
      product: 'cabbages',
      basis: 'member_state_2022_126',
      averagePriceEurPer100Kg: '17,75',
      sharePct: '40',
      validFrom: '2027-01-01',
      source: 'Règlement délégué (UE) 2022/126, art. 26',
    });
    expect(ok.status).toBe(303);
    const page = await (await who.admin.get('/admin/withdrawal-rates?saved=added')).text();
    expect(page).toContain('Barème ajouté');
    expect(page).toContain('31/12/2026');
    expect(page).toContain('7,10'); // 40 % of 17.75
    expect(page).toContain('maximum de l’État membre');
    expect(page).toContain('Historique 2014-2018 (soutiens exceptionnels), à confirmer');
  });

  it('saves a transport band by distance; a band past 750 km is refused next to its field', async () => {
    const bad = await who.admin.post('/admin/withdrawal-rates/transport', {
      bandFrom: '2026-01-01',
      upToKm: '800',
      bandEur: '9',
      bandSource: '2022/126 art. 25',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/id="f-upToKm-err"[^>]*>[^<]*750 km/);
    const ok = await who.admin.post('/admin/withdrawal-rates/transport', {
      bandFrom: '2026-01-01',
      upToKm: '750',
      bandEur: '8,98',
      bandSource: '2022/126 art. 25',
    });
    expect(ok.status).toBe(303);
    const page = await (
      await who.admin.get('/admin/withdrawal-rates?saved=transport_saved')
    ).text();
    expect(page).toContain('Coût de transport enregistré');
    expect(page).toContain('8,98');
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
