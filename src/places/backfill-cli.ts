import { readConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { backfillCitycodes } from './backfill.js';
import { Geocoder } from './geocoder.js';

// npm run places:backfill: INSEE codes (and missing postcodes and towns) for the organisations
// placed by coordinates alone, by the address service's /reverse (GEOCODER_URL). Safe to run again:
// it only asks for those still without a code. Exit code 2 when the service stopped answering.
const config = readConfig(process.env);
const database = await openDatabase(config);
try {
  const geocoder = new Geocoder({ url: config.geocoderUrl });
  const r = await backfillCitycodes(database.db, geocoder, { log: (m) => console.log(m) });
  console.log(
    `${r.filled} organisation(s) given their INSEE code, ${r.notFound} with no address nearby, ${r.left} still without one.`,
  );
  if (r.stopped === 'unavailable') {
    console.error(
      `The address service (${config.geocoderUrl}) stopped answering: what was filled is kept; run again later to go on.`,
    );
    process.exitCode = 2;
  }
} finally {
  await database.close();
}
