import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/i18n/index.js';

// "Retrait" is the EU market withdrawal (src/withdrawals); an association fetching a donation is a
// "collecte". The README's glossary lists the interface's words.
const WITHDRAWAL_KEY = /^wd\.|withdrawal|^home\.producer_org$/;
const RETRAIT = /\bretraits?\b/i;

/** Keys whose French words say "retrait" though they are not about market withdrawals. */
export function misusedRetrait(words: Readonly<Record<string, string>>) {
  return Object.entries(words)
    .filter(([key, text]) => RETRAIT.test(text) && !WITHDRAWAL_KEY.test(key))
    .map(([key]) => key);
}

// A count is written with the plural it needs: the catalogue's `key.one` forms picked by t(), or
// count() of src/i18n/format.ts for a counted noun ("1 envoi", "3 envois"), never a bracketed
// plural ("envoi(s)", "address(es)", "inscrit(e)s"). A gendered "(e)" alone agrees with a field
// whose gender the sentence cannot know ("non renseigné(e)"): that one was accepted on purpose.
const BRACKETED_PLURAL = /\p{L}(?:\((?:s|x|es)\)|\(e\)s(?!\p{L}))/iu;

/** Keys whose words write a plural in brackets. */
export function bracketedPlurals(words: Readonly<Record<string, string>>) {
  return Object.entries(words)
    .filter(([, text]) => BRACKETED_PLURAL.test(text))
    .map(([key]) => key);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|html)$/.test(name) ? [p] : [];
  });
}

describe('the interface says "collecte" for a pickup and "retrait" for a market withdrawal', () => {
  it('the French catalogue uses "retrait" only in withdrawal keys', () => {
    expect(misusedRetrait(catalogue('fr'))).toEqual([]);
  });

  it('the check catches a pickup called "retrait"', () => {
    expect(
      misusedRetrait({
        'don.my_pickups': 'Mes retraits',
        'wd.title': 'Retraits pour distribution gratuite',
        'don.pickup.title': 'Confirmer la collecte',
      }),
    ).toEqual(['don.my_pickups']);
  });

  it('no mail, notification or view outside the withdrawals writes "retrait"', () => {
    const offenders = ['src', 'views', 'static']
      .flatMap(sourceFiles)
      .filter((p) => !/(^|\/)withdrawals\//.test(p) && !/\/messages\.ts$|\/i18n\//.test(p))
      .filter((p) => RETRAIT.test(readFileSync(p, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('counts are written with their plural, not with "(s)"', () => {
  it.each(['fr', 'en'] as const)('the %s catalogue has no bracketed plural', (lang) => {
    expect(bracketedPlurals(catalogue(lang))).toEqual([]);
  });

  it('the check catches "(s)", "(x)", "(es)" and "(e)s", not a gendered "(e)" nor words in brackets', () => {
    expect(
      bracketedPlurals({
        a: 'Encore {n} envoi(s) possible(s) aujourd’hui.',
        b: '{failing} failing address(es)',
        c: '{n} beau(x) jour(s)',
        d: '{n} personnes inscrit(e)s',
        e: 'Non renseigné(e)',
        f: 'Messages (e-mail et SMS)',
        g: 'Code incorrect : il vous reste 3 essais.',
        h: '6 chiffres, valable 10 minutes, 5 essais (SMS).',
      }),
    ).toEqual(['a', 'b', 'c', 'd']);
  });
});
