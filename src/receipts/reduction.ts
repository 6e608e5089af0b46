/**
 * The donor's tax reduction for gifts to bodies helping people in difficulty (art. 238 bis CGI,
 * DOMAIN.md "Tax receipt for donors"): 60 % of the gifts, the gifts counted up to a cap of
 * 20,000 EUR or 0.5 % of the turnover, whichever is higher; gifts over the cap carry forward to
 * the 5 following years, where they count after that year's own gifts, the oldest first, within
 * that year's cap (the order of use is our reading: DOMAIN.md does not state it). The 40 % rate
 * above 2 M EUR does not apply to these gifts. An estimate for the shop, not tax advice.
 */
export const REDUCTION_RATE = 0.6;
export const CAP_FLOOR_EUR = 20_000;
export const CAP_TURNOVER_SHARE = 0.005;
export const CARRY_YEARS = 5;

export interface YearEstimate {
  year: number;
  giftsEur: number;
  capEur: number;
  /** gifts of earlier years counted this year */
  carriedInEur: number;
  countedEur: number;
  reductionEur: number;
  /** what is left to carry to the following years after this one (not yet expired) */
  carryOutEur: number;
}

const cents = (n: number) => Math.round(n * 100);

/**
 * Year by year from the first one given: `gifts` the receipts' amounts by year, `turnover` the
 * turnover by year (missing: the 20,000 EUR floor).
 */
export function estimateReduction(
  gifts: Record<number, number>,
  turnover: Record<number, number | null | undefined> = {},
  until?: number,
): YearEstimate[] {
  const years = Object.keys(gifts).map(Number);
  if (!years.length) return [];
  const first = Math.min(...years);
  const last = until ?? Math.max(...years);
  const carries: { year: number; left: number }[] = []; // in cents, oldest first
  const out: YearEstimate[] = [];
  for (let y = first; y <= last; y++) {
    // an excess of year x may be used up to year x + 5
    while (carries.length && carries[0]!.year < y - CARRY_YEARS) carries.shift();
    const own = cents(gifts[y] ?? 0);
    const cap = Math.max(cents(CAP_FLOOR_EUR), cents((turnover[y] ?? 0) * CAP_TURNOVER_SHARE));
    let room = Math.max(0, cap - own);
    const countedOwn = Math.min(own, cap);
    let carriedIn = 0;
    for (const c of carries) {
      const use = Math.min(room, c.left);
      c.left -= use;
      room -= use;
      carriedIn += use;
    }
    while (carries.length && carries[0]!.left === 0) carries.shift();
    if (own > cap) carries.push({ year: y, left: own - cap });
    const counted = countedOwn + carriedIn;
    out.push({
      year: y,
      giftsEur: own / 100,
      capEur: cap / 100,
      carriedInEur: carriedIn / 100,
      countedEur: counted / 100,
      reductionEur: Math.round(counted * REDUCTION_RATE) / 100,
      carryOutEur:
        carries.filter((c) => c.year >= y + 1 - CARRY_YEARS).reduce((a, c) => a + c.left, 0) / 100,
    });
  }
  return out;
}
