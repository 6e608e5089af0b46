import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { GeocoderUnavailableError, type Geocoder } from './geocoder.js';

export interface BackfillResult {
  /** organisations given their INSEE code by this run */
  filled: number;
  /** organisations whose point the service names no address for (the sea, abroad): left as they are */
  notFound: number;
  /** organisations still without a code when the run ended (tried again next time) */
  left: number;
  /** 'done', or 'unavailable' when the service stopped answering: run again later */
  stopped: 'done' | 'unavailable';
}

/**
 * The one-off fill of organisations placed by coordinates before addresses were geocoded
 * (migration 0011): their commune's INSEE code by the service's /reverse, and their postcode and
 * town where they had none. Their coordinates are not moved. One request at a time, within the
 * geocoder's own limit; when the service cannot be reached, it stops there and keeps what it
 * filled: the next run starts again from the organisations still without a code.
 */
export async function backfillCitycodes(
  db: Kysely<Database>,
  geocoder: Geocoder,
  opts: { batch?: number; log?: (msg: string) => void } = {},
): Promise<BackfillResult> {
  const batch = opts.batch ?? 100;
  const result: BackfillResult = { filled: 0, notFound: 0, left: 0, stopped: 'done' };
  let after = 0;
  for (;;) {
    const rows = await waiting(db)
      .select(['id', 'lat', 'lng'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (!rows.length) break;
    for (const org of rows) {
      after = org.id;
      let place;
      try {
        place = await geocoder.reverse(org.lat, org.lng);
      } catch (e) {
        if (!(e instanceof GeocoderUnavailableError)) throw e;
        result.stopped = 'unavailable';
        break;
      }
      if (!place?.citycode) {
        result.notFound++;
        continue;
      }
      await db
        .updateTable('organisations')
        .set({
          citycode: place.citycode,
          postcode: sql<string | null>`coalesce(nullif(btrim(postcode), ''), ${place.postcode})`,
          town: sql<string | null>`coalesce(nullif(btrim(town), ''), ${place.town})`,
        })
        .where('id', '=', org.id)
        .where('citycode', 'is', null) // placed meanwhile by its own address: keep that
        .execute();
      result.filled++;
    }
    if (result.stopped === 'unavailable') break;
    opts.log?.(`${result.filled} filled, ${result.notFound} without an address nearby`);
  }
  const { n } = await waiting(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  result.left = Number(n);
  return result;
}

/** Shops, associations and producer organisations without an INSEE code (every one has coordinates). */
const waiting = (db: Kysely<Database>) =>
  db
    .selectFrom('organisations')
    .where('citycode', 'is', null)
    .where('kind', 'in', ['shop', 'association', 'producer_org']);
