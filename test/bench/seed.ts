/**
 * Seeds a benchmark network with SQL only (generate_series), the same on PostgreSQL and PGlite:
 * shops and associations scattered over a 44 x 31 km area around Lyon, donations over a year
 * (the last `open` of them open now), users with known API tokens ("tok-<user id>").
 */
export interface SeedSizes {
  shops: number;
  associations: number;
  donations: number;
  open: number;
  claimers: number; // associations moved next to the contended shop
  feedUsers: number;
  postingShops: number;
}

export const CENTRE = { lat: 45.75, lng: 4.85 };

export function seedStatements(n: SeedSizes, now: Date): string[] {
  const iso = now.toISOString();
  return [
    `select setseed(0.42)`,
    `insert into organisations (kind, name, address, town, lat, lng, approved, pickup_days)
       select 'shop', 'Commerce ' || g, g || ' rue du Marché', 'Lyon', 45.55 + random() * 0.4, 4.65 + random() * 0.4, true, '[1,2,3,4,5,6,7]'
       from generate_series(1, ${n.shops}) g`,
    `insert into organisations (kind, name, lat, lng, approved, radius_km, storage_chilled, storage_frozen, pickup_days)
       select 'association', 'Association ' || g, 45.55 + random() * 0.4, 4.65 + random() * 0.4, true, 2, random() < 0.6, random() < 0.3, '[1,2,3,4,5,6,7]'
       from generate_series(1, ${n.associations}) g`,
    // the contended shop and the claimers around it
    `insert into organisations (kind, name, lat, lng, approved, pickup_days) values ('shop', 'Le commerce convoité', ${CENTRE.lat}, ${CENTRE.lng}, true, '[1,2,3,4,5,6,7]')`,
    `update organisations set lat = ${CENTRE.lat} + (random() - 0.5) * 0.01, lng = ${CENTRE.lng} + (random() - 0.5) * 0.01, storage_chilled = true
       where id in (select id from organisations where kind = 'association' order by id limit ${n.claimers})`,
    // bulk load: the statistics trigger is off, and its summaries are rebuilt once after
    `alter table donations disable trigger donations_stats`,
    `insert into donations (shop_id, category, description, quantity_kg, storage, packaged, pickup_from, pickup_until, lat, lng, status,
         claimed_by, claimed_at, received_kg, quality, picked_up_at, closed_at, created_at)
       select s.id,
         (array['bakery','fruit_vegetables','dairy','prepared_meals','dry_goods','drinks','other'])[1 + (g % 7)],
         'Lot ' || g, round((1 + random() * 30)::numeric, 2),
         case when g % 7 = 2 then 'chilled' else 'ambient' end, true,
         case when g <= ${n.open} then timestamptz '${iso}' - interval '1 hour' else timestamptz '${iso}' - (g % 365) * interval '1 day' - interval '3 hours' end,
         case when g <= ${n.open} then timestamptz '${iso}' + (1 + g % 48) * interval '1 hour' else timestamptz '${iso}' - (g % 365) * interval '1 day' end,
         s.lat, s.lng,
         case when g <= ${n.open} then 'open' when g % 10 = 0 then 'expired' else 'picked_up' end,
         case when g <= ${n.open} or g % 10 = 0 then null else (select min(id) from organisations where kind = 'association') + (g % ${n.associations}) end,
         case when g <= ${n.open} or g % 10 = 0 then null else timestamptz '${iso}' - (g % 365) * interval '1 day' - interval '2 hours' end,
         case when g <= ${n.open} or g % 10 = 0 then null else round((1 + random() * 25)::numeric, 2) end,
         case when g <= ${n.open} or g % 10 = 0 then null else 'good' end,
         case when g <= ${n.open} or g % 10 = 0 then null else timestamptz '${iso}' - (g % 365) * interval '1 day' - interval '1 hour' end,
         case when g <= ${n.open} then null else timestamptz '${iso}' - (g % 365) * interval '1 day' end,
         case when g <= ${n.open} then timestamptz '${iso}' - interval '1 hour' else timestamptz '${iso}' - (g % 365) * interval '1 day' - interval '4 hours' end
       from generate_series(1, ${n.donations}) g
       join organisations s on s.id = (select min(id) from organisations where kind = 'shop') + (g % ${n.shops})`,
    `alter table donations enable trigger donations_stats`,
    `select stats_rebuild()`,
    // users: the claimers, the feed readers (random associations), the posting shops
    `insert into users (email, name, password_hash)
       select 'assoc' || a.id || '@bench.example', 'Driver ' || a.id, null
       from organisations a where a.kind = 'association' and a.id in (
         (select id from organisations where kind = 'association' order by id limit ${n.claimers})
         union (select id from organisations where kind = 'association' order by id desc limit ${n.feedUsers}))`,
    `insert into users (email, name, password_hash)
       select 'shop' || s.id || '@bench.example', 'Shop ' || s.id, null
       from organisations s where s.kind = 'shop' and s.id in (select id from organisations where kind = 'shop' order by id limit ${n.postingShops})`,
    `insert into memberships (user_id, organisation_id, role)
       select u.id, substring(u.email from '[0-9]+')::int, 'member' from users u where u.email like '%@bench.example'`,
    `insert into api_tokens (token_hash, user_id, expires_at) select encode(sha256(('tok-' || id)::bytea), 'hex'), id, now() + interval '90 days' from users where email like '%@bench.example'`,
    `analyze`,
  ];
}
