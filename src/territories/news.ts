// A territory's short news to the organisations of its area (issue #19): kept, throttled per
// Paris day, sent through the one messages outbox on each member's channels for `territory_news`.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import { render } from '../mail/templates.js';
import { queueNotifications, type Message } from '../notifications/queue.js';
import { asLang } from '../notifications/payloads.js';
import { ForbiddenError, TooManyAttemptsError } from '../shared/errors.js';
import { organisationsInArea } from '../shared/scope.js';
import { parisLocalToDate, parisDate } from '../shared/time.js';
import type { NewsInput } from './schemas.js';

type Db = Kysely<Database>;

/** A few a day: news, not a chat (counted per territory and Paris day). */
export const NEWS_PER_DAY = 3;

export class NewsQuotaError extends TooManyAttemptsError {
  constructor(retryAfterSeconds: number) {
    super('territory.news.err.quota', retryAfterSeconds, 'news_quota');
  }
}

/** The territory the actor acts for, if it is one; anyone else may not send or list. */
export function territoryOf(actor: Actor) {
  if (actor.org?.kind !== 'territory') throw new ForbiddenError('territory.err.only');
  return actor.org;
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Sends a news item to every organisation of the territory's area as it is now (its shops and
 * producer organisations, its approved associations): kept with the list of them, and a message
 * to each of their members on the channels they chose for `territory_news` (by default an e-mail
 * to managers; one-click unsubscribe), all in one transaction. The territory's row is locked
 * while the day's count is read, so two sends at once cannot pass the quota together.
 */
export async function sendTerritoryNews(db: Db, actor: Actor, input: NewsInput, now: Date) {
  const territory = territoryOf(actor);
  const area = await organisationsInArea(db, territory.organisationId);
  const orgIds = [...area.shopIds, ...area.associationIds];
  return db.transaction().execute(async (trx) => {
    await sql`select id from organisations where id = ${territory.organisationId} for update`.execute(
      trx,
    );
    const today = parisDate(now);
    const dayStart = parisLocalToDate(today, '00:00')!;
    const { n } = await trx
      .selectFrom('territory_news')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('territory_id', '=', territory.organisationId)
      .where('created_at', '>=', dayStart)
      .executeTakeFirstOrThrow();
    if (Number(n) >= NEWS_PER_DAY) {
      const tomorrow = parisLocalToDate(addDay(today), '00:00')!;
      throw new NewsQuotaError(
        Math.max(60, Math.ceil((tomorrow.getTime() - now.getTime()) / 1000)),
      );
    }
    const recipients = orgIds.length
      ? await trx
          .selectFrom('memberships as m')
          .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id', 'u.lang', 'o.id as org_id'])
          .where('m.organisation_id', 'in', orgIds)
          // an association is in only once approved: anyone may sign up as one
          .where((eb) => eb.or([eb('o.kind', '<>', 'association'), eb('o.approved', '=', true)]))
          .orderBy('u.id')
          .execute()
      : [];
    const people = [...new Map(recipients.map((r) => [r.id, r])).values()];
    const orgs = [...new Set(recipients.map((r) => r.org_id))];
    const news = await trx
      .insertInto('territory_news')
      .values({
        territory_id: territory.organisationId,
        title: input.title,
        body: input.body,
        created_by: actor.user.id,
        created_at: now,
        recipients: people.length,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (orgs.length)
      await trx
        .insertInto('territory_news_organisations')
        .values(orgs.map((o) => ({ news_id: news.id, organisation_id: o })))
        .execute();
    const params = { territory: territory.name, title: input.title, body: input.body };
    const messages = people.map((p): Message => {
      const lang = asLang(p.lang);
      return {
        userId: p.id,
        mail: {
          template: 'territory_news',
          key: `territory_news:${news.id}`,
          purpose: 'territory_news',
          params,
          links: { home: '/' },
        },
        push: {
          key: `territory_news:${news.id}`,
          payload: () => {
            const m = render('territory_news', lang, params, {});
            return {
              title: short(m.subject, 100),
              body: short(input.body, 200),
              url: '/#territory-news',
              donationId: null,
            };
          },
        },
      };
    });
    const queued = await queueNotifications(trx, 'territory_news', messages, now);
    return { news, organisations: orgs.length, people: people.length, queued };
  });
}

const addDay = (d: string) =>
  new Date(Date.parse(`${d}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The territory's own news, newest first, with how many it may still send today. */
export async function listTerritoryNews(db: Db, actor: Actor, now: Date, limit = 50) {
  const territory = territoryOf(actor);
  const items = await db
    .selectFrom('territory_news as n')
    .leftJoin('users as u', 'u.id', 'n.created_by')
    .select(['n.id', 'n.title', 'n.body', 'n.created_at', 'n.recipients', 'u.name as author'])
    .select((eb) =>
      eb
        .selectFrom('territory_news_organisations as t')
        .select((e) => e.fn.countAll<string>().as('c'))
        .whereRef('t.news_id', '=', 'n.id')
        .as('organisations'),
    )
    .where('n.territory_id', '=', territory.organisationId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  const dayStart = parisLocalToDate(parisDate(now), '00:00')!;
  const sentToday = items.filter((i) => i.created_at >= dayStart).length;
  return {
    items: items.map((i) => ({ ...i, organisations: Number(i.organisations ?? 0) })),
    leftToday: Math.max(0, NEWS_PER_DAY - sentToday),
  };
}

/** The news sent to the actor's organisation in the last 60 days, newest first (its home page). */
export async function newsForOrganisation(db: Db, organisationId: number, now: Date, limit = 3) {
  return db
    .selectFrom('territory_news_organisations as t')
    .innerJoin('territory_news as n', 'n.id', 't.news_id')
    .innerJoin('organisations as o', 'o.id', 'n.territory_id')
    .select(['n.id', 'n.title', 'n.body', 'n.created_at', 'o.name as territory'])
    .where('t.organisation_id', '=', organisationId)
    .where('n.created_at', '>', new Date(now.getTime() - 60 * 86_400_000))
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
}
