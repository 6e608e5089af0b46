// Seeding the demo town: refuses a database that already holds organisations, then writes the
// organisations of town.ts, one account per role, the open donations of donations.ts, and the
// past of history.ts (a relay hub and its partner, donations picked up with quality marks).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { assertStrongPassword } from '../accounts/password-strength.js';
import { hashPassword } from '../accounts/passwords.js';
import type { Database, MemberRole, NewOrganisation } from '../db/schema.js';
import { seedDemoDirectory } from './directory.js';
import { seedDemoDonations, type DemoShop } from './donations.js';
import { seedDemoHub, seedDemoPickups, type DemoAssociation } from './history.js';
import { loadCommuneIndex } from '../places/communes-node.js';
import { storeTerritoryArea } from '../stats/area.js';
import {
  ANGOULEME_ASSOCIATIONS,
  ANGOULEME_EPCI,
  ANGOULEME_SHOPS,
  ANGOULEME_TERRITORY,
  ASSOCIATIONS,
  PRODUCER,
  SHOPS,
  TERRITORY,
  type Place,
} from './town.js';

const DOMAIN = 'demo.example.org';

export interface DemoAccount {
  role: string;
  organisation: string;
  email: string;
  name: string;
  password: string;
}

export class DatabaseNotEmptyError extends Error {
  constructor(count: number) {
    super(
      `This database already holds ${count} organisation(s): the demo only fills an empty one, so that it never mixes ` +
        `made-up shops with real ones. Use a fresh folder (DATA_DIR=./demo-data npm run demo) or an empty PostgreSQL database.`,
    );
    this.name = 'DatabaseNotEmptyError';
  }
}

/**
 * Fills an empty database with the demo town. Every account gets `password` (random if not given).
 * Returns the accounts, one line per role first.
 */
export async function seedDemo(db: Kysely<Database>, opts: { password?: string; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  if (opts.password) await assertStrongPassword(opts.password); // DEMO_PASSWORD follows the same rule
  const password = opts.password ?? randomBytes(9).toString('base64url');
  const hash = await hashPassword(password); // one slow hash for every demo account
  // the Grand Angoulême's territory is its EPCI: its communes from the official list
  const communes = await loadCommuneIndex();
  const epci = communes.part('epci', ANGOULEME_EPCI)!;
  const epciCitycodes = communes.citycodes('epci', ANGOULEME_EPCI)!;
  const accounts: DemoAccount[] = [];

  return db.transaction().execute(async (trx) => {
    const { count } = await trx
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count) > 0) throw new DatabaseNotEmptyError(Number(count));

    const addUser = async (
      local: string,
      name: string,
      role: string,
      org: { id: number; name: string } | null,
      member: MemberRole | null,
      isAdmin = false,
    ) => {
      const email = `${local}@${DOMAIN}`;
      const user = await trx
        .insertInto('users')
        .values({
          email,
          name,
          password_hash: hash,
          is_admin: isAdmin,
          lang: 'fr',
          email_confirmed_at: new Date(), // the demo's addresses are not real ones
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      if (org && member)
        await trx
          .insertInto('memberships')
          .values({ user_id: user.id, organisation_id: org.id, role: member })
          .execute();
      accounts.push({ role, organisation: org?.name ?? '', email, name, password });
      return user.id;
    };
    const addOrg = (
      kind: NewOrganisation['kind'],
      p: Place,
      extra: Partial<NewOrganisation> = {},
    ) => {
      const { key: _key, ...place } = p;
      return trx
        .insertInto('organisations')
        .values({
          kind,
          ...place,
          min_kg: null,
          max_kg: null,
          accepted_categories: null,
          pickup_days: JSON.stringify([1, 2, 3, 4, 5, 6]),
          pickup_from: null,
          pickup_until: null,
          approved: true,
          ...extra,
        })
        .returning(['id', 'name', 'lat', 'lng'])
        .executeTakeFirstOrThrow();
    };

    await addUser(
      'admin',
      'Camille Admin',
      'admin de la plateforme / platform admin',
      null,
      null,
      true,
    );

    const shops: Record<string, DemoShop> = {};
    const shopPeople: Record<string, string> = {
      boulangerie: 'Julien Morel',
      primeur: 'Samia Benali',
      superette: 'Thierry Lambert',
      traiteur: 'Élodie Perrin',
      fromagerie: 'Marc Giraud',
      bio: 'Inès Fabre',
      halles: 'Hélène Bernard',
      couronne: 'Yanis Faure',
      soyaux: 'Chloé Renaud',
    };
    for (const p of [...SHOPS, ...ANGOULEME_SHOPS]) {
      const org = await addOrg('shop', p, { pickup_from: '08:00', pickup_until: '19:30' });
      const userId = await addUser(
        p.key,
        shopPeople[p.key],
        'commerce, responsable / shop manager',
        org,
        'manager',
      );
      shops[p.key] = { ...org, userId };
    }
    await addUser(
      'vendeur',
      'Lucas Vendeur',
      'commerce, membre / shop member',
      shops.superette,
      'member',
    );

    const assocPeople: Record<string, string> = {
      epicerie: 'Nadia Roux',
      repas: 'Bernard Collet',
      ccas: 'Sophie Marchand',
      gare: 'Mathieu Lefort',
      ccas16: 'Aurélie Vidal',
    };
    const associations: Record<string, DemoAssociation> = {};
    for (const a of [...ASSOCIATIONS, ...ANGOULEME_ASSOCIATIONS]) {
      const {
        radius_km,
        storage_chilled,
        storage_frozen,
        pickup_days,
        pickup_from,
        pickup_until,
        min_kg,
        max_kg,
        accepted_categories,
        ...place
      } = a;
      const org = await addOrg('association', place, {
        radius_km,
        storage_chilled,
        storage_frozen,
        pickup_days: JSON.stringify(pickup_days),
        pickup_from,
        pickup_until,
        min_kg,
        max_kg,
        accepted_categories: accepted_categories ? JSON.stringify(accepted_categories) : null,
        approved: true,
        // their food-aid approval, so that their pickups give receipts: the CCAS by law, the
        // others a regional one for two more years (a number of the demo's own)
        ...(a.key.startsWith('ccas')
          ? { approval_level: 'law' as const }
          : {
              approval_level: 'regional' as const,
              approval_number: `DEMO-${a.key.toUpperCase()}`,
              approval_ends_on: `${new Date().getUTCFullYear() + 2}-12-31`,
            }),
      });
      const userId = await addUser(
        a.key,
        assocPeople[a.key],
        'association, responsable / association manager',
        org,
        'manager',
      );
      associations[a.key] = { id: org.id, name: org.name, userId };
    }
    await addUser(
      'benevole',
      'Karim Bénévole',
      'association, bénévole / association member (driver)',
      associations.epicerie,
      'member',
    );

    const op = await addOrg('producer_org', PRODUCER);
    await addUser(
      'producteurs',
      'Pierre Verger',
      'organisation de producteurs / producer organisation',
      op,
      'manager',
    );

    const territory = await addOrg('territory', TERRITORY);
    // a territory's area (migration 0004): a centre and a radius covering both arrondissements
    await (trx as unknown as Kysely<any>)
      .updateTable('organisations')
      .set({ area_towns: null, area_lat: 45.7715, area_lng: 4.83, area_radius_km: 2.5 })
      .where('id', '=', territory.id)
      .execute();
    await addUser(
      'territoire',
      'Claire Dumas',
      'territoire / territory dashboard',
      territory,
      'manager',
    );

    const grandAngouleme = await addOrg('territory', ANGOULEME_TERRITORY);
    await storeTerritoryArea(trx, grandAngouleme.id, {
      parts: [epci],
      citycodes: epciCitycodes,
      circle: { lat: null, lng: null, radius: null },
    });
    await addUser(
      'territoire16',
      'Julie Marchetti',
      'territoire (EPCI) / territory dashboard (EPCI)',
      grandAngouleme,
      'manager',
    );

    const donations = await seedDemoDonations(trx, shops, now);
    await seedDemoHub(trx, associations.epicerie, associations.ccas, now);
    const pickedUp = await seedDemoPickups(trx, shops, associations, now);
    await seedDemoDirectory(trx, {
      ...Object.fromEntries(
        Object.entries({ ...shops, ...associations }).map(([k, o]) => [k, o.id]),
      ),
      territoire: territory.id,
      territoire16: grandAngouleme.id,
    });

    return { password, accounts, donations, pickedUp };
  });
}
