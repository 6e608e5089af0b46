// The association's feed page: its pickups to come, then the open donations near it. htmx
// swaps in the list (FeedList, /feed?fragment=1) when a donation changes, and ClaimedCard in
// place of the card the association has just claimed: as tall as the card, with no button where
// "Je le prends" was, and kept in that place when the list refreshes (its hidden `claimed` field
// goes with the refresh), so a second tap never lands on the next card's button.
import type { Donation } from '../../src/db/schema.js';
import type { FeedRow } from '../../src/donations/matching.js';
import { tr, type ViewCtx } from '../context.js';
import { marksText } from './quality-marks.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';
import { MapView, type MapMarker } from '../maps/map.js';
import type { MapTiles } from '../../src/maps/tiles.js';
import { kg, km, mapsUrl, timeLeft, when } from './format.js';
import { Status } from './status.js';
import { photoPath } from '../../src/donations/photos.js';
import { HubClaimForm } from '../hubs/claim-form.js';

export function FeedCard({
  ctx,
  d,
  now,
  message,
}: {
  ctx: ViewCtx;
  d: FeedRow;
  now: Date;
  message?: string;
}) {
  return (
    <li class="donation" id={`donation-${d.id}`}>
      <Thumb ctx={ctx} d={d} />
      <h3>
        <a href={`/donations/${d.id}`}>{d.description}</a>
      </h3>
      <CardFacts ctx={ctx} d={d} now={now} />
      {message && (
        <p class="alert error" role="alert">
          {tr(ctx, message)}
        </p>
      )}
      {d.via_hub_id != null && (
        <HubClaimForm
          ctx={ctx}
          donationId={d.id}
          hubId={d.via_hub_id}
          hubName={d.via_hub_name ?? ''}
        />
      )}
      <div class="actions">
        {d.via_hub_id == null && (
          <form
            method="post"
            action={`/donations/${d.id}/claim`}
            hx-post={`/donations/${d.id}/claim`}
            hx-target={`#donation-${d.id}`}
            hx-swap="outerHTML"
            class="inline"
          >
            <Csrf ctx={ctx} />
            <button type="submit">{tr(ctx, 'don.claim')}</button>
          </form>
        )}{' '}
        <a class="button secondary" href={mapsUrl(d.lat, d.lng)} target="_blank" rel="noopener">
          {tr(ctx, 'don.maps')}
        </a>
      </div>
    </li>
  );
}

function Thumb({ ctx, d }: { ctx: ViewCtx; d: FeedRow }) {
  if (!d.photo_token) return null;
  return (
    <img
      class="donation-thumb"
      src={photoPath(d.photo_token)!}
      alt={tr(ctx, 'photo.alt', { what: d.description })}
      width="72"
      height="72"
      loading="lazy"
    />
  );
}

function CardFacts({ ctx, d, now }: { ctx: ViewCtx; d: FeedRow; now: Date }) {
  return (
    <>
      <p class="meta">
        <strong>{km(ctx, d.distance_km)}</strong> · {kg(ctx, d.quantity_kg)} ·{' '}
        {tr(ctx, `cat.${d.category}`)} · {tr(ctx, `don.storage.${d.storage}`)}
      </p>
      {marksText(ctx, d) && <p class="meta">{marksText(ctx, d)}</p>}
      <p class="meta">
        {d.shop_name} · {tr(ctx, 'don.until', { time: when(ctx, d.pickup_until) })} (
        {tr(ctx, 'don.left', { time: timeLeft(d.pickup_until.getTime() - now.getTime()) })})
      </p>
    </>
  );
}

/**
 * A donation the association has just claimed, where its card was: the same facts, and in place
 * of the buttons the confirmation (no button there to tap twice). `focus`: the claim's answer,
 * which takes the focus (htmx focuses [autofocus]); the list's refreshes do not move it.
 */
export function ClaimedCard({
  ctx,
  d,
  now,
  focus,
}: {
  ctx: ViewCtx;
  d: FeedRow;
  now: Date;
  focus?: boolean;
}) {
  return (
    <li class="donation claimed" id={`donation-${d.id}`} tabindex={-1} autofocus={focus}>
      <input type="hidden" class="claimed-keep" name="claimed" value={String(d.id)} />
      <Thumb ctx={ctx} d={d} />
      <h3>
        <a href={`/donations/${d.id}`}>{d.description}</a> <Status ctx={ctx} status="claimed" />
      </h3>
      <CardFacts ctx={ctx} d={d} now={now} />
      <p class="alert ok" role="status">
        {tr(ctx, 'don.claimed_ok')} <a href={`/donations/${d.id}`}>{tr(ctx, 'don.see_pickup')}</a>
      </p>
    </li>
  );
}

const byPlace = (a: FeedRow, b: FeedRow) =>
  a.distance_km - b.distance_km ||
  a.pickup_until.getTime() - b.pickup_until.getTime() ||
  a.id - b.id;

/** The open donations, and those just claimed (`claimed`) in their places, nearest first. */
export function FeedList({
  ctx,
  feed,
  now,
  claimed = [],
}: {
  ctx: ViewCtx;
  feed: FeedRow[];
  now: Date;
  claimed?: FeedRow[];
}) {
  if (!feed.length && !claimed.length) return <p id="feed-empty">{tr(ctx, 'don.feed.empty')}</p>;
  const mine = new Set(claimed.map((d) => d.id));
  const rows = [...feed.filter((d) => !mine.has(d.id)), ...claimed].sort(byPlace);
  return (
    <ul class="list">
      {rows.map((d) =>
        mine.has(d.id) ? (
          <ClaimedCard ctx={ctx} d={d} now={now} />
        ) : (
          <FeedCard ctx={ctx} d={d} now={now} />
        ),
      )}
    </ul>
  );
}

type Pickup = Donation & {
  shop_name: string;
  shop_address: string | null;
  shop_town: string | null;
};

export function PickupList({
  ctx,
  pickups,
  missed,
  oob,
}: {
  ctx: ViewCtx;
  pickups: Pickup[];
  missed: number;
  /** sent beside a claim's answer (htmx): replaces the list on the page, out of band */
  oob?: boolean;
}) {
  const current = pickups.filter((p) => p.status === 'claimed');
  return (
    <section id="my-pickups" hx-swap-oob={oob ? 'true' : undefined}>
      <h2>{tr(ctx, 'don.my_pickups')}</h2>
      {current.length === 0 && <p>{tr(ctx, 'don.none')}</p>}
      <ul class="list">
        {current.map((d) => (
          <li class="donation">
            <h3>
              <a href={`/donations/${d.id}`}>{d.description}</a>{' '}
              <Status ctx={ctx} status={d.status} />
            </h3>
            <p class="meta">
              {d.shop_name}, {d.shop_address} {d.shop_town} ·{' '}
              {tr(ctx, 'don.until', { time: when(ctx, d.pickup_until) })}
            </p>
            <a class="button" href={`/donations/${d.id}`}>
              {tr(ctx, 'don.pickup.title')}
            </a>
          </li>
        ))}
      </ul>
      {missed > 0 && <p class="meta">{tr(ctx, 'don.missed_count', { n: missed })}</p>}
    </section>
  );
}

/** One marker per shop, its name and kg as its label: what a driver decides on at a glance. */
export function feedMarkers(
  ctx: ViewCtx,
  feed: FeedRow[],
  self: { name: string; lat: number; lng: number } | null,
): MapMarker[] {
  const byShop = new Map<number, FeedRow[]>();
  for (const d of feed) byShop.set(d.shop_id, [...(byShop.get(d.shop_id) ?? []), d]);
  const markers: MapMarker[] = [...byShop.values()].map((ds) => {
    const total = kg(
      ctx,
      ds.reduce((sum, d) => sum + Number(d.quantity_kg), 0),
    );
    const name = ds[0].shop_name;
    return {
      lat: ds[0].lat,
      lng: ds[0].lng,
      kind: 'donation',
      label:
        ds.length === 1
          ? tr(ctx, 'map.label.donations', { name, kg: total })
          : tr(ctx, 'map.label.more', { name, n: ds.length, kg: total }),
      href: `/donations/${ds[0].id}`,
    };
  });
  if (self)
    markers.push({
      lat: self.lat,
      lng: self.lng,
      kind: 'self',
      label: tr(ctx, 'map.you', { name: self.name }),
      href: null,
    });
  return markers;
}

/** List (the default, no JavaScript needed) or map above the same list. */
function ViewToggle({ ctx, view }: { ctx: ViewCtx; view: 'list' | 'map' }) {
  return (
    <nav class="view-toggle" aria-label={tr(ctx, 'map.view')}>
      <a href="/feed" aria-current={view === 'list' ? 'page' : undefined}>
        {tr(ctx, 'map.view.list')}
      </a>
      <a href="/feed?view=map" aria-current={view === 'map' ? 'page' : undefined}>
        {tr(ctx, 'map.view.map')}
      </a>
    </nav>
  );
}

export function FeedPage({
  ctx,
  feed,
  now,
  pickups,
  missed,
  live,
  poll,
  message,
  view = 'list',
  tiles,
  self = null,
}: {
  ctx: ViewCtx;
  feed: FeedRow[];
  now: Date;
  pickups: Pickup[];
  missed: number;
  live?: import('hono/jsx').Child;
  poll?: boolean;
  /** Why the last claim was refused (without JavaScript, the page comes back with it). */
  message?: string;
  view?: 'list' | 'map';
  /** the map's tile server (with view 'map') */
  tiles?: MapTiles;
  /** the association's own place, on the map */
  self?: { name: string; lat: number; lng: number } | null;
}) {
  const map = view === 'map' && tiles;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'don.feed.title')} sse={Boolean(live)} map={Boolean(map)}>
      <PickupList ctx={ctx} pickups={pickups} missed={missed} />
      <h1>{tr(ctx, 'don.feed.title')}</h1>
      {message && (
        <p class="alert error" role="alert">
          {tr(ctx, message)}
        </p>
      )}
      {live}
      <p>
        <a class="button secondary" href="/rounds/new" id="round-link">
          {tr(ctx, 'round.feed_link')}
        </a>
      </p>
      <ViewToggle ctx={ctx} view={map ? 'map' : 'list'} />
      {map && (
        <MapView
          ctx={ctx}
          id="feed-map"
          tiles={tiles}
          markers={feedMarkers(ctx, feed, self)}
          label={tr(ctx, 'map.feed_label')}
        />
      )}
      <div
        id="feed"
        hx-get="/feed?fragment=1"
        hx-trigger={poll ? 'every 15s' : 'donation-changed from:body'}
        hx-swap="innerHTML"
        // the cards just claimed stay in their places (ClaimedCard's hidden field)
        hx-include="#feed .claimed-keep"
      >
        <FeedList ctx={ctx} feed={feed} now={now} />
      </div>
    </Layout>
  );
}
