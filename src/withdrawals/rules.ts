import type { RateBasis } from '../db/tables/withdrawals.js';
import { addDays, parisLocalToDate } from '../shared/time.js';
import { fromHundredths, toHundredths } from './compensation.js';

/**
 * The rules a withdrawal rate follows, each for its years (DOMAIN.md, "Market withdrawals"):
 * - up to 2022: Reg. (EU) 1308/2013 with Delegated Reg. (EU) 2017/891 art. 45 and Annex IV;
 * - from 2023: Reg. (EU) 2021/2115 with Delegated Reg. (EU) 2022/126 art. 26: the Annex V
 *   maximum, or for other products the member state's maximum, a share (at most 40 % for free
 *   distribution) of the 5-year average price;
 * - the 2014 and 2017-18 exceptional-support figures seeded at first: history, to be confirmed.
 * The database checks the same years (migration 0025).
 */
export const LAST_DAY_2017_891 = '2022-12-31';
export const FIRST_DAY_2022_126 = '2023-01-01';
/** Free distribution: the member state's maximum is at most 40 % of the average price. */
export const MAX_MEMBER_STATE_SHARE_PCT = 40;

/** What an operator may enter (history is only what the site was seeded with). */
export const ENTERED_BASES = [
  'annex_iv_2017_891',
  'annex_v_2022_126',
  'member_state_2022_126',
] as const satisfies readonly RateBasis[];
export type EnteredBasis = (typeof ENTERED_BASES)[number];

/** The regulation in force on a date. */
export const regulationOn = (date: string) =>
  date <= LAST_DAY_2017_891 ? ('2017/891' as const) : ('2022/126' as const);

/** Whether a rate of this basis may price an operation of that date. */
export function basisFitsDate(basis: RateBasis, date: string) {
  if (basis === 'history_2014_2018') return true; // until the operator enters the rule in force
  if (basis === 'annex_iv_2017_891') return date <= LAST_DAY_2017_891;
  return date >= FIRST_DAY_2022_126;
}

/**
 * The period a new rate covers: from its date; an Annex IV rate ends with 2022 at the latest.
 * A basis outside its years is refused: `undefined`.
 */
export function rateValidity(basis: EnteredBasis, validFrom: string) {
  if (!basisFitsDate(basis, validFrom)) return undefined;
  return { validFrom, validTo: basis === 'annex_iv_2017_891' ? LAST_DAY_2017_891 : null };
}

/** The member state's maximum: the share of the average price, to the cent (half up). */
export function memberStateRate(averagePriceEurPer100Kg: number, sharePct: number) {
  const cents = BigInt(toHundredths(averagePriceEurPer100Kg));
  const share = BigInt(toHundredths(sharePct)); // hundredths of a per cent
  return fromHundredths((cents * share * 2n + 10_000n) / 20_000n);
}

/**
 * The notice to FranceAgriMer is mandatory (arrêté of 28 March 2018, art. 16; DOMAIN.md, "Market
 * withdrawals"): an operation on or after the arrêté's date is refused without it. The operations
 * of the seeded 2014-2018 history came before it.
 */
export const NOTICE_REQUIRED_FROM = '2018-03-28';

/**
 * The notice to FranceAgriMer, at least 24 h ahead (arrêté of 28 March 2018, art. 16). An
 * operation carries its day, not its hour, and may happen at any time of it: the notice is in time
 * when it was given at 00:00 (Paris) of the day before at the latest, 24 h before the day began.
 */
export function noticeInTime(notifiedAt: Date, withdrawnOn: string) {
  const latest = parisLocalToDate(addDays(withdrawnOn, -1), '00:00');
  return latest !== null && notifiedAt.getTime() <= latest.getTime();
}

/** Transport is paid by distance up to 750 km (2022/126 art. 25): farther costs as much. */
export const MAX_TRANSPORT_KM = 750;

export interface TransportBand {
  upToKm: number;
  eurPer100Kg: number;
}

/** The band of a distance in one scale (bands sorted or not); undefined when the scale stops short. */
export function transportBand(scale: TransportBand[], distanceKm: number) {
  const paidKm = Math.min(distanceKm, MAX_TRANSPORT_KM);
  return [...scale].sort((a, b) => a.upToKm - b.upToKm).find((b) => paidKm <= b.upToKm);
}
