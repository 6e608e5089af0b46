import { toCsv } from '../shared/csv.js';
import type { ReceiptGroup } from './domain.js';

/** One receipt as CSV: a line per donation received, then the total kg and value. */
export function receiptCsv(g: ReceiptGroup): string {
  return toCsv([
    [
      'donation_id',
      'pickup_day',
      'category',
      'description',
      'received_kg',
      'date_kind',
      'product_date',
      'cost_value_eur',
      'rate',
      'rule',
      'value_eur',
    ],
    ...g.lines.map((l) => [
      l.id,
      l.pickupDay,
      l.category,
      l.description,
      l.receivedKg,
      l.dateKind,
      l.productDate,
      l.costValueEur,
      l.rate,
      l.rule,
      l.valueEur,
    ]),
    ['total', '', '', '', g.kg, '', '', '', '', '', g.totalEur],
  ]);
}
