import { localizedTable, type CsvLang } from '../shared/csv.js';
import type { Defect } from './domain.js';

/** The defects of the quality page as CSV, a line each, with the count and last of its actions. */
export function defectsCsv(lang: CsvLang, defects: Defect[]): string {
  return localizedTable(
    lang,
    [
      { fr: 'Don n°', en: 'Donation no.' },
      { fr: 'Jour', en: 'Day' },
      { fr: 'Commerce', en: 'Shop' },
      { fr: 'Association', en: 'Association' },
      { fr: 'Catégorie', en: 'Category' },
      { fr: 'Description', en: 'Description' },
      { fr: 'Conservation', en: 'Storage' },
      { fr: 'Qualité', en: 'Quality' },
      { fr: 'Température (°C)', en: 'Temperature (°C)' },
      { fr: 'Limite (°C)', en: 'Limit (°C)' },
      { fr: 'Remarques', en: 'Issues' },
      { fr: 'Motifs', en: 'Reasons' },
      { fr: 'Codes des motifs', en: 'Reason codes' },
      { fr: 'Raison (chaîne du froid)', en: 'Cold-chain reason' },
      { fr: 'Actions', en: 'Actions' },
      { fr: 'Dernière action', en: 'Last action' },
    ],
    [
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
    ],
  );
}
