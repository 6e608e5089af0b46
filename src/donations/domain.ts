import { sql, type Kysely } from 'kysely';
import { isMemberOf, membershipOfKind, type Actor } from '../accounts/actor.js';
import type { Database, Donation, DonationStatus } from '../db/schema.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { planNotifications } from '../notifications/outbox.js';
import type { WaveSettings } from '../notifications/planning.js';
import { churnColumns, TooManyReleasesError } from './claim-churn.js';
import { checkHandoverCode, newHandoverCode } from './handover.js';
import { distanceKm, fitsAssociation, openDonationsFor } from './matching.js';
import type { Board, FeedCache } from './feed-cache.js';
import { checkDonationRules, defaultPickupWindow } from './rules.js';
import type { PickupInput, PostDonationInput } from './schemas.js';
import { isId } from '../http/ids.js';

export class NotAvailableError extends DomainError {
  constructor(message = 'don.err.not_available') {
    super('not_available', message, 409);
  }
}

export class WrongHandoverCodeError extends DomainError {
  constructor() {
    super('wrong_handover_code', 'don.err.wrong_code', 422, { handoverCode: 'don.err.wrong_code' });
  }
}

type Db = Kysely<Database>;

interface StateChange {
  donationId: number;
  from: DonationStatus | null;
  to: DonationStatus;
  actor: Actor | null;
  orgId: number | null;
  at: Date;
  note?: string | null;
}

/** The history row of a change of state. */
function eventRow(e: Omit<StateChange, 'donationId'>) {
  return {
    from_status: e.from,
    to_status: e.to,
    actor_user_id: e.actor?.user.id ?? null,
    actor_org_id: e.orgId,
    note: e.note ?? null,
    at: e.at,
  };
}

async function recordEvent(trx: Db, e: StateChange) {
  await trx
    .insertInto('donation_events')
    .values({ donation_id: e.donationId, ...eventRow(e) })
    .execute();
}

function shopOf(actor: Actor) {
  const m = membershipOfKind(actor, 'shop');
  if (!m) throw new ForbiddenError('don.err.shop_only');
  return m;
}

function associationOf(actor: Actor) {
  const m = membershipOfKind(actor, 'association');
  if (!m) throw new ForbiddenError('don.err.association_only');
  if (!m.approved) throw new ForbiddenError('don.err.not_approved');
  return m;
}

/** A shop posts a surplus: rules checked, saved with the shop's place, notifications planned, in one transaction. */
export async function postDonation(
  db: Db,
  actor: Actor,
  input: PostDonationInput,
  now: Date,
  /** who is told in which wave (AppDeps.config.waves); absent = the defaults */
  waves?: WaveSettings,
): Promise<Donation> {
  const shop = shopOf(actor);
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
  return db.transaction().execute(async (trx) => {
    // the donation, at the shop's place, and the first line of its history: one statement
    const donation = await trx
      .with('d', (q) =>
        q
          .insertInto('donations')
          .values({
            shop_id: shop.organisationId,
            created_by: actor.user.id,
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
            pickup_from: input.pickupFrom,
            pickup_until: input.pickupUntil,
            lat: sql<number>`(select lat from organisations where id = ${shop.organisationId})`,
            lng: sql<number>`(select lng from organisations where id = ${shop.organisationId})`,
            status: 'open', // nobody has claimed it: the outcome columns stay empty
            created_at: now,
          })
          .returningAll(),
      )
      .with('e', (q) =>
        q.insertInto('donation_events').values({
          donation_id: sql<number>`(select id from d)`,
          ...eventRow({ from: null, to: 'open', actor, orgId: shop.organisationId, at: now }),
        }),
      )
      .selectFrom('d')
      .selectAll()
      .executeTakeFirstOrThrow();
    await planNotifications(trx, donation, now, waves);
    return donation as Donation;
  });
}

export interface DonationView extends Donation {
  shop_name: string;
  shop_address: string | null;
  shop_town: string | null;
  shop_phone: string | null;
  association_name: string | null;
}

async function load(db: Db, id: number) {
  if (!isId(id)) return undefined;
  return db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .leftJoin('organisations as a', 'a.id', 'd.claimed_by')
    .selectAll('d')
    .select([
      's.name as shop_name',
      's.address as shop_address',
      's.town as shop_town',
      's.phone as shop_phone',
      'a.name as association_name',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst() as Promise<DonationView | undefined>;
}

export type Viewer = 'shop' | 'claimer' | 'candidate' | 'admin';

/** A donation as its viewer may see it: the shop, the claiming association, an association it fits, or the admin. */
export async function getDonation(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
): Promise<{ donation: DonationView; viewer: Viewer; distanceKm: number | null }> {
  const d = await load(db, id);
  if (!d) throw new NotFoundError();
  if (isMemberOf(actor, d.shop_id)) return { donation: d, viewer: 'shop', distanceKm: null };
  if (d.claimed_by && isMemberOf(actor, d.claimed_by))
    return { donation: d, viewer: 'claimer', distanceKm: null };
  const assoc = membershipOfKind(actor, 'association');
  if (assoc?.approved && d.status === 'open') {
    const [row] = await openDonationsFor(db, assoc.organisationId, now, { donationId: id });
    if (row) return { donation: d, viewer: 'candidate', distanceKm: row.distance_km };
  }
  if (actor.user.is_admin) return { donation: d, viewer: 'admin', distanceKm: null };
  throw new NotFoundError();
}

/**
 * One tap: the association takes the donation. One guarded statement decides the race and writes
 * the history with it: exactly one claimer finds the donation still open and fitting; the others
 * learn why they did not get it from a second look. An association or user that keeps claiming
 * and releasing is held back (claim-churn.ts).
 */
export async function claimDonation(db: Db, actor: Actor, id: number, now: Date) {
  const assoc = associationOf(actor);
  if (!isId(id)) throw new NotFoundError();
  const by = { associationId: assoc.organisationId, userId: actor.user.id };
  const result = await sql<
    Donation & {
      fits: boolean;
      own: boolean;
      seen_status: DonationStatus;
      churn_same: boolean;
      churn_any: boolean;
    }
  >`
    with a as (select * from organisations where id = ${assoc.organisationId}),
    d0 as (
      select d.id, d.status as seen_status,
        (${fitsAssociation} and ${distanceKm(sql`a.lat`, sql`a.lng`, sql`d.lat`, sql`d.lng`)} <= a.radius_km) as fits,
        exists (select 1 from memberships m where m.user_id = ${actor.user.id} and m.organisation_id = d.shop_id) as own,
        ${churnColumns(by, sql`d.id`, now)}
      from donations d, a where d.id = ${id}
    ),
    c as (
      update donations d set status = 'claimed', claimed_by = ${assoc.organisationId}, claimed_by_user = ${actor.user.id}, claimed_at = ${now},
        handover_code = ${newHandoverCode()}
      from d0
      where d.id = d0.id and d0.fits and not d0.own and not d0.churn_same and not d0.churn_any
        and d.status = 'open' and d.pickup_until > ${now}
      returning d.*
    ),
    e as (
      insert into donation_events (donation_id, from_status, to_status, actor_user_id, actor_org_id, at)
      select id, 'open', 'claimed', ${actor.user.id}, ${assoc.organisationId}, ${now} from c
    )
    select c.*, d0.fits, d0.own, d0.seen_status, d0.churn_same, d0.churn_any from d0 left join c on true`.execute(
    db,
  );
  // one statement also tells the losers why: gone (race, closed, over), not theirs, or their own
  const row = result.rows[0];
  if (!row) throw new NotFoundError();
  if (row.id != null && row.status === 'claimed') {
    const { fits: _f, own: _o, seen_status: _s, churn_same: _cs, churn_any: _ca, ...claimed } = row;
    return claimed as Donation;
  }
  if (row.own) throw new DomainError('own_donation', 'don.err.own_donation', 403);
  if (!row.fits && row.seen_status === 'open') throw new NotAvailableError('don.err.not_for_you');
  if (row.seen_status === 'open' && row.churn_same) throw new TooManyReleasesError('sameDonation');
  if (row.seen_status === 'open' && row.churn_any) throw new TooManyReleasesError('association');
  throw new NotAvailableError();
}

/**
 * The claiming association gives the donation back before pickup: it opens again. Its code goes;
 * the wrong codes typed stay counted (handover.ts).
 */
export async function releaseClaim(db: Db, actor: Actor, id: number, now: Date) {
  const d = await load(db, id);
  if (!d || !d.claimed_by || !isMemberOf(actor, d.claimed_by)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const reopened = await trx
      .updateTable('donations')
      .set({
        status: 'open',
        claimed_by: null,
        claimed_by_user: null,
        claimed_at: null,
        handover_code: null,
      })
      .where('id', '=', id)
      .where('status', '=', 'claimed')
      .where('claimed_by', '=', d.claimed_by)
      .returningAll()
      .executeTakeFirst();
    if (!reopened) throw new DomainError('not_claimed', 'don.err.not_claimed', 409);
    await recordEvent(trx, {
      donationId: id,
      from: 'claimed',
      to: 'open',
      actor,
      orgId: d.claimed_by,
      at: now,
      note: 'released',
    });
    return reopened;
  });
}

/** The shop withdraws a donation nobody has claimed yet. */
export async function cancelDonation(db: Db, actor: Actor, id: number, now: Date) {
  const d = await load(db, id);
  if (!d || !isMemberOf(actor, d.shop_id)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const cancelled = await trx
      .updateTable('donations')
      .set({ status: 'cancelled', closed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!cancelled) throw new DomainError('not_open', 'don.err.not_open', 409);
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
 * At the shop: the driver enters the shop's code, the kg received, the temperature for chilled and
 * frozen food, and the quality (with reasons unless good). The code is checked against the wrong
 * codes counted for this donation, association and user (handover.ts): past a limit, 429; a wrong
 * code is counted and committed before the 422.
 */
export async function confirmPickup(
  db: Db,
  actor: Actor,
  id: number,
  input: PickupInput,
  now: Date,
) {
  const d = await load(db, id);
  if (!d || !d.claimed_by || !isMemberOf(actor, d.claimed_by)) throw new NotFoundError();
  if (d.status !== 'claimed') throw new DomainError('not_claimed', 'don.err.not_claimed', 409);
  const fields: Record<string, string> = {};
  if (
    (d.storage === 'chilled' || d.storage === 'frozen') &&
    input.temperatureC == null &&
    input.quality !== 'refused'
  )
    fields.temperatureC = 'don.err.temperature_required';
  if (input.quality !== 'good' && !input.issues) fields.issues = 'don.err.issues_required';
  if (input.quality !== 'refused' && input.receivedKg <= 0)
    fields.receivedKg = 'don.err.kg_positive';
  if (input.receivedKg > Number(d.quantity_kg) * 2) fields.receivedKg = 'don.err.kg_too_much';
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const to: DonationStatus = input.quality === 'refused' ? 'refused' : 'picked_up';
  const closed = await db.transaction().execute(async (trx) => {
    const right = await checkHandoverCode(trx, {
      donationId: id,
      associationId: d.claimed_by!,
      userId: actor.user.id,
      storedCode: d.handover_code ?? '',
      typedCode: input.handoverCode,
      now,
    });
    if (!right) return null; // committed: the wrong code stays counted
    const done = await trx
      .updateTable('donations')
      .set({
        status: to,
        received_kg: to === 'refused' ? 0 : input.receivedKg,
        quality: input.quality,
        temperature_c: input.temperatureC ?? null,
        issues: input.issues ?? null,
        picked_up_at: now,
        closed_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'claimed')
      .where('claimed_by', '=', d.claimed_by)
      .where('handover_code', '=', d.handover_code) // the claim whose code was checked
      .returningAll()
      .executeTakeFirst();
    if (!done) throw new DomainError('not_claimed', 'don.err.not_claimed', 409);
    await recordEvent(trx, {
      donationId: id,
      from: 'claimed',
      to,
      actor,
      orgId: d.claimed_by,
      at: now,
      note: input.issues ?? null,
    });
    return done;
  });
  if (!closed) throw new WrongHandoverCodeError();
  return closed;
}

/** The scheduled job: windows that ended. Open ones expire; claimed ones were missed. */
export async function expireDonations(db: Db, now: Date) {
  return db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('donations')
      .set({
        status: sql`case when status = 'open' then 'expired' else 'missed' end`,
        closed_at: now,
      })
      .where('status', 'in', ['open', 'claimed'])
      .where('pickup_until', '<=', now)
      .returning(['id', 'shop_id', 'status', 'claimed_by', 'lat', 'lng'])
      .execute();
    if (expired.length)
      await trx
        .insertInto('donation_events')
        .values(
          expired.map((d) => ({
            donation_id: d.id,
            ...eventRow({
              from: d.status === 'expired' ? 'open' : 'claimed',
              to: d.status,
              actor: null,
              orgId: null,
              at: now,
            }),
          })),
        )
        .execute();
    return expired;
  });
}

export async function donationHistory(db: Db, donationId: number) {
  return db
    .selectFrom('donation_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('organisations as o', 'o.id', 'e.actor_org_id')
    .select([
      'e.id',
      'e.from_status',
      'e.to_status',
      'e.at',
      'e.note',
      'u.name as user_name',
      'o.name as org_name',
    ])
    .where('e.donation_id', '=', donationId)
    .orderBy('e.id')
    .execute();
}

/** A shop's donations, newest first. */
export async function shopDonations(db: Db, actor: Actor, opts: { limit?: number } = {}) {
  const shop = shopOf(actor);
  return db
    .selectFrom('donations as d')
    .leftJoin('organisations as a', 'a.id', 'd.claimed_by')
    .selectAll('d')
    .select(['a.name as association_name'])
    .where('d.shop_id', '=', shop.organisationId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
}

/** An association's pickups: what it has claimed now, and its past ones. */
/** What an association has claimed, with the shop: what it is to collect now first, then its history. */
export async function associationPickups(
  db: Db,
  actor: Actor,
  opts: { limit?: number; currentOnly?: boolean } = {},
) {
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) throw new ForbiddenError('don.err.association_only');
  return db
    .selectFrom('donations as d')
    .innerJoin('organisations as s', 's.id', 'd.shop_id')
    .selectAll('d')
    .select(['s.name as shop_name', 's.address as shop_address', 's.town as shop_town'])
    .where('d.claimed_by', '=', assoc.organisationId)
    .$if(Boolean(opts.currentOnly), (q) => q.where('d.status', '=', 'claimed'))
    .orderBy(sql`case when d.status = 'claimed' then 0 else 1 end`)
    .orderBy('d.pickup_until', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
}

export type Pickup = Awaited<ReturnType<typeof associationPickups>>[number];

export async function missedPickups(db: Db, associationId: number) {
  const row = await db
    .selectFrom('donations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('claimed_by', '=', associationId)
    .where('status', '=', 'missed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The feed of an association; empty while it is not approved. Served from the cache when one is given. */
/**
 * An association's board: the open donations it may claim (nearest first) and what it has claimed
 * and is to collect now. Kept in `cache` between changes in its area.
 */
export async function associationBoard(
  db: Db,
  actor: Actor,
  now: Date,
  cache?: FeedCache,
): Promise<Board> {
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) throw new ForbiddenError('don.err.association_only');
  const load = async () => {
    const [feed, current] = await Promise.all([
      assoc.approved ? openDonationsFor(db, assoc.organisationId, now) : [],
      associationPickups(db, actor, { currentOnly: true }),
    ]);
    const first = feed[0];
    const place = first ? { lat: first.a_lat, lng: first.a_lng, radiusKm: first.radius_km } : null;
    return { board: { feed, current }, place };
  };
  if (cache && assoc.approved) return cache.board(assoc.organisationId, now, load);
  return (await load()).board;
}

/** The open donations an association may claim, nearest first. */
export async function feedFor(db: Db, actor: Actor, now: Date, cache?: FeedCache) {
  if (cache) return (await associationBoard(db, actor, now, cache)).feed;
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) throw new ForbiddenError('don.err.association_only');
  return assoc.approved ? openDonationsFor(db, assoc.organisationId, now) : [];
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
