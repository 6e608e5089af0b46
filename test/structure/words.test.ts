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
