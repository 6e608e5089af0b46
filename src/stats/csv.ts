import type { Factors } from './factors.js';
import { factorFor } from './factors.js';
import type { Stats } from './queries.js';
import { localizedTable, type CsvHeader, type CsvLang } from '../shared/csv.js';

export const CSV_TABLES = [
  'summary',
  'series',
  'categories',
  'shops',
  'associations',
  'donors',
] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

const H: Record<string, [string, string]> = {
  figure: ['Indicateur', 'Figure'],
  value: ['Valeur', 'Value'],
  unit: ['Unité', 'Unit'],
  factor: ['Facteur', 'Factor'],
  start: ['Début', 'Start'],
  donations: ['Dons', 'Donations'],
  posted_kg: ['Proposé (kg)', 'Posted (kg)'],
  picked_up_kg: ['Collecté (kg)', 'Picked up (kg)'],
  waste_kg: ['Non sauvé (kg)', 'Waste (kg)'],
  category: ['Catégorie', 'Category'],
  meals: ['Repas', 'Meals'],
  meal_kg: ['kg par repas', 'kg per meal'],
  co2e_kg: ['CO2e évité (kg)', 'CO2e avoided (kg)'],
  co2e_per_kg: ['kg CO2e par kg', 'kg CO2e per kg'],
  value_eur: ['Valeur (€)', 'Value (EUR)'],
  value_eur_per_kg: ['€ par kg', 'EUR per kg'],
  rank: ['Rang', 'Rank'],
  id: ['N°', 'Id'],
  name: ['Nom', 'Name'],
  town: ['Commune', 'Town'],
  pickups: ['Collectes', 'Pickups'],
  defects: ['Défauts', 'Defects'],
  defect_rate: ['Taux de défauts', 'Defect rate'],
  followed_up: ['Suivis', 'Followed up'],
  lat: ['Latitude', 'Latitude'],
  lng: ['Longitude', 'Longitude'],
};
const headers = (keys: string[]): CsvHeader[] => keys.map((k) => ({ fr: H[k][0], en: H[k][1] }));

/** Every table of the dashboard as CSV in the user's language, with the factors each figure used. */
export function statsCsv(lang: CsvLang, table: CsvTable, s: Stats, f: Factors): string {
  const toCsv = ([head, ...rows]: (string | number | null)[][]) =>
    localizedTable(lang, headers(head as string[]), rows);
  switch (table) {
    case 'summary':
      return toCsv([
        ['figure', 'value', 'unit', 'factor'],
        ['from', s.from, 'date', ''],
        ['to', s.to, 'date', ''],
        ['donations', s.donations, 'count', ''],
        ['posted_kg', s.postedKg, 'kg', ''],
        ['picked_up_kg', s.pickedUpKg, 'kg', ''],
        [
          'meals',
          s.meals,
          'meals',
          `meal_kg=${f.defaults.meal_kg}${Object.keys(f.byCategory.meal_kg ?? {}).length ? ' (by category)' : ''}`,
        ],
        [
          'co2e_kg',
          s.co2eKg,
          'kg CO2e',
          `co2e_per_kg=${f.defaults.co2e_per_kg}${Object.keys(f.byCategory.co2e_per_kg ?? {}).length ? ' (by category)' : ''}`,
        ],
        [
          'value_eur',
          s.valueEur,
          'EUR',
          `shop value ${s.valueGivenEur} EUR + ${s.valueEstimatedKg} kg x value_eur_per_kg=${f.defaults.value_eur_per_kg}`,
        ],
        ['expired_or_missed_kg', s.expiredKg, 'kg', ''],
        ['refused_kg', s.refusedKg, 'kg', ''],
        ['waste_not_avoided_kg', s.wasteKg, 'kg', ''],
        ['claimed', s.claimed, 'count', ''],
        ['share_claimed', s.shareClaimed, 'ratio', ''],
        ['median_minutes_to_claim', s.medianMinutesToClaim, 'minutes', ''],
        ['quality_good', s.quality.good, 'pickups', ''],
        ['quality_acceptable', s.quality.acceptable, 'pickups', ''],
        ['quality_poor', s.quality.poor, 'pickups', ''],
        ['quality_refused', s.quality.refused, 'pickups', ''],
        ['defects', s.defects, 'pickups', ''],
        ['defects_followed_up', s.followedUp, 'pickups', ''],
      ]);
    case 'series':
      return toCsv([
        ['start', 'unit', 'donations', 'posted_kg', 'picked_up_kg', 'waste_kg'],
        ...s.timeSeries.map((p) => [p.start, s.series, p.donations, p.postedKg, p.kg, p.wasteKg]),
      ]);
    case 'categories':
      return toCsv([
        [
          'category',
          'donations',
          'posted_kg',
          'picked_up_kg',
          'meals',
          'meal_kg',
          'co2e_kg',
          'co2e_per_kg',
          'value_eur',
          'value_eur_per_kg',
        ],
        ...s.byCategory.map((c) => [
          c.category,
          c.donations,
          c.postedKg,
          c.kg,
          c.meals,
          factorFor(f, 'meal_kg', c.category),
          c.co2eKg,
          factorFor(f, 'co2e_per_kg', c.category),
          c.valueEur,
          factorFor(f, 'value_eur_per_kg', c.category),
        ]),
      ]);
    case 'shops':
      return toCsv([
        [
          'rank',
          'id',
          'name',
          'town',
          'donations',
          'posted_kg',
          'pickups',
          'picked_up_kg',
          'defects',
          'defect_rate',
          'followed_up',
        ],
        ...s.shops.map((o, i) => [
          i + 1,
          o.id,
          o.name,
          o.town,
          o.donations,
          o.postedKg,
          o.pickups,
          o.kg,
          o.defects,
          o.defectRate,
          o.followedUp,
        ]),
      ]);
    case 'associations':
      return toCsv([
        ['rank', 'id', 'name', 'town', 'pickups', 'picked_up_kg'],
        ...s.associations.map((o, i) => [i + 1, o.id, o.name, o.town, o.pickups, o.kg]),
      ]);
    case 'donors':
      return toCsv([
        ['id', 'name', 'town', 'lat', 'lng', 'picked_up_kg'],
        ...s.shops.map((o) => [o.id, o.name, o.town, o.lat, o.lng, o.kg]),
      ]);
  }
}
