import type { Context } from 'hono';
import { FeedList } from '../../views/donations/feed.js';
import { ShopDonationList } from '../../views/donations/shop-donations.js';
import { tr } from '../../views/context.js';
import { LiveRegion } from '../../views/notifications/live.js';
import type { SignedInEnv } from '../http/env.js';
import { livePolling } from '../http/events.js';
import { viewCtx } from '../http/render.js';
import { openDonationsFor } from './matching.js';
import { shopDonations } from './queries.js';

/** How many of the shop's donations its home page lists. */
export const HOME_LIMIT = 5;

/** The home page's donations part (see src/app.tsx): a shop's latest, an association's feed. */
export async function donationHomeSection(c: Context<SignedInEnv>) {
  const actor = c.get('actor');
  const { db, now } = c.get('deps');
  if (actor.org?.kind === 'shop')
    return (
      <section id="home-shop">
        <p>
          <a class="button" href="/donations">
            {tr(viewCtx(c), 'don.new')}
          </a>
        </p>
        {/* its latest donations follow a claim, a pickup, an end, as on /donations */}
        <LiveRegion
          id="home-shop-donations"
          src="/donations?fragment=home"
          events={['donation-changed']}
          poll={livePolling(c.get('deps'))}
        >
          <ShopDonationList
            ctx={viewCtx(c)}
            donations={await shopDonations(db, actor, { limit: HOME_LIMIT })}
          />
        </LiveRegion>
      </section>
    );
  if (actor.org?.kind === 'association' && actor.org.approved) {
    const feed = await openDonationsFor(db, actor.org.organisationId, now(), { limit: 5 });
    return (
      <section id="home-association">
        <h2>
          <a href="/feed">{tr(viewCtx(c), 'don.feed.title')}</a>
        </h2>
        <FeedList ctx={viewCtx(c)} feed={feed} now={now()} />
      </section>
    );
  }
  return null;
}
