import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/app.js';
import { createOrgWithUser } from '../helpers/factories.js';
import { app, count, ids, t, usePageParties, who } from './parties.js';

usePageParties();

const form = (over: Record<string, string> = {}) => ({
  product: 'pears',
  quantityKg: '300',
  date: '2026-11-25',
  associationId: String(ids.assoc),
  notifiedAt: '2026-11-23T09:00', // FranceAgriMer told two days ahead (Paris time)
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
    const res = await who.po.post('/withdrawals', form({ certificateNumber: 'RC-69-0007' }));
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
      const res = await who.po.post(
        '/withdrawals',
        form({ certificateNumber: 'RC-69-0007', [field]: value }),
      );
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
