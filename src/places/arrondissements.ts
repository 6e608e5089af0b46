// Paris, Lyon and Marseille are each one commune whose arrondissements municipaux have INSEE codes
// of their own: the geocoder places a shop of Lyon 1er at 69381, not at Lyon's 69123. The three and
// their ranges are fixed by law (loi PLM, 1982), so they are written here rather than read from the
// 13 MB list of communes, which stays out of the Workers bundle (communes-node.ts).
import { sql, type RawBuilder } from 'kysely';

export const ARRONDISSEMENTS = [
  { commune: '75056', name: 'Paris', first: '75101', last: '75120' },
  { commune: '69123', name: 'Lyon', first: '69381', last: '69389' },
  { commune: '13055', name: 'Marseille', first: '13201', last: '13216' },
] as const;

const cityOf = (code: string) => ARRONDISSEMENTS.find((a) => code >= a.first && code <= a.last);

/** The commune of an INSEE code: an arrondissement's city (69381 -> 69123), else the code itself. */
export function communeOf(code: string): string {
  return cityOf(code)?.commune ?? code;
}

/** communeOf in SQL, over a column of INSEE codes (null stays null). */
export function communeOfSql(code: RawBuilder<unknown>) {
  const whens = ARRONDISSEMENTS.map(
    (a) =>
      sql`when ${code} between ${sql.lit(a.first)} and ${sql.lit(a.last)} then ${sql.lit(a.commune)}`,
  );
  return sql<string | null>`(case ${sql.join(whens, sql` `)} else ${code} end)`;
}

/** The city's name for an arrondissement's code ("Lyon" for 69381), else null. */
export function cityNameSql(code: RawBuilder<unknown>) {
  const whens = ARRONDISSEMENTS.map(
    (a) =>
      sql`when ${code} between ${sql.lit(a.first)} and ${sql.lit(a.last)} then ${sql.lit(a.name)}`,
  );
  return sql<string | null>`(case ${sql.join(whens, sql` `)} end)`;
}
