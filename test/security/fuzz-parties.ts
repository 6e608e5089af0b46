import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { createDonation, markClaimed, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';
import { createProducerOrg, createWithdrawal } from '../helpers/withdrawal-factories.js';

/** Who the route fuzz calls as, and the rows it calls on. */

export type Actor = 'anonymous' | 'admin' | 'shop' | 'association' | 'po';
export type SignedIn = Exclude<Actor, 'anonymous'>;

/** Who should call a route for it to get past the access checks and into its parsing. */
export function actorFor(method: string, path: string): Actor {
  if (/^\/(api\/v1\/)?(signin|signup|invitations|tokens)\b/.test(path)) return 'anonymous';
  if (/^\/admin\b|withdrawal-rates|withdrawal-flat-amounts/.test(path)) return 'admin';
  if (method === 'POST' && path === '/api/v1/organisations') return 'admin';
  if (/withdrawals\/:id\/(receipt|refusal)/.test(path)) return 'association';
  if (/withdrawals|campaigns/.test(path)) return 'po';
  if (/donations\/:id\/(claim|release|pickup)/.test(path)) return 'association';
  if (/organisations\/:id/.test(path)) return 'association';
  return 'shop';
}

/** One of each actor but the anonymous one, and a territory; their e-mails and user ids. */
export async function seedParties(db: Kysely<Database>) {
  const admin = await createUser(db, { isAdmin: true });
  const shop = await createOrgWithUser(db, 'shop');
  const assoc = await createOrgWithUser(db, 'association', {
    storage_chilled: true,
    storage_frozen: true,
  });
  const po = await createProducerOrg(db);
  const territory = await createOrgWithUser(db, 'territory');
  const emails: Record<SignedIn, string> = {
    admin: admin.email,
    shop: shop.user.email,
    association: assoc.user.email,
    po: po.user.email,
  };
  const userIds: Record<SignedIn, number> = {
    admin: admin.id,
    shop: shop.user.id,
    association: assoc.user.id,
    po: po.user.id,
  };
  return { shop, assoc, po, territory, emails, userIds };
}

export type Parties = Awaited<ReturnType<typeof seedParties>>;

/** A fresh row for each route with an id, so that a valid request can go all the way. */
export async function realId(
  db: Kysely<Database>,
  { shop, assoc, po, territory }: Parties,
  path: string,
): Promise<Record<string, string>> {
  if (path.includes('/donations/')) {
    const d = await createDonation(db, {
      shopId: shop.org.id,
      pickup_from: '2026-11-27T10:00:00+01:00',
      pickup_until: '2026-11-27T18:00:00+01:00',
      created_at: '2026-11-27T08:00:00+01:00',
    });
    if (/claim$|cancel$/.test(path) && !/DELETE/.test(path)) return { id: String(d.id) };
    await markClaimed(db, d.id, assoc.org.id, '2026-11-27T08:30:00+01:00');
    if (/quality|record/.test(path)) {
      await markPickedUp(db, d.id, {
        associationId: assoc.org.id,
        at: '2026-11-27T08:45:00+01:00',
        quality: 'poor',
      });
    }
    return { id: String(d.id) };
  }
  if (path.includes('/quality/')) {
    const d = await createDonation(db, { shopId: shop.org.id });
    await markPickedUp(db, d.id, {
      associationId: assoc.org.id,
      at: '2026-11-20T10:00:00+01:00',
      quality: 'poor',
    });
    return { id: String(d.id) };
  }
  if (path.includes('/withdrawals/')) {
    const w = await createWithdrawal(db, {
      producerOrgId: po.org.id,
      associationId: assoc.org.id,
      date: '2026-11-20',
    });
    return { id: String(w.id) };
  }
  if (path.includes('/territories/')) return { id: String(territory.org.id) };
  if (path.includes('/organisations/')) return { id: String(assoc.org.id) };
  if (path.includes('/devices/')) return { id: '1' };
  return { year: '2026', token: 'no-such-token', id: '1' };
}

/** The handover code of a donation, which a pickup needs to go past its check. */
export const handover = async (db: Kysely<Database>, id: string) =>
  (
    await db
      .selectFrom('donations')
      .select('handover_code')
      .where('id', '=', Number(id))
      .executeTakeFirst()
  )?.handover_code ?? '';
