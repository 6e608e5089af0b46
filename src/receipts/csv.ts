import { localizedTable, type CsvLang } from '../shared/csv.js';
import type { Receipt } from '../db/schema.js';
import type { ReceiptGroup } from './domain.js';

/** One receipt as CSV: a line per donation received, then the total kg and value. */
export function receiptCsv(lang: CsvLang, g: ReceiptGroup): string {
  return localizedTable(
    lang,
    [
      { fr: 'Don n°', en: 'Donation no.' },
      { fr: 'Jour de la collecte', en: 'Pickup day' },
      { fr: 'Catégorie', en: 'Category' },
      { fr: 'Description', en: 'Description' },
      { fr: 'Reçu (kg)', en: 'Received (kg)', decimals: 2 },
      { fr: 'Type de date', en: 'Date kind' },
      { fr: 'DLC / DDM', en: 'Product date' },
      { fr: 'Valeur au prix de revient (€)', en: 'Cost value (EUR)', decimals: 2 },
      { fr: 'Taux', en: 'Rate' },
      { fr: 'Règle', en: 'Rule' },
      { fr: 'Valeur retenue (€)', en: 'Value (EUR)', decimals: 2 },
    ],
    [
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
      [lang === 'fr' ? 'Total' : 'Total', '', '', '', g.kg, '', '', '', '', '', g.totalEur],
    ],
  );
}

/**
 * The year's receipts, issued and cancelled (the association's yearly statement of the receipts
 * it issued, art. 222 bis LPF): one line each, from what was frozen at issue.
 */
export function issuedCsv(lang: CsvLang, items: Receipt[]): string {
  const party = (p: unknown, k: string) => (p as Record<string, string | null>)[k] ?? null;
  return localizedTable(
    lang,
    [
      { fr: 'Numéro', en: 'Number' },
      { fr: 'Émis le', en: 'Issued on' },
      { fr: 'État', en: 'Status' },
      { fr: 'Donateur', en: 'Donor' },
      { fr: 'SIREN du donateur', en: 'Donor SIREN' },
      { fr: 'Forme juridique du donateur', en: 'Donor legal form' },
      { fr: 'Période du', en: 'Period from' },
      { fr: 'Période au', en: 'Period to' },
      { fr: 'Poids (kg)', en: 'Weight (kg)', decimals: 2 },
      { fr: 'Montant (€)', en: 'Amount (EUR)', decimals: 2 },
      { fr: 'Motif d’annulation', en: 'Cancellation reason' },
      { fr: 'Remplace le reçu n°', en: 'Replaces receipt id' },
    ],
    [
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
    ],
  );
}
