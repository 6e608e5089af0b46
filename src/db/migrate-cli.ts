import { readConfig } from '../config.js';
import { migrateDown, migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';

// npm run migrate [-- down]
const database = await openDatabase(readConfig(process.env));
try {
  const results =
    process.argv[2] === 'down'
      ? await migrateDown(database.db)
      : await migrateToLatest(database.db);
  for (const r of results) console.log(`${r.direction} ${r.migrationName}: ${r.status}`);
  if (!results.length) console.log('Nothing to do: the database is up to date.');
} finally {
  await database.close();
}
