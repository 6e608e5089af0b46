/**
 * Money and weights in whole units so sums and rounding are exact:
 * kg in hundredths of a kg, EUR in cents. Rounding happens once, at the end, half up.
 */

/** 12.34 -> 1234. Inputs come from numeric(…,2) columns or checked input with at most 2 decimals. */
export const toHundredths = (x: number) => Math.round(x * 100);
export const fromHundredths = (n: number | bigint) => Number(n) / 100;

/** n / d rounded half up, for n >= 0. */
function divRound(n: bigint, d: bigint) {
  return (n * 2n + d) / (2n * d);
}

export interface Compensation {
  eurPer100Kg: number;
  flatEurPer100Kg: number;
  flatEur: number;
  amountEur: number;
}

/**
 * kg / 100 x (rate + flat amounts per 100 kg), rounded to the cent at the end.
 * `flatEur` is the flat part alone (also rounded once); `amountEur` includes it.
 */
export function computeCompensation(
  kg: number,
  eurPer100Kg: number,
  flatEurPer100Kg = 0,
): Compensation {
  const kgH = BigInt(toHundredths(kg));
  const rateC = BigInt(toHundredths(eurPer100Kg));
  const flatC = BigInt(toHundredths(flatEurPer100Kg));
  // kgH/100 kg / 100 x cents  =  kgH x cents / 10 000
  const amountCents = divRound(kgH * (rateC + flatC), 10_000n);
  const flatCents = divRound(kgH * flatC, 10_000n);
  return {
    eurPer100Kg: fromHundredths(rateC),
    flatEurPer100Kg: fromHundredths(flatC),
    flatEur: fromHundredths(flatCents),
    amountEur: fromHundredths(amountCents),
  };
}

/** The 5 % ceiling: the EU pays free distribution in full up to 5 % of the marketed volume. */
export const CEILING_PCT = 5;

export function ceiling(marketedKg: number | null, withdrawnKg: number) {
  if (marketedKg == null)
    return { marketedKg: null, capKg: null, usedPct: null, remainingKg: null, withdrawnKg };
  const capH = (BigInt(toHundredths(marketedKg)) * BigInt(CEILING_PCT)) / 100n; // rounded down: never promise more
  const wH = BigInt(toHundredths(withdrawnKg));
  const usedPct = capH === 0n ? 100 : Number(divRound(wH * 10_000n, capH)) / 100;
  const remH = capH > wH ? capH - wH : 0n;
  return {
    marketedKg,
    capKg: fromHundredths(capH),
    usedPct,
    remainingKg: fromHundredths(remH),
    withdrawnKg,
  };
}

/** Sum of kg or EUR values with two decimals, without float drift. */
export const sum2 = (xs: number[]) => fromHundredths(xs.reduce((a, x) => a + toHundredths(x), 0));
