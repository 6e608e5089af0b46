/**
 * The value of a donation for the donor's tax receipt (art. 238 bis CGI, BOI-BIC-RICI-20-30-10-20):
 * the shop's own cost value, at 100 %, except use-by food given within its last 3 days: 50 %.
 *
 * "Within its last 3 days": the use-by date D is the last day the food may be eaten, so its last
 * three days are D-2, D-1 and D. The donation's date is the day the association takes it (Paris
 * time). Taken on D-3 or earlier: 100 %; on D-2, D-1 or D: 50 %; after D the food could not be
 * given at all: 0 %, and the line says so. Other food: 100 % while still sellable in normal
 * trade, 50 % when the shop flagged it as no longer sellable at posting.
 * A donation without a cost value is listed without a value: receipts never use the default
 * factor per kg.
 */
export type ValueRule =
  'full' | 'half_last_days' | 'half_not_sellable' | 'past_use_by' | 'no_value';

export interface ReceiptValue {
  rate: number;
  rule: ValueRule;
  valueEur: number | null;
}

const DAY = 86_400_000;
const dayNumber = (isoDate: string) => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY);

export function receiptValue(d: {
  value_eur: number | null;
  date_kind: string | null;
  product_date: string | null;
  pickupDay: string;
  not_sellable?: boolean;
}): ReceiptValue {
  let rate = 1;
  let rule: ValueRule = 'full';
  if (d.date_kind === 'use_by' && d.product_date) {
    const left = dayNumber(d.product_date) - dayNumber(d.pickupDay); // whole days left after the pickup day
    if (left < 0) ((rate = 0), (rule = 'past_use_by'));
    else if (left <= 2) ((rate = 0.5), (rule = 'half_last_days'));
  }
  if (d.not_sellable && rate === 1) ((rate = 0.5), (rule = 'half_not_sellable'));
  if (d.value_eur == null) return { rate, rule: 'no_value', valueEur: null };
  return { rate, rule, valueEur: Math.round(Math.round(d.value_eur * 100) * rate) / 100 };
}
