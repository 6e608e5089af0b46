import { sql } from 'kysely';
import { inTransaction } from '../db/transaction.js';
import { isMemberOf, type Actor } from '../accounts/actor.js';
import type { Donation } from '../db/schema.js';
import { planNotificationsMany } from '../notifications/outbox.js';
import type { WaveSettings } from '../notifications/planning.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { loadDonation, recordEvent, shopOf, type Db } from './donation.js';
import { checkDonationRules, defaultPickupWindow, type DonationRuleInput } from './rules.js';
import type { PostDonationInput } from './schemas.js';
import type { CheckedPhoto } from './photo-bytes.js';
import { copyPhoto, insertPhoto, newPhotoToken } from './photos.js';

/**
 * A donation just written, with the ids of the associations it fits and how many could take it
 * (hub partners too) as its notifications were planned (null when none were planned): its live
 * event's audience and the shop's "who could take it", known without matching it again
 * (http/events.ts, reach.ts).
 */
export type PostedDonation = Donation & { fitting: number[] | null; reachable: number | null };

/** A shop posts a surplus: rules checked, saved with the shop's place, notifications planned, in one transaction. */
export async function postDonation(
  db: Db,
  actor: Actor,
  input: PostDonationInput,
  now: Date,
  /** who is told in which wave (AppDeps.config.waves); absent = the defaults */
  waves?: WaveSettings,
  /** a photo already checked (photos.ts), stored in the same transaction */
  photo?: CheckedPhoto | null,
): Promise<PostedDonation> {
  const shop = shopOf(actor);
  const offer = checkedOffer(input, now);
  return db.transaction().execute((trx) =>
    insertOpenDonation(trx, {
      shopId: shop.organisationId,
      createdBy: actor.user.id,
      input,
      offer,
      event: { actor, orgId: shop.organisationId, note: null },
      parentId: null,
      now,
      waves,
      photo,
    }),
  );
}

/** The posting rules applied to an input (rules.ts): the values to store, or a ValidationError. */
export function checkedOffer(input: PostDonationInput, now: Date): DonationRuleInput {
  const rule = {
    category: input.category,
    storage: input.storage,
    pickupFrom: input.pickupFrom,
    pickupUntil: input.pickupUntil,
    dateKind: input.dateKind ?? null,
    date: input.date ?? null,
    packaged: input.packaged ?? true,
    sameDay: input.sameDay ?? false,
  };
  const broken = checkDonationRules(rule, now);
  if (Object.keys(broken).length) throw new ValidationError(broken, 'don.err.rules');
  return rule;
}

/** One open donation to write (insertOpenDonations): what the shop gives and how it came. */
export interface NewOpenDonation {
  shopId: number;
  createdBy: number | null;
  input: PostDonationInput;
  offer: DonationRuleInput;
  parentId: number | null;
  /** the regular donation this is an occurrence of (src/series/occurrences.ts) */
  seriesId?: number | null;
  photo?: CheckedPhoto | null;
  /**
   * the donation whose photo this one shows too (a remainder shows its first donation's):
   * copied, under a token of its own, so that each address leads to one donation only
   */
  photoOf?: number | null;
}

/** How a batch of donations is written: the first line of their history, the clock, the waves. */
export interface PostingContext {
  /**
   * the first line of each one's history: who acts (null when a job posts it: an occurrence of a
   * regular donation) and for which organisation (absent: each donation's own shop)
   */
  event: { actor: Actor | null; orgId?: number; note: string | null };
  now: Date;
  waves?: WaveSettings;
  /** false: no alerts (a date a standing arrangement's association confirmed, claimed at once) */
  plan?: boolean;
}

/**
 * Writes an open donation that passed the posting rules, at the shop's place, with the first line
 * of its history, and plans its notifications, in the caller's transaction: a shop's post and a
 * remainder offered again after a partial pickup (pickup.ts) go the same way.
 */
export async function insertOpenDonation(
  trx: Db,
  p: NewOpenDonation & PostingContext,
): Promise<PostedDonation> {
  return (await insertOpenDonations(trx, [p], p))[0];
}

/**
 * insertOpenDonation for several donations at once (a batch of regular donations' dates): the
 * donations and their history in one statement, their notifications planned together
 * (planNotificationsMany), so that a batch costs about what one donation does. In the order given.
 */
export async function insertOpenDonations(
  trx: Db,
  items: readonly NewOpenDonation[],
  ctx: PostingContext,
): Promise<PostedDonation[]> {
  if (!items.length) return [];
  const { now } = ctx;
  // the donations, each at its shop's place, and the first line of their history: one statement
  const written = await trx
    .with('d', (q) =>
      q
        .insertInto('donations')
        .values(
          items.map((p) => {
            const { input, offer: rule } = p;
            return {
              shop_id: p.shopId,
              created_by: p.createdBy,
              category: input.category,
              description: input.description,
              quantity_kg: input.quantityKg,
              units: input.units ?? null,
              storage: input.storage,
              date_kind: rule.dateKind,
              product_date: rule.date,
              packaged: rule.packaged,
              same_day: rule.sameDay,
              value_eur: input.valueEur ?? null,
              not_sellable: input.notSellable ?? false,
              lot_number: input.lotNumber ?? null,
              fresh_produce: input.freshProduce ?? false,
              quality_label: input.qualityLabel ?? null,
              local_origin: input.localOrigin ?? null,
              pickup_from: input.pickupFrom,
              pickup_until: input.pickupUntil,
              lat: sql<number>`(select lat from organisations where id = ${p.shopId})`,
              lng: sql<number>`(select lng from organisations where id = ${p.shopId})`,
              status: 'open' as const, // nobody has claimed it: the outcome columns stay empty
              parent_id: p.parentId,
              series_id: p.seriesId ?? null,
              photo_token: p.photo || p.photoOf != null ? newPhotoToken() : null,
              created_at: now,
            };
          }),
        )
        .returningAll(),
    )
    .with('e', (q) =>
      q
        .insertInto('donation_events')
        .columns([
          'donation_id',
          'from_status',
          'to_status',
          'actor_user_id',
          'actor_org_id',
          'note',
          'reason',
          'at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('d')
            .select([
              'd.id',
              sql<null>`null::text`.as('from_status'),
              sql.lit('open').as('to_status'),
              sql<number | null>`${ctx.event.actor?.user.id ?? null}::int`.as('actor_user_id'),
              (ctx.event.orgId === undefined
                ? sql<number>`d.shop_id`
                : sql<number>`${ctx.event.orgId}::int`
              ).as('actor_org_id'),
              sql<string | null>`${ctx.event.note}::text`.as('note'),
              sql<null>`null::text`.as('reason'),
              sql<Date>`${now}::timestamptz`.as('at'),
            ]),
        ),
    )
    .selectFrom('d')
    .selectAll()
    .execute();
  // in the order given: a donation is known by its place in the batch (shop, series, window)
  const key = (shop: number, series: number | null, from: Date, until: Date, kg: number) =>
    `${shop}|${series}|${new Date(from).getTime()}|${new Date(until).getTime()}|${Number(kg)}`;
  const pool = new Map<string, Donation[]>();
  for (const d of written as Donation[]) {
    const k = key(d.shop_id, d.series_id, d.pickup_from, d.pickup_until, d.quantity_kg);
    pool.set(k, [...(pool.get(k) ?? []), d]);
  }
  const donations = items.map((p) =>
    pool
      .get(
        key(
          p.shopId,
          p.seriesId ?? null,
          p.input.pickupFrom,
          p.input.pickupUntil,
          p.input.quantityKg,
        ),
      )!
      .shift()!,
  );
  for (const [i, p] of items.entries()) {
    if (p.photo) await insertPhoto(trx, donations[i].id, p.photo);
    else if (p.photoOf != null && !(await copyPhoto(trx, p.photoOf, donations[i].id)))
      donations[i].photo_token = null;
  }
  const planned =
    ctx.plan !== false ? await planNotificationsMany(trx, donations, now, ctx.waves) : null;
  return donations.map((d, i) =>
    Object.assign(d, {
      fitting: planned?.[i].fitting ?? null,
      reachable: planned?.[i].reachable ?? null,
    }),
  );
}

/** The shop withdraws a donation nobody has claimed yet. */
export async function cancelDonation(db: Db, actor: Actor, id: number, now: Date) {
  const d = await loadDonation(db, id);
  if (!d || !isMemberOf(actor, d.shop_id)) throw new NotFoundError();
  return inTransaction(db, async (trx) => {
    const cancelled = await trx
      .updateTable('donations')
      .set({ status: 'cancelled', closed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!cancelled) throw new ConflictError('not_open', 'don.err.not_open');
    await recordEvent(trx, {
      donationId: id,
      from: 'open',
      to: 'cancelled',
      actor,
      orgId: d.shop_id,
      at: now,
    });
    return cancelled;
  });
}

/**
 * What the posting form starts with: the donation to post again (or the shop's last one, for its
 * kind of food) and the default pickup window from the shop's usual one.
 */
export async function postingDefaults(db: Db, actor: Actor, now: Date, fromId?: number) {
  const shop = shopOf(actor);
  const org = await db
    .selectFrom('organisations')
    .select(['pickup_from', 'pickup_until'])
    .where('id', '=', shop.organisationId)
    .executeTakeFirstOrThrow();
  const source = await db
    .selectFrom('donations')
    .selectAll()
    .where('shop_id', '=', shop.organisationId)
    .$if(fromId !== undefined, (q) => q.where('id', '=', fromId!))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const window = defaultPickupWindow({ from: org.pickup_from, until: org.pickup_until }, now);
  return { window, source };
}
