import { localizedTable, type CsvHeader, type CsvLang } from '../shared/csv.js';
import type { WithdrawalDetail } from './queries.js';

export const CSV_COLUMNS: CsvHeader[] = [
  { fr: 'Opération n°', en: 'Operation no.' },
  { fr: 'Certificat de retrait', en: 'Withdrawal certificate' },
  { fr: 'Date du retrait', en: 'Withdrawal date' },
  { fr: 'Campagne', en: 'Campaign' },
  { fr: 'Organisation de producteurs', en: 'Producer organisation' },
  { fr: 'Produit', en: 'Product' },
  { fr: 'Code NC', en: 'CN code' },
  { fr: 'Association n°', en: 'Association no.' },
  { fr: 'Association', en: 'Association' },
  { fr: 'Retiré (kg)', en: 'Withdrawn (kg)', decimals: 2 },
  { fr: 'Reçu (kg)', en: 'Received (kg)', decimals: 2 },
  { fr: 'Barème (€/100 kg)', en: 'Rate (EUR/100 kg)', decimals: 2 },
  { fr: 'Forfaits (€/100 kg)', en: 'Flat amounts (EUR/100 kg)', decimals: 2 },
  { fr: 'Forfaits (€)', en: 'Flat amounts (EUR)', decimals: 2 },
  { fr: 'Indemnité (€)', en: 'Compensation (EUR)', decimals: 2 },
  { fr: 'Au-delà du plafond de 5 %', en: 'Beyond the 5 % ceiling' },
  { fr: 'Réception confirmée le', en: 'Receipt confirmed at' },
  { fr: 'Source du barème', en: 'Rate source' },
  { fr: 'Règle suivie', en: 'Rule followed' },
  { fr: 'Distance (km)', en: 'Distance (km)' },
  { fr: 'Notifié à FranceAgriMer le', en: 'FranceAgriMer told at' },
];

/**
 * The lines of a PO's claim to the paying agency: confirmed receipts only (nothing else is owed),
 * one per operation, amounts in EUR with 2 decimals, in the user's language (src/shared/csv.ts).
 */
export function campaignCsv(lang: CsvLang, items: WithdrawalDetail[]) {
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
      w.rate_basis,
      w.distance_km,
      w.notified_at ? new Date(w.notified_at).toISOString() : null,
    ]);
  return localizedTable(lang, CSV_COLUMNS, rows);
}
