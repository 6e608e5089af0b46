import { toCsv } from '../shared/csv.js';
import type { Defect } from './domain.js';

/** The defects of the quality page as CSV, a line each, with the count and last of its actions. */
export function defectsCsv(defects: Defect[]): string {
  return toCsv([
    [
      'donation_id',
      'day',
      'shop',
      'association',
      'category',
      'description',
      'storage',
      'quality',
      'temperature_c',
      'limit_c',
      'issues',
      'reasons',
      'reason_codes',
      'cold_chain_reason',
      'actions',
      'last_action',
    ],
    ...defects.map((d) => [
      d.id,
      d.day,
      d.shopName,
      d.associationName,
      d.category,
      d.description,
      d.storage,
      d.quality,
      d.temperatureC,
      d.limitC,
      d.issues,
      d.reasons.join(' '),
      d.codes.join(' '),
      d.coldChainReason,
      d.actions.length,
      d.actions.at(-1)?.action,
    ]),
  ]);
}
