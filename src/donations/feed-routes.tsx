// The association's feed (/feed) and "Je le prends" (POST /donations/:id/claim): after a claim
// the card is said claimed in its place, and stays there when the list refreshes.
import { Hono, type Context } from 'hono';
import { ClaimedCard, FeedList, FeedPage, PickupList } from '../../views/donations/feed.js';
import { tr } from '../../views/context.js';
import { LiveEvents } from '../../views/notifications/live.js';
import { membershipOfKind } from '../accounts/actor.js';
import type { SignedInEnv } from '../http/env.js';
import { statusOf } from '../http/errors.js';
import { livePolling, publishDonation } from '../http/events.js';
import { viewCtx } from '../http/render.js';
import { organisationPlace } from '../maps/queries.js';
import { tilesOf } from '../maps/tiles.js';
import { ConflictError, TooManyAttemptsError } from '../shared/errors.js';
import { parseId } from '../shared/ids.js';
import { claimDonation } from './claims.js';
import { claimedFeedRows } from './matching.js';
import { associationPickups, feedFor, missedPickups } from './queries.js';
import { donationIdParam } from './schemas.js';

export const donationFeedRoutes = new Hono<SignedInEnv>();

/** At most this many claimed cards are kept in place by one refresh of the feed. */
const KEPT = 20;

/** The `claimed` ids a refresh of the feed sends back (ClaimedCard's field): plain ids, a few. */
export function keptIds(values: string[] | undefined): number[] {
  const ids = (values ?? [])
    .slice(0, 5 * KEPT)
    .map((v) => parseId(v))
    .filter((id): id is number => id != null);
  return [...new Set(ids)].slice(0, KEPT);
}

/**
 * The claim refused (gone to someone else, or claimed and given back too often): said where the
 * card was (htmx), or above the feed.
 */
async function claimRefused(
  c: Context<SignedInEnv>,
  id: number,
  e: ConflictError | TooManyAttemptsError,
) {
  const { db, now } = c.get('deps');
  c.status(statusOf(e));
  if (c.req.header('hx-request'))
    return c.html(
      <li class="donation" id={`donation-${id}`}>
        <p class="alert error" role="alert">
          {tr(viewCtx(c), e.message)}
        </p>
      </li>,
    );
  return c.html(
    <FeedPage
      ctx={viewCtx(c)}
      feed={await feedFor(db, c.get('actor'), now())}
      now={now()}
      pickups={await associationPickups(db, c.get('actor'))}
      missed={0}
      message={e.message}
    />,
  );
}

/** htmx's answer to a claim: the card said claimed, focused, and "Mes collectes" with it. */
async function claimedAnswer(c: Context<SignedInEnv>, id: number) {
  const { db, now } = c.get('deps');
  const actor = c.get('actor');
  const assoc = membershipOfKind(actor, 'association')!;
  const [row] = await claimedFeedRows(db, assoc.organisationId, [id]);
  const pickups = await associationPickups(db, actor, { limit: 20 });
  const missed = await missedPickups(db, assoc.organisationId);
  return c.html(
    <>
      {row && <ClaimedCard ctx={viewCtx(c)} d={row} now={now()} focus />}
      <PickupList ctx={viewCtx(c)} pickups={pickups} missed={missed} oob />
    </>,
  );
}

donationFeedRoutes.post('/donations/:id/claim', async (c) => {
  const id = donationIdParam(c.req.param('id'));
  const { db, now } = c.get('deps');
  try {
    const d = await claimDonation(db, c.get('actor'), id, now());
    await publishDonation(c, 'donation.claimed', d);
    if (c.req.header('hx-request')) return claimedAnswer(c, id);
    return c.redirect(`/donations/${id}`, 303);
  } catch (e) {
    if (!(e instanceof ConflictError || e instanceof TooManyAttemptsError)) throw e;
    return claimRefused(c, id, e);
  }
});

donationFeedRoutes.get('/feed', async (c) => {
  const actor = c.get('actor');
  const { db, now } = c.get('deps');
  const assoc = membershipOfKind(actor, 'association');
  if (!assoc) return c.redirect('/', 303);
  const feed = await feedFor(db, actor, now(), c.get('deps').feedCache);
  if (c.req.query('fragment') === '1') {
    const kept = keptIds(c.req.queries('claimed'));
    const claimed = await claimedFeedRows(db, assoc.organisationId, kept);
    return c.html(<FeedList ctx={viewCtx(c)} feed={feed} now={now()} claimed={claimed} />);
  }
  const pickups = await associationPickups(db, actor, { limit: 20 });
  const map = c.req.query('view') === 'map';
  return c.html(
    <FeedPage
      ctx={viewCtx(c)}
      feed={feed}
      now={now()}
      pickups={pickups}
      missed={await missedPickups(db, assoc.organisationId)}
      live={livePolling(c.get('deps')) ? undefined : <LiveEvents />}
      poll={livePolling(c.get('deps'))}
      view={map ? 'map' : 'list'}
      tiles={tilesOf(c.get('deps').config)}
      self={map ? await organisationPlace(db, assoc.organisationId) : null}
    />,
  );
});
