import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import { RecordPage } from '../../views/quality/record.js';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { NotFoundError } from '../http/errors.js';
import { requireUser } from '../http/middleware.js';
import { viewCtx } from '../http/render.js';
import { idParam } from '../shared/ids.js';

/**
 * The traceability record ("bordereau") of one handover: product, kg, dates, temperature, donor and
 * association. Only the shop, the association that took it, and the admin see it; others get 404.
 */
export async function traceabilityRecord(db: Kysely<Database>, actor: Actor, id: number) {
  const d = await db
    .selectFrom('donations')
    .selectAll()
    .select(sql<number | null>`stats_temperature_limit(storage, category)::float8`.as('limit_c'))
    .where('id', '=', id)
    .where('status', 'in', ['picked_up', 'refused'])
    .executeTakeFirst();
  const mine = (orgId: number | null) =>
    orgId != null && actor.memberships.some((m) => m.organisationId === orgId);
  if (!d || !(actor.user.is_admin || mine(d.shop_id) || mine(d.claimed_by)))
    throw new NotFoundError();
  const orgs = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', 'in', [d.shop_id, d.claimed_by ?? d.shop_id])
    .execute();
  const picker = d.claimed_by_user
    ? await db
        .selectFrom('users')
        .select('name')
        .where('id', '=', d.claimed_by_user)
        .executeTakeFirst()
    : undefined;
  return {
    d,
    shop: orgs.find((o) => o.id === d.shop_id)!,
    association: orgs.find((o) => o.id === d.claimed_by) ?? null,
    pickerName: picker?.name ?? null,
  };
}

export type TraceabilityRecord = Awaited<ReturnType<typeof traceabilityRecord>>;

export const recordRoutes = new Hono<AppEnv>();
recordRoutes.use('/donations/:id/record', requireUser());
recordRoutes.get('/donations/:id/record', async (c) => {
  const id = idParam(c.req.param('id'));
  const rec = await traceabilityRecord(c.get('deps').db, c.get('actor')!, id);
  return c.html(<RecordPage ctx={viewCtx(c)} rec={rec} />);
});
