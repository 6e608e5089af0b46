import type { Kysely } from 'kysely';
import { CATEGORIES } from '../shared/categories.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import type { FactorName } from './tables.js';
import { roundTo } from '../shared/input.js';

export const FACTOR_NAMES: FactorName[] = ['meal_kg', 'co2e_per_kg', 'value_eur_per_kg'];
/** The DOMAIN.md defaults, used when the table has no row (never in practice: the migration seeds them). */
export const DEFAULT_FACTORS: Record<FactorName, number> = {
  meal_kg: 0.5,
  co2e_per_kg: 2.54,
  value_eur_per_kg: 3.27,
};

export interface Factors {
  defaults: Record<FactorName, number>;
  byCategory: Partial<Record<FactorName, Record<string, number>>>;
  sources: Partial<Record<FactorName, string>>;
}

export async function loadFactors(db: Kysely<Database>): Promise<Factors> {
  const rows = await db.selectFrom('impact_factors').selectAll().execute();
  const f: Factors = { defaults: { ...DEFAULT_FACTORS }, byCategory: {}, sources: {} };
  for (const r of rows) {
    if (r.category === '') {
      f.defaults[r.name] = Number(r.value);
      if (r.source) f.sources[r.name] = r.source;
    } else (f.byCategory[r.name] ??= {})[r.category] = Number(r.value);
  }
  return f;
}

export function factorFor(f: Factors, name: FactorName, category: string) {
  return f.byCategory[name]?.[category] ?? f.defaults[name];
}

/** API shape: a number, or an object by category when some category has its own factor. */
export function factorsToApi(f: Factors) {
  const one = (name: FactorName) =>
    f.byCategory[name] && Object.keys(f.byCategory[name]!).length
      ? Object.fromEntries(CATEGORIES.map((c) => [c, factorFor(f, name, c)]))
      : f.defaults[name];
  return {
    mealKg: one('meal_kg'),
    co2ePerKg: one('co2e_per_kg'),
    valueEurPerKg: one('value_eur_per_kg'),
  };
}

/**
 * Replace the factors from the admin form: `name` or `name.category` -> value as typed; an empty
 * category value removes the override. Values must be positive numbers below 1000.
 */
export async function saveFactors(
  db: Kysely<Database>,
  actor: Actor,
  input: Record<string, string>,
  now: Date,
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  const errors: Record<string, string> = {};
  const rows: { name: FactorName; category: string; value: number | null }[] = [];
  for (const name of FACTOR_NAMES) {
    for (const category of ['', ...CATEGORIES]) {
      const key = category ? `${name}.${category}` : name;
      const raw = (input[key] ?? '').trim().replace(',', '.');
      if (raw === '' && category) {
        rows.push({ name, category, value: null });
        continue;
      }
      // checked as numeric(10,4) keeps it: 1e-300 would be stored as 0, which the table refuses
      const value = roundTo(4)(Number(raw));
      if (raw === '' || !Number.isFinite(value) || value <= 0 || value >= 1000)
        errors[key] = 'stats.err.factor';
      else rows.push({ name, category, value });
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      if (r.value === null)
        await trx
          .deleteFrom('impact_factors')
          .where('name', '=', r.name)
          .where('category', '=', r.category)
          .execute();
      else
        await trx
          .insertInto('impact_factors')
          .values({ name: r.name, category: r.category, value: r.value, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['name', 'category']).doUpdateSet({ value: r.value!, updated_at: now }),
          )
          .execute();
    }
  });
}
