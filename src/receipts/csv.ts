import { toCsv } from '../shared/csv.js';
import type { Receipt } from '../db/schema.js';
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

/**
 * The year's receipts, issued and cancelled (the association's yearly statement of the receipts
 * it issued, art. 222 bis LPF): one line each, from what was frozen at issue.
 */
export function issuedCsv(items: Receipt[]): string {
  const party = (p: unknown, k: string) => (p as Record<string, string | null>)[k] ?? null;
  return toCsv([
    [
      'number',
      'issued_on',
      'status',
      'donor',
      'donor_siren',
      'donor_legal_form',
      'period_from',
      'period_to',
      'kg',
      'amount_eur',
      'cancel_reason',
      'replaces_id',
    ],
    ...items.map((r) => [
      r.number,
      r.issued_at.toISOString().slice(0, 10),
      r.status,
      party(r.donor, 'name'),
      party(r.donor, 'siren'),
      party(r.donor, 'legalForm'),
      r.period_from,
      r.period_to,
      Number(r.kg),
      Number(r.amount_eur),
      r.cancel_reason,
      r.replaces_id,
    ]),
  ]);
}
