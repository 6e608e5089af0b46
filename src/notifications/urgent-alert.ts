import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { pgArray } from '../db/arrays.js';
import { offerMatchesFor } from '../hubs/feed.js';
import { t } from '../i18n/index.js';
import { asLang, donationPayload, type DonationForPush } from './payloads.js';
import { hubNames } from './alerts.js';
import { slotMeetsWindow } from './planning.js';
import { queueNotifications, type Message } from './queue.js';

/**
 * A claim was given back close to the end of the window (URGENT_RELEASE_MINUTES): the donation is
 * offered again at once to every association it fits (and hub partner that may claim it through a
 * hub, offerMatchesFor) whose slot meets what is left of the window,
 * all waves at once, but the one that gave it back; already told or not, each device of their
 * members gets one message that says it is urgent. Their targets are marked told now, so the
 * escalation job sends no later wave. Runs in the release's transaction. The rows carry no donation
 * id (the outbox keeps one message per device and donation, and that one is the first offer).
 * Returns the number of messages queued (one per device).
 */
export async function queueUrgentReoffer(
  trx: Kysely<Database>,
  donation: DonationForPush & { pickup_from: Date },
  releasedBy: number,
  now: Date,
): Promise<number> {
  const from = new Date(Math.max(new Date(donation.pickup_from).getTime(), now.getTime()));
  const until = new Date(donation.pickup_until);
  if (until <= now) return 0;
  const matches = (await offerMatchesFor(trx, donation.id, now)).filter(
    (m) => m.association_id !== releasedBy && slotMeetsWindow(m, from, until),
  );
  if (!matches.length) return 0;
  const ids = matches.map((m) => m.association_id);
  await sql`insert into notification_targets (donation_id, association_id, distance_km, rank, wave, due_at, told_at, via_hub_id)
    select ${donation.id}, x.id, x.km, x.rank, 1, ${now}, ${now}, x.hub
    from unnest(${pgArray(ids)}::int[], ${pgArray(matches.map((m) => Number(m.distance_km)))}::float8[],
      ${pgArray(matches.map((_, i) => i))}::int[], ${pgArray(matches.map((m) => m.via_hub_id))}::int[]) as x(id, km, rank, hub)
    on conflict (donation_id, association_id) do update set due_at = ${now}, told_at = ${now}, via_hub_id = excluded.via_hub_id`.execute(
    trx,
  );
  const distance = new Map(matches.map((m) => [m.association_id, Number(m.distance_km)]));
  const hubName = await hubNames(trx, matches);
  const hubOf = new Map(
    matches.map((m) => [m.association_id, m.via_hub_id ? hubName.get(m.via_hub_id) : undefined]),
  );
  const members = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.lang', 'm.organisation_id'])
    .where('m.organisation_id', 'in', ids)
    .execute();
  // a member of two told associations gets one message, with the nearer distance
  const best = new Map<number, { lang: string; km: number; hub?: string }>();
  for (const m of members) {
    const km = distance.get(m.organisation_id)!;
    const seen = best.get(m.id);
    if (!seen || km < seen.km)
      best.set(m.id, { lang: m.lang, km, hub: hubOf.get(m.organisation_id) });
  }
  // push only, and each member's choice for alerts and their quiet hours hold for it too
  const messages = [...best].map(([userId, { lang, km, hub }]): Message => ({
    userId,
    push: {
      payload: () => {
        const l = asLang(lang);
        const offer = donationPayload(l, donation, km);
        const title = hub ? t(l, 'push.via_hub.title', { hub, title: offer.title }) : offer.title;
        return { ...offer, title: t(l, 'push.urgent.title', { title }) };
      },
    },
  }));
  return (await queueNotifications(trx, 'donation_alert', messages, now)).push;
}
