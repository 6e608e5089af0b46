// npm run demo: fills an EMPTY database with a believable neighbourhood (Lyon 1er and 4e,
// the Pentes and the Croix-Rousse), one account per role, and prints how to sign in.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { assertStrongPassword } from './accounts/password-strength.js';
import { hashPassword } from './accounts/passwords.js';
import { readConfig } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { Database, MemberRole, NewOrganisation } from './db/schema.js';

const DOMAIN = 'demo.example.org';

type Place = Pick<NewOrganisation, 'name' | 'address' | 'postcode' | 'lat' | 'lng' | 'phone'> & {
  key: string;
};

// Coordinates of the streets named (OpenStreetMap), a few metres off on purpose.
const SHOPS: Place[] = [
  {
    key: 'boulangerie',
    name: 'Boulangerie du Gros Caillou',
    address: '152 boulevard de la Croix-Rousse',
    postcode: '69004',
    lat: 45.77467,
    lng: 4.83151,
    phone: '04 78 00 11 01',
  },
  {
    key: 'primeur',
    name: 'Primeur de la Grande Rue',
    address: '48 Grande Rue de la Croix-Rousse',
    postcode: '69004',
    lat: 45.77731,
    lng: 4.82773,
    phone: '04 78 00 11 02',
  },
  {
    key: 'superette',
    name: 'Supérette des Terreaux',
    address: '9 rue d’Algérie',
    postcode: '69001',
    lat: 45.76739,
    lng: 4.83219,
    phone: '04 78 00 11 03',
  },
  {
    key: 'traiteur',
    name: 'Traiteur des Pentes',
    address: '21 montée de la Grande-Côte',
    postcode: '69001',
    lat: 45.77061,
    lng: 4.83128,
    phone: '04 78 00 11 04',
  },
  {
    key: 'fromagerie',
    name: 'Crèmerie Saint-Vincent',
    address: '6 quai Saint-Vincent',
    postcode: '69001',
    lat: 45.76873,
    lng: 4.82594,
    phone: '04 78 00 11 05',
  },
  {
    key: 'bio',
    name: 'La Halle bio des Tapis',
    address: '4 place des Tapis',
    postcode: '69004',
    lat: 45.77612,
    lng: 4.82691,
    phone: '04 78 00 11 06',
  },
];

type AssociationPlace = Place & {
  radius_km: number;
  storage_chilled: boolean;
  storage_frozen: boolean;
  pickup_days: number[];
  pickup_from: string;
  pickup_until: string;
  min_kg: number | null;
  max_kg: number | null;
  accepted_categories: string[] | null;
};

const ASSOCIATIONS: AssociationPlace[] = [
  {
    key: 'epicerie',
    name: 'Épicerie solidaire L’Épi des Pentes',
    address: '14 rue des Tables Claudiennes',
    postcode: '69001',
    lat: 45.77118,
    lng: 4.82994,
    phone: '04 78 00 22 01',
    radius_km: 1.5,
    storage_chilled: true,
    storage_frozen: true,
    pickup_days: [1, 2, 3, 4, 5],
    pickup_from: '10:00',
    pickup_until: '18:30',
    min_kg: 2,
    max_kg: 80,
    accepted_categories: null,
  },
  {
    key: 'repas',
    name: 'Les Repas du Cœur, antenne Croix-Rousse',
    address: '30 rue Dumenge',
    postcode: '69004',
    lat: 45.77903,
    lng: 4.82612,
    phone: '04 78 00 22 02',
    radius_km: 2,
    storage_chilled: true,
    storage_frozen: false,
    pickup_days: [2, 4, 6],
    pickup_from: '14:00',
    pickup_until: '19:00',
    min_kg: 5,
    max_kg: 150,
    accepted_categories: [
      'bakery',
      'fruit_vegetables',
      'dairy',
      'prepared_meals',
      'dry_goods',
      'drinks',
    ],
  },
  {
    key: 'ccas',
    name: 'CCAS de Lyon, Maison de la solidarité du 1er',
    address: '2 place Sathonay',
    postcode: '69001',
    lat: 45.76752,
    lng: 4.82905,
    phone: '04 78 00 22 03',
    radius_km: 1.5,
    storage_chilled: false,
    storage_frozen: false,
    pickup_days: [1, 2, 3, 4, 5],
    pickup_from: '09:00',
    pickup_until: '12:00',
    min_kg: null,
    max_kg: 40,
    accepted_categories: ['bakery', 'fruit_vegetables', 'dry_goods', 'drinks'],
  },
];

const PRODUCER: Place = {
  key: 'op',
  name: 'Vergers des Monts du Lyonnais (OP)',
  address: '12 route de Lyon, Brignais',
  postcode: '69530',
  lat: 45.67391,
  lng: 4.75478,
  phone: '04 78 00 33 01',
};
const TERRITORY: Place = {
  key: 'territoire',
  name: 'Projet alimentaire territorial, Lyon 1er et 4e',
  address: '1 place de la Comédie',
  postcode: '69001',
  lat: 45.76772,
  lng: 4.83623,
  phone: null,
};

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
        .values({ email, name, password_hash: hash, is_admin: isAdmin, lang: 'fr' })
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
          town: 'Lyon',
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

    const shops: Record<
      string,
      { id: number; name: string; lat: number; lng: number; userId: number }
    > = {};
    const shopPeople: Record<string, string> = {
      boulangerie: 'Julien Morel',
      primeur: 'Samia Benali',
      superette: 'Thierry Lambert',
      traiteur: 'Élodie Perrin',
      fromagerie: 'Marc Giraud',
      bio: 'Inès Fabre',
    };
    for (const p of SHOPS) {
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
    };
    const associations: Record<string, { id: number; name: string }> = {};
    for (const a of ASSOCIATIONS) {
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
      });
      associations[a.key] = org;
      await addUser(
        a.key,
        assocPeople[a.key],
        'association, responsable / association manager',
        org,
        'manager',
      );
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

    // A few open donations, posted as their shop would, so the associations' feeds are not empty.
    const at = (hours: number) => {
      const d = new Date(now.getTime() + hours * 3600_000);
      d.setUTCMinutes(Math.ceil(d.getUTCMinutes() / 15) * 15, 0, 0);
      return d;
    };
    const day = (days: number) =>
      new Date(now.getTime() + days * 86400_000).toISOString().slice(0, 10);
    const donations = [
      {
        shop: 'boulangerie',
        category: 'bakery',
        description: 'Pains de campagne et baguettes de la veille',
        quantity_kg: 6.5,
        storage: 'ambient',
        date_kind: null,
        product_date: null,
        packaged: false,
        value_eur: 18,
        from: 1,
        until: 4,
      },
      {
        shop: 'primeur',
        category: 'fruit_vegetables',
        description: 'Cagette de pommes et poires un peu marquées',
        quantity_kg: 12,
        storage: 'ambient',
        date_kind: null,
        product_date: null,
        packaged: false,
        value_eur: 14.4,
        from: 1,
        until: 6,
      },
      {
        shop: 'superette',
        category: 'dairy',
        description: 'Yaourts nature et fromages blancs, DLC dans 4 jours',
        quantity_kg: 8,
        storage: 'chilled',
        date_kind: 'use_by',
        product_date: day(4),
        packaged: true,
        value_eur: 16.8,
        from: 2,
        until: 5,
      },
      {
        shop: 'traiteur',
        category: 'prepared_meals',
        description: 'Barquettes de gratin dauphinois (20 parts)',
        quantity_kg: 5,
        storage: 'chilled',
        date_kind: 'use_by',
        product_date: day(3),
        packaged: true,
        value_eur: 30,
        from: 2,
        until: 4,
      },
      {
        shop: 'bio',
        category: 'dry_goods',
        description: 'Pâtes et légumineuses en vrac ensachées, DDM dépassée de peu',
        quantity_kg: 9,
        storage: 'ambient',
        date_kind: 'best_before',
        product_date: day(-3),
        packaged: true,
        value_eur: 22,
        from: 3,
        until: 26,
      },
    ] as const;
    for (const d of donations) {
      const shop = shops[d.shop];
      const row = await trx
        .insertInto('donations')
        .values({
          shop_id: shop.id,
          created_by: shop.userId,
          category: d.category,
          description: d.description,
          quantity_kg: d.quantity_kg,
          units: null,
          storage: d.storage,
          date_kind: d.date_kind,
          product_date: d.product_date,
          packaged: d.packaged,
          value_eur: d.value_eur,
          pickup_from: at(d.from),
          pickup_until: at(d.until),
          lat: shop.lat,
          lng: shop.lng,
          status: 'open',
          claimed_by: null,
          claimed_by_user: null,
          claimed_at: null,
          handover_code: null,
          received_kg: null,
          quality: null,
          temperature_c: null,
          issues: null,
          picked_up_at: null,
          closed_at: null,
          created_at: now,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('donation_events')
        .values({
          donation_id: row.id,
          from_status: null,
          to_status: 'open',
          actor_user_id: shop.userId,
          actor_org_id: shop.id,
          note: null,
          at: now,
        })
        .execute();
    }

    return { password, accounts, donations: donations.length };
  });
}

export function formatAccounts(accounts: DemoAccount[]) {
  const w = (k: keyof DemoAccount) => Math.max(k.length, ...accounts.map((a) => a[k].length));
  const cols: (keyof DemoAccount)[] = ['role', 'email', 'password', 'organisation'];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(w(cols[i])))
      .join('  ')
      .trimEnd();
  return [
    line(['rôle / role', 'e-mail', 'mot de passe', 'structure']),
    line(cols.map((c) => '-'.repeat(w(c)))),
    ...accounts.map((a) => line(cols.map((c) => a[c]))),
  ].join('\n');
}

async function main() {
  const config = readConfig(process.env);
  let database;
  try {
    database = await openDatabase(config);
  } catch (e: any) {
    console.error(
      e?.name === 'DataDirLockedError'
        ? `${e.message}\n(npm run demo needs the folder to itself: stop npm start first.)`
        : e,
    );
    process.exit(1);
  }
  try {
    await migrateToLatest(database.db);
    const { password, accounts, donations } = await seedDemo(database.db, {
      password: process.env.DEMO_PASSWORD || undefined,
    });
    const where =
      database.kind === 'pglite'
        ? `the embedded database in ${config.dataDir}`
        : 'PostgreSQL (DATABASE_URL)';
    console.log(
      `Demo town written to ${where}: ${SHOPS.length} shops, ${ASSOCIATIONS.length} approved associations, 1 producer organisation, 1 territory, ${donations} open donations.\n`,
    );
    console.log(formatAccounts(accounts));
    console.log(
      `\nEvery demo account has the password ${password}. Start the site with npm start and sign in at http://localhost:${config.port}/signin`,
    );
  } catch (e: any) {
    if (e?.name !== 'DatabaseNotEmptyError') throw e;
    console.error(e.message);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
