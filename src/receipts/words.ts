/**
 * Amounts in French words for the Cerfa 16216 receipt, in the traditional spelling (hyphens only
 * between tens and units under a hundred): 1234.5 -> "mille deux cent trente-quatre euros et
 * cinquante centimes".
 */
const UNITS = [
  'zéro',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
];
const TENS: Record<number, string> = {
  2: 'vingt',
  3: 'trente',
  4: 'quarante',
  5: 'cinquante',
  6: 'soixante',
};

/** 0..99; `final` says nothing follows (quatre-vingts takes an s only then). */
function belowHundred(n: number, final: boolean): string {
  if (n <= 16) return UNITS[n];
  if (n < 20) return `dix-${UNITS[n - 10]}`;
  const ten = Math.floor(n / 10);
  const unit = n % 10;
  if (ten === 7)
    return unit === 1 ? 'soixante et onze' : `soixante-${belowHundred(10 + unit, final)}`;
  if (ten === 8)
    return unit === 0 ? (final ? 'quatre-vingts' : 'quatre-vingt') : `quatre-vingt-${UNITS[unit]}`;
  if (ten === 9) return `quatre-vingt-${belowHundred(10 + unit, final)}`;
  if (unit === 0) return TENS[ten];
  if (unit === 1) return `${TENS[ten]} et un`;
  return `${TENS[ten]}-${UNITS[unit]}`;
}

/** 0..999 */
function belowThousand(n: number, final: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return belowHundred(rest, final);
  const head = hundreds === 1 ? 'cent' : `${UNITS[hundreds]} cent${rest === 0 && final ? 's' : ''}`;
  return rest === 0 ? head : `${head} ${belowHundred(rest, final)}`;
}

/** A whole number in words (0 .. 999 999 999 999). */
export function integerToFrench(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`out of range: ${n}`);
  if (n === 0) return 'zéro';
  const parts: string[] = [];
  const billions = Math.floor(n / 1e9);
  const millions = Math.floor((n % 1e9) / 1e6);
  const thousands = Math.floor((n % 1e6) / 1e3);
  const rest = n % 1000;
  // "milliard" and "million" are nouns: they take an s, and the number before them is final.
  if (billions) parts.push(`${belowThousand(billions, true)} milliard${billions > 1 ? 's' : ''}`);
  if (millions) parts.push(`${belowThousand(millions, true)} million${millions > 1 ? 's' : ''}`);
  // "mille" never varies, and "un mille" is just "mille"; the number before it is not final.
  if (thousands) parts.push(thousands === 1 ? 'mille' : `${belowThousand(thousands, false)} mille`);
  if (rest) parts.push(belowThousand(rest, true));
  return parts.join(' ');
}

/** Euros and cents in words; the amount is rounded to the cent. */
export function euroAmountInFrench(amount: number): string {
  const totalCents = Math.round(amount * 100);
  if (!Number.isFinite(totalCents) || totalCents < 0)
    throw new RangeError(`not an amount: ${amount}`);
  const euros = Math.floor(totalCents / 100);
  const cents = totalCents % 100;
  // "un million d’euros", but "un million deux cents euros"
  const euroWords =
    euros > 0 && euros % 1e6 === 0
      ? `${integerToFrench(euros)} d’euros`
      : `${integerToFrench(euros)} euro${euros > 1 ? 's' : ''}`;
  const centWords = `${integerToFrench(cents)} centime${cents > 1 ? 's' : ''}`;
  if (cents === 0) return euroWords;
  if (euros === 0) return centWords;
  return `${euroWords} et ${centWords}`;
}
