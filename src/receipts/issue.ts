import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database, Organisation, Receipt } from '../db/schema.js';
import {
  approvalHistory,
  approvalInForce,
  type ApprovalRecord,
} from '../organisations/approvals.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { count } from '../i18n/format.js';
import { parisToday } from '../shared/period.js';
import { receiptGroups, type ReceiptLine } from './domain.js';
import { isWholeUnit } from './periods.js';
import { euroAmountInFrench } from './words.js';
import { queueMessages } from '../mail/outbox.js';

export interface IssueInput {
  shopId: number;
  /** the association issuing (a manager of several says which); absent: the one it manages */
  associationId?: number;
  periodFrom: string;
  periodTo: string;
  /** 'exclude': issue without the donations that have no cost value (they get no receipt) */
  withoutValue?: 'refuse' | 'exclude';
}

/** Whether the actor manages that association (the admin issues and cancels none). */
export const managesAssociation = (actor: Actor, id: number) =>
  actor.memberships.some(
    (m) => m.organisationId === id && m.kind === 'association' && m.role === 'manager',
  );

/**
 * The association the actor issues receipts for: the one the request names, which it must
 * manage; none named, the only one it manages (a manager of several is asked which).
 */
export function issuingAssociation(actor: Actor, chosen?: number) {
  if (chosen !== undefined) {
    if (!managesAssociation(actor, chosen))
      throw new ForbiddenError('Only a manager of that association issues its receipts.');
    return chosen;
  }
  const managed = actor.memberships.filter((m) => managesAssociation(actor, m.organisationId));
  if (!managed.length)
    throw new ForbiddenError('Only a manager of an association issues its receipts.');
  if (managed.length > 1)
    throw new ValidationError(
      { associationId: 'receipts.err.which_association' },
      'You manage several associations: say which one issues the receipt (associationId).',
    );
  return managed[0]!.organisationId;
}

/** The association's choice (month, quarter, year): a receipt covers exactly one such period. */
async function checkReceiptPeriod(
  db: Kysely<Database>,
  associationId: number,
  from: string,
  to: string,
) {
  const { receipt_period: kind } = await db
    .selectFrom('organisations')
    .select('receipt_period')
    .where('id', '=', associationId)
    .executeTakeFirstOrThrow();
  if (!isWholeUnit(kind, from, to))
    throw new ValidationError(
      { periodFrom: `receipts.err.period_${kind}` },
      `This association makes out one receipt per ${kind}: the period must be one whole ${kind}.`,
    );
}

const donorOf = (o: Organisation) => ({
  name: o.name,
  address: o.address,
  postcode: o.postcode,
  town: o.town,
  siret: o.siret,
  siren: o.siren,
  legalForm: o.legal_form,
});
/** The association as the receipt states it, with the approval in force on its last pickup. */
const doneeOf = (o: Organisation, a: ApprovalRecord | null) => ({
  name: o.name,
  address: o.address,
  postcode: o.postcode,
  town: o.town,
  rna: o.rna,
  siren: o.siren,
  object: o.purpose,
  approval: a
    ? { level: a.level, number: a.number, endsOn: a.endsOn }
    : { level: o.approval_level, number: o.approval_number, endsOn: o.approval_ends_on },
});

/**
 * Issue a Cerfa 16216 receipt for what the association took from the shop in the period.
 *
 * The number is `YYYY-NNNN`, from the association's counter of that year: the counter row is
 * locked by the upsert that moves it, so two issues of one association wait for each other, and
 * a refused issue rolls its step back (no number is given twice, none is skipped). Under that
 * lock, a period overlapping a receipt still issued for that shop is refused (409). What the
 * receipt says (lines, amount, both identities) is written once and never changed.
 *
 * Donations taken while the association's approval was not valid give no receipt; donations
 * without a cost value are refused (the shop fills the value first) unless `withoutValue` says
 * to leave them out.
 */
export async function issueReceipt(
  db: Kysely<Database>,
  actor: Actor,
  input: IssueInput,
  now: Date,
): Promise<Receipt> {
  const associationId = issuingAssociation(actor, input.associationId);
  const { periodFrom: from, periodTo: to } = input;
  if (from.slice(0, 4) !== to.slice(0, 4))
    throw new ValidationError({ periodTo: 'receipts.err.one_year' });
  if (to > parisToday(now)) throw new ValidationError({ periodTo: 'receipts.err.future' });
  // the numbers run per year from 2000 (receipt_counters); nothing was given before the site
  if (from < '2000-01-01') throw new ValidationError({ periodFrom: 'receipts.err.too_old' });
  await checkReceiptPeriod(db, associationId, from, to);
  const year = Number(from.slice(0, 4));
  return db.transaction().execute(async (trx) => {
    const { last_seq: seq } = await trx
      .insertInto('receipt_counters')
      .values({ association_id: associationId, year, last_seq: 1 })
      .onConflict((oc) =>
        oc
          .columns(['association_id', 'year'])
          .doUpdateSet({ last_seq: sql`receipt_counters.last_seq + 1` }),
      )
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const overlapping = await trx
      .selectFrom('receipts')
      .select(['number'])
      .where('association_id', '=', associationId)
      .where('shop_id', '=', input.shopId)
      .where('status', '=', 'issued')
      .where('period_from', '<=', to)
      .where('period_to', '>=', from)
      .executeTakeFirst();
    if (overlapping)
      throw new ConflictError(
        'receipt_overlap',
        `Receipt ${overlapping.number} already covers part of this period.`,
      );
    const [g] = await receiptGroups(trx, actor, {
      from,
      to,
      shopId: input.shopId,
      associationId,
    });
    if (!g) throw new ValidationError({ periodFrom: 'receipts.err.nothing' });
    // the approval in force on each pickup's day, from the association's history of approvals
    const history = await approvalHistory(trx, associationId);
    const approved = g.lines.filter((l) => approvalInForce(history, l.pickupDay));
    const withoutValue = approved.filter((l) => l.valueEur == null);
    if (withoutValue.length && input.withoutValue !== 'exclude')
      throw new ValidationError(
        { withoutValue: 'receipts.err.without_value' },
        `${count('en', withoutValue.length, 'donation has', 'donations have')} no cost value: the shop fills it in first, or issue without them.`,
      );
    const lines: ReceiptLine[] = approved.filter((l) => l.valueEur != null);
    if (!lines.length) throw new ValidationError({ periodFrom: 'receipts.err.nothing_valued' });
    const cents = lines.reduce((a, l) => a + Math.round(l.valueEur! * 100), 0);
    const kg = lines.reduce((a, l) => a + Math.round(l.receivedKg * 100), 0) / 100;
    const replaced = await trx
      .selectFrom('receipts')
      .select('id')
      .where('association_id', '=', associationId)
      .where('shop_id', '=', input.shopId)
      .where('status', '=', 'cancelled')
      .where('period_from', '<=', to)
      .where('period_to', '>=', from)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const receipt = await trx
      .insertInto('receipts')
      .values({
        association_id: associationId,
        shop_id: input.shopId,
        year,
        seq,
        number: `${year}-${String(seq).padStart(4, '0')}`,
        period_from: from,
        period_to: to,
        amount_eur: (cents / 100).toFixed(2),
        amount_words: euroAmountInFrench(cents / 100),
        kg,
        lines: JSON.stringify(lines),
        donor: JSON.stringify(donorOf(g.shop)),
        donee: JSON.stringify(
          doneeOf(g.association, approvalInForce(history, lines.at(-1)!.pickupDay)),
        ),
        issued_at: now,
        issued_by: actor.user.id,
        replaces_id: replaced?.id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tellShop(trx, receipt, g.association.name, now);
    return receipt;
  });
}

/** The shop's managers are mailed the receipt (its link, and its PDF attached), in the issue's transaction. */
async function tellShop(db: Kysely<Database>, r: Receipt, association: string, now: Date) {
  const managers = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organisation_id', '=', r.shop_id)
    .where('role', '=', 'manager')
    .execute();
  await queueMessages(
    db,
    'email',
    managers.map((m) => ({
      userId: m.user_id,
      template: 'receipt_issued',
      key: `receipt:${r.id}`,
      params: {
        number: r.number,
        association,
        // the same in every language: the template writes them in the recipient's
        from: r.period_from,
        to: r.period_to,
        amount: Number(r.amount_eur),
      },
      links: { receipt: `/receipts/${r.id}`, pdf: `/receipts/${r.id}/pdf` },
      attachment: `receipt_pdf:${r.id}`,
    })),
    now,
  );
}

/** Cancel an issued receipt (kept, with why); its period may then be issued again. */
export async function cancelReceipt(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  reason: string,
  now: Date,
) {
  const r = await getReceipt(db, actor, id);
  if (!managesAssociation(actor, r.association_id)) throw new ForbiddenError();
  const done = await db
    .updateTable('receipts')
    .set({
      status: 'cancelled',
      cancelled_at: now,
      cancelled_by: actor.user.id,
      cancel_reason: reason,
    })
    .where('id', '=', id)
    .where('status', '=', 'issued')
    .returningAll()
    .executeTakeFirst();
  if (!done) throw new ConflictError('receipt_cancelled', 'This receipt is already cancelled.');
  return done;
}

/** Receipts the actor may see: its association's, those made out to its shop; the admin all. */
function visible(db: Kysely<Database>, actor: Actor) {
  const mine = actor.memberships.map((m) => m.organisationId);
  return db
    .selectFrom('receipts')
    .selectAll()
    .$if(!actor.user.is_admin, (qb) =>
      mine.length
        ? qb.where((eb) => eb.or([eb('association_id', 'in', mine), eb('shop_id', 'in', mine)]))
        : qb.where(sql<boolean>`false`),
    );
}

export async function getReceipt(db: Kysely<Database>, actor: Actor, id: number) {
  const r = await visible(db, actor).where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError('No such receipt.');
  return r;
}

export function listReceipts(db: Kysely<Database>, actor: Actor, year: number) {
  return visible(db, actor)
    .where('year', '=', year)
    .orderBy('association_id')
    .orderBy('seq')
    .execute();
}

export function receiptToApi(r: Receipt) {
  return {
    id: r.id,
    number: r.number,
    shopId: r.shop_id,
    associationId: r.association_id,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    amountEur: Number(r.amount_eur),
    amountWords: r.amount_words,
    kg: Number(r.kg),
    status: r.status,
    issuedAt: r.issued_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    replacesId: r.replaces_id,
    donor: r.donor,
    donee: r.donee,
    lines: r.lines,
  };
}
