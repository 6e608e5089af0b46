import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import type { FlatAmountsInput, RateInput } from './schemas.js';
import { sum2 } from './compensation.js';
import { basisFitsDate, memberStateRate, rateValidity, regulationOn } from './rules.js';

/** Today's date in France, where operations happen. */
export function parisToday(now: Date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

export function dayBefore(date: string) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function listProducts(db: Kysely<Database>) {
  return db.selectFrom('withdrawal_products').selectAll().orderBy('name_en').execute();
}

export async function getProduct(db: Kysely<Database>, key: string) {
  return db.selectFrom('withdrawal_products').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Every rate, newest first within each product. */
export async function listRates(db: Kysely<Database>) {
  return db
    .selectFrom('withdrawal_rates as r')
    .innerJoin('withdrawal_products as p', 'p.key', 'r.product')
    .select([
      'r.id',
      'r.product',
      'p.name_fr',
      'p.name_en',
      'p.cn_code',
      'r.eur_per_100kg',
      'r.valid_from',
      'r.valid_to',
      'r.source',
      'r.basis',
      'r.average_price_eur_per_100kg',
      'r.share_pct',
    ])
    .orderBy('p.name_en')
    .orderBy('r.valid_from', 'desc')
    .execute();
}

/**
 * The rate in force on a date under the rule in force on that date, or undefined: an Annex IV
 * rate never prices a 2023 operation, a 2022/126 one never a 2022 one.
 */
export async function rateOn(db: Kysely<Database>, product: string, date: string) {
  const rows = await db
    .selectFrom('withdrawal_rates')
    .selectAll()
    .where('product', '=', product)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
    .orderBy('valid_from', 'desc')
    .execute();
  return rows.find((r) => basisFitsDate(r.basis, date));
}

/**
 * A new rate for a product from `validFrom` on (to the end of 2022 for an Annex IV rate): the
 * rate open at that date is closed the day before; a rate already starting within the new one's
 * years refuses it. Operations already recorded keep the rate they were recorded with.
 */
export async function addRate(db: Kysely<Database>, actor: Actor, input: RateInput) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  return db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom('withdrawal_products')
      .select('key')
      .where('key', '=', input.product)
      .forUpdate()
      .executeTakeFirst();
    if (!product) throw new ValidationError({ product: 'wd.err.unknown_product' });
    const validity = rateValidity(input.basis, input.validFrom);
    if (!validity)
      throw new ValidationError({
        validFrom:
          regulationOn(input.validFrom) === '2017/891'
            ? 'wd.err.basis_before_2023'
            : 'wd.err.basis_from_2023',
      });
    const eur =
      input.basis === 'member_state_2022_126'
        ? memberStateRate(input.averagePriceEurPer100Kg!, input.sharePct!)
        : input.eurPer100Kg!;
    if (eur <= 0) throw new ValidationError({ sharePct: 'wd.err.share' });
    // a rate may come before a later one when their years do not meet (an Annex IV rate for
    // 2020-2022 entered after a 2023 rate): refused only if a rate starts within its own years
    const overlapping = await trx
      .selectFrom('withdrawal_rates')
      .select('valid_from')
      .where('product', '=', input.product)
      .where('valid_from', '>=', input.validFrom)
      .$if(validity.validTo !== null, (qb) => qb.where('valid_from', '<=', validity.validTo!))
      .executeTakeFirst();
    if (overlapping) throw new ValidationError({ validFrom: 'wd.err.rate_not_after' });
    // the rate open on its first day ends the day before (those starting later are untouched)
    await trx
      .updateTable('withdrawal_rates')
      .set({ valid_to: dayBefore(input.validFrom) })
      .where('product', '=', input.product)
      .where('valid_from', '<', input.validFrom)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', input.validFrom)]))
      .execute();
    return trx
      .insertInto('withdrawal_rates')
      .values({
        product: input.product,
        eur_per_100kg: eur.toFixed(2),
        valid_from: validity.validFrom,
        valid_to: validity.validTo,
        source: input.source,
        basis: input.basis,
        average_price_eur_per_100kg:
          input.basis === 'member_state_2022_126'
            ? input.averagePriceEurPer100Kg!.toFixed(2)
            : null,
        share_pct: input.basis === 'member_state_2022_126' ? input.sharePct!.toFixed(2) : null,
        created_by: actor.user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function getFlatAmounts(db: Kysely<Database>) {
  const s = await db
    .selectFrom('withdrawal_settings')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
  const transport = s?.transport_eur_per_100kg ?? null;
  const sortingPacking = s?.sorting_packing_eur_per_100kg ?? null;
  return {
    transportEurPer100Kg: transport,
    sortingPackingEurPer100Kg: sortingPacking,
    totalEurPer100Kg: sum2([transport ?? 0, sortingPacking ?? 0]),
  };
}

export async function setFlatAmounts(
  db: Kysely<Database>,
  actor: Actor,
  input: FlatAmountsInput,
  now: Date,
) {
  if (!actor.user.is_admin) throw new ForbiddenError();
  await db
    .insertInto('withdrawal_settings')
    .values({
      id: 1,
      transport_eur_per_100kg: input.transportEurPer100Kg?.toFixed(2) ?? null,
      sorting_packing_eur_per_100kg: input.sortingPackingEurPer100Kg?.toFixed(2) ?? null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        transport_eur_per_100kg: eb.ref('excluded.transport_eur_per_100kg'),
        sorting_packing_eur_per_100kg: eb.ref('excluded.sorting_packing_eur_per_100kg'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return getFlatAmounts(db);
}

export const rateToApi = (r: Awaited<ReturnType<typeof listRates>>[number]) => ({
  id: r.id,
  product: r.product,
  productName: r.name_en,
  cnCode: r.cn_code,
  eurPer100Kg: r.eur_per_100kg,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  source: r.source,
  basis: r.basis,
  averagePriceEurPer100Kg: r.average_price_eur_per_100kg,
  sharePct: r.share_pct,
});

/** Each product with the rate in force on a date (null when none). */
export async function productsWithRateOn(db: Kysely<Database>, date: string) {
  const rows = await db
    .selectFrom('withdrawal_products as p')
    .leftJoin('withdrawal_rates as r', (j) =>
      j
        .onRef('r.product', '=', 'p.key')
        .on('r.valid_from', '<=', date)
        .on((eb) => eb.or([eb('r.valid_to', 'is', null), eb('r.valid_to', '>=', date)])),
    )
    .selectAll('p')
    .select('r.eur_per_100kg')
    .orderBy('p.name_en')
    .execute();
  return rows;
}
