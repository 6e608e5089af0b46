import { describe, expect, it } from 'vitest';
import type { Reach } from '../../src/donations/reach.js';
import type { Lang } from '../../src/i18n/index.js';
import { NobodyCanTake } from '../../views/donations/reach.js';

const ctx = (lang: Lang) => ({ lang, actor: null, csrf: '', path: '/donations/1' });
const html = async (reach: Reach | null, lang: Lang = 'fr') =>
  String(await (<NobodyCanTake ctx={ctx(lang)} reach={reach} />)?.toString());

describe('what the shop reads when nobody can take its donation', () => {
  it.each<[string, Reach['reasons'][number], string, string]>([
    [
      'nobody approved',
      { rule: 'none_approved', waiting: 2 },
      'Aucune association n’est encore validée sur la plateforme. 2 associations attendent leur validation.',
      'No association has been approved on the platform yet. 2 associations are awaiting approval.',
    ],
    [
      'out of every radius',
      { rule: 'radius', associations: 3, nearestKm: 11.1 },
      '3 associations sont trop loin pour venir ; la plus proche est à 11,1 km.',
      '3 associations are too far away to come; the nearest is 11.1 km away.',
    ],
    [
      'none in reach (another town): the nearest alone',
      { rule: 'radius', associations: 0, nearestKm: 222.4 },
      'Aucune association validée n’est à portée de ce commerce ; la plus proche est à 222,4 km.',
      'No approved association is within reach; the nearest is 222.4 km away.',
    ],
    [
      'below every minimum',
      { rule: 'min_kg', associations: 3, kg: 2, atKg: 2 },
      '2 associations proches prennent à partir de 2 kg.',
      '2 associations nearby take from 2 kg.',
    ],
    [
      'above every maximum',
      { rule: 'max_kg', associations: 1, kg: 2.5, atKg: 1 },
      'Une association proche prend jusqu’à 2,5 kg : vous pouvez partager ce don.',
      'One association nearby takes up to 2.5 kg: you can split this donation.',
    ],
    [
      'chilled, no fridge',
      { rule: 'storage', associations: 2, storage: 'chilled' },
      '2 associations proches n’ont pas de réfrigérateur pour le frais.',
      '2 associations nearby have no fridge for chilled food.',
    ],
    [
      'frozen, no freezer',
      { rule: 'storage', associations: 1, storage: 'frozen' },
      'Une association proche n’a pas de congélateur pour le surgelé.',
      'One association nearby has no freezer for frozen food.',
    ],
    [
      'category',
      { rule: 'category', associations: 1 },
      'Une association proche n’accepte pas cette catégorie.',
      'One association nearby does not accept this category.',
    ],
    [
      'same day',
      { rule: 'same_day', associations: 4 },
      '4 associations proches ne distribuent pas le jour même.',
      '4 associations nearby do not hand out food the same day.',
    ],
  ])('%s', async (_name, reason, fr, en) => {
    const reach: Reach = { associations: 0, reasons: [reason] };
    expect(await html(reach)).toContain(`<li>${fr}</li>`);
    expect(await html(reach)).toContain('Aucune association ne peut prendre ce don');
    expect(await html(reach, 'en')).toContain(`<li>${en}</li>`);
  });

  it('says nothing when some association can take it', async () => {
    expect(await html({ associations: 2, reasons: [] })).toBe('');
    expect(await html(null)).toBe('');
  });
});
