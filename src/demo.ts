// npm run demo: fills an EMPTY database with a believable neighbourhood (Lyon 1er and 4e,
// the Pentes and the Croix-Rousse) and a few places of the Grand Angoulême, one account per role,
// and prints how to sign in.
import { pathToFileURL } from 'node:url';
import { readConfig } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { seedDemo, type DemoAccount } from './demo/seed.js';
import { ANGOULEME_ASSOCIATIONS, ANGOULEME_SHOPS, ASSOCIATIONS, SHOPS } from './demo/town.js';

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
    const { password, accounts, donations, pickedUp } = await seedDemo(database.db, {
      password: process.env.DEMO_PASSWORD || undefined,
    });
    const where =
      database.kind === 'pglite'
        ? `the embedded database in ${config.dataDir}`
        : 'PostgreSQL (DATABASE_URL)';
    console.log(
      `Demo written to ${where}: in Lyon ${SHOPS.length} shops, ${ASSOCIATIONS.length} approved associations, 1 producer organisation and 1 territory; in the Grand Angoulême ${ANGOULEME_SHOPS.length} shops, ${ANGOULEME_ASSOCIATIONS.length} associations and 1 territory (its EPCI); ${donations} open donations, ${pickedUp} picked up over the last months, and a relay hub with one partner.\n`,
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
