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
