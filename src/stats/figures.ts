import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import type { StatsQuery } from '../shared/period.js';
import { resolveScope, type Scope } from '../shared/scope.js';
import { factorsToApi, loadFactors, type Factors } from './factors.js';
import { computeStats, type Stats } from './queries.js';
import type { GivenFigures } from './given.js';

/** The figures of `q` that this actor may see: its scope, the factors in force, the stats. */
export async function statsForActor(db: Kysely<Database>, actor: Actor, q: StatsQuery) {
  const scope = await resolveScope(db, actor, q.organisationId);
  const factors = await loadFactors(db);
  const stats = await computeStats(db, scope, q, factors);
  return { scope, factors, stats };
}

/**
 * The shops (and other donors) and associations the dashboard offers as filters: all of them for
 * the admin, otherwise those of the scope and those its figures name.
 */
export async function dashboardFilterOptions(db: Kysely<Database>, scope: Scope, stats: Stats) {
  let query = db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind'])
    .where('kind', 'in', ['shop', 'association', 'producer_org'])
    .orderBy('name')
    .limit(1000);
  if (!scope.all) {
    const ids = [
      ...scope.shopIds,
      ...scope.associationIds,
      ...stats.shops.map((o) => o.id),
      ...stats.associations.map((o) => o.id),
    ];
    if (!ids.length) return { shops: [], associations: [] };
    query = query.where('id', 'in', ids);
  }
  const rows = await query.execute();
  const pick = (k: string) =>
    rows.filter((r) => r.kind === k).map((r): [number, string] => [r.id, r.name]);
  // producer organisations are donors too (market withdrawals)
  const donors = rows
    .filter((r) => r.kind !== 'association')
    .map((r): [number, string] => [r.id, r.name]);
  return { shops: donors, associations: pick('association') };
}

/** GET /api/v1/stats's answer (API.md): the figures, without the per-organisation tables. */
export function statsToApi(s: Stats, factors: Factors, given?: GivenFigures) {
  return {
    from: s.from,
    to: s.to,
    donations: s.donations,
    postedKg: s.postedKg,
    pickedUpKg: s.pickedUpKg,
    meals: s.meals,
    co2eKg: s.co2eKg,
    valueEur: s.valueEur,
    expiredKg: s.expiredKg,
    refusedKg: s.refusedKg,
    wasteKg: s.wasteKg,
    shareClaimed: s.shareClaimed,
    byCategory: s.byCategory.map((b) => ({
      category: b.category,
      kg: b.kg,
      postedKg: b.postedKg,
      donations: b.donations,
    })),
    quality: s.quality,
    defects: s.defects,
    medianMinutesToClaim: s.medianMinutesToClaim,
    medianEstimated: s.medianEstimated,
    timeSeries: s.timeSeries,
    factors: factorsToApi(factors),
    // the quality of what is given: kg and shares of the kg picked up, and by month
    ...(given ? { qualityShares: given } : {}),
  };
}
