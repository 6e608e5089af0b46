import { localizedTable, type CsvHeader, type CsvLang } from '../shared/csv.js';
import type { GivenFigures, GivenMonth, GivenShares } from './given.js';

/** The quality of what is given as CSV: the period's shares, and month by month. */
export const GIVEN_CSV_TABLES = ['quality_shares', 'quality_months'] as const;
export type GivenCsvTable = (typeof GIVEN_CSV_TABLES)[number];

const H: Record<string, [string, string]> = {
  month: ['Mois', 'Month'],
  figure: ['Indicateur', 'Figure'],
  kg: ['kg', 'kg'],
  share: ['Part des kg collectés', 'Share of kg picked up'],
  picked_up_kg: ['Collecté (kg)', 'Picked up (kg)'],
  fresh_kg: ['Produits frais (kg)', 'Fresh produce (kg)'],
  fresh_share: ['Part de produits frais', 'Fresh produce share'],
  fv_kg: ['Fruits et légumes (kg)', 'Fruit and vegetables (kg)'],
  fv_share: ['Part de fruits et légumes', 'Fruit and vegetables share'],
  labelled_kg: ['Sous label (kg)', 'Labelled (kg)'],
  labelled_share: ['Part sous label', 'Labelled share'],
  local_kg: ['Local (kg)', 'Local (kg)'],
  local_share: ['Part locale', 'Local share'],
};
const headers = (keys: string[]): CsvHeader[] => keys.map((k) => ({ fr: H[k][0], en: H[k][1] }));

const monthRow = (m: GivenMonth) => [
  m.month.slice(0, 7),
  m.pickedUpKg,
  m.freshProduceKg,
  m.shares.freshProduce,
  m.fruitVegetablesKg,
  m.shares.fruitVegetables,
  m.labelledKg,
  m.shares.labelled,
  m.localKg,
  m.shares.local,
];

const periodRows = (g: GivenShares) => [
  ['picked_up_kg', g.pickedUpKg, null],
  ['fresh_produce', g.freshProduceKg, g.shares.freshProduce],
  ['fruit_vegetables', g.fruitVegetablesKg, g.shares.fruitVegetables],
  ['labelled', g.labelledKg, g.shares.labelled],
  ['label_organic', g.byLabel.organic, null],
  ['label_label_rouge', g.byLabel.label_rouge, null],
  ['label_aop_igp', g.byLabel.aop_igp, null],
  ['local', g.localKg, g.shares.local],
];

/** Shares are ratios (0 to 1) of the kg picked up, as the dashboard says. */
export function givenCsv(
  lang: CsvLang,
  table: GivenCsvTable,
  g: GivenFigures,
  months: GivenMonth[],
): string {
  if (table === 'quality_shares')
    return localizedTable(lang, headers(['figure', 'kg', 'share']), periodRows(g));
  return localizedTable(
    lang,
    headers([
      'month',
      'picked_up_kg',
      'fresh_kg',
      'fresh_share',
      'fv_kg',
      'fv_share',
      'labelled_kg',
      'labelled_share',
      'local_kg',
      'local_share',
    ]),
    months.map(monthRow),
  );
}
