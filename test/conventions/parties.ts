import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser } from '../helpers/factories.js';

/**
 * A shop over 400 m² and an approved association that picked up from it this autumn, each with a
 * manager (and a plain member for the shop), plus a third shop and a third association.
 */
export async function conventionParties(db: Kysely<Database>) {
  const shop = await createOrgWithUser(db, 'shop', {
    name: 'Supermarché des Pentes',
    siret: '73282932000074',
    siren: '732829320',
    legal_form: 'SAS',
    sales_area_m2: 1200,
  });
  const assoc = await createOrgWithUser(db, 'association', {
    name: 'Épicerie Solidaire du Plateau',
    rna: 'W691234567',
    approval_level: 'regional',
    approval_number: 'R-69-2024-03',
    approval_ends_on: '2028-12-31',
  });
  const member = await createUser(db, { organisationId: shop.org.id, role: 'member' });
  const otherShop = await createOrgWithUser(db, 'shop', { name: 'Autre commerce' });
  const otherAssoc = await createOrgWithUser(db, 'association', {
    name: 'Autre association',
    approval_level: 'law',
  });
  const pickup = async (associationId: number, at: string, shopId = shop.org.id) => {
    const d = await createDonation(db, { shopId });
    await markPickedUp(db, d.id, { associationId, at });
    return d;
  };
  await pickup(assoc.org.id, '2026-11-20T10:00:00+01:00');
  return { shop, assoc, member, otherShop, otherAssoc, pickup };
}

export const proposal = (
  shopId: number,
  associationId: number,
  over: Record<string, unknown> = {},
) => ({
  shopId,
  associationId,
  categories: ['bakery', 'dairy'],
  pickupArrangements: 'Le mardi et le vendredi, 19 h 00 - 19 h 30, à la réserve.',
  qualityContact: 'Mme Martin, 04 78 00 00 00',
  startsOn: '2026-12-01',
  endsOn: null,
  ...over,
});
