import { toCsv } from '../shared/csv.js';
import type { WithdrawalDetail } from './queries.js';

export const CSV_COLUMNS = [
  'withdrawal_id',
  'certificate_number',
  'withdrawal_date',
  'campaign',
  'producer_org',
  'product',
  'cn_code',
  'association_id',
  'association',
  'withdrawn_kg',
  'received_kg',
  'eur_per_100kg',
  'flat_eur_per_100kg',
  'flat_eur',
  'compensation_eur',
  'beyond_5pct_ceiling',
  'receipt_confirmed_at',
  'rate_source',
] as const;

/**
 * The lines of a PO's claim to the paying agency: confirmed receipts only (nothing else is owed),
 * one per operation, amounts in EUR with a dot and 2 decimals. UTF-8 with a BOM for spreadsheets.
 */
export function campaignCsv(items: WithdrawalDetail[]) {
  const rows = items
    .filter((x) => x.status === 'received')
    .sort((a, b) => a.withdrawn_on.localeCompare(b.withdrawn_on) || a.id - b.id)
    .map((w) => [
      // ids and years as text: the numbers of this file are amounts, written with 2 decimals
      String(w.id),
      w.certificate_number,
      w.withdrawn_on,
      String(w.campaign),
      w.po_name,
      w.name_en,
      w.cn_code,
      String(w.association_id),
      w.association_name,
      w.quantity_kg,
      w.received_kg,
      w.eur_per_100kg,
      w.flat_eur_per_100kg,
      w.flat_eur,
      w.amount_eur,
      w.over_ceiling,
      w.answered_at ? new Date(w.answered_at).toISOString() : null,
      w.rate_source,
    ]);
  return toCsv([[...CSV_COLUMNS], ...rows], { bom: true, number: (n) => n.toFixed(2) });
}
