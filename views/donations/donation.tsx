// One donation's page: its facts, the actions open to the viewer (cancel, claim, pickup,
// release) and its history.
import { HubClaimForm } from '../hubs/claim-form.js';
import { photoPath } from '../../src/donations/photos.js';
import type { PickupContacts } from '../../src/donations/contacts.js';
import type { DonationView } from '../../src/donations/donation.js';
import type { Viewer } from '../../src/donations/queries.js';
import type { Reach } from '../../src/donations/reach.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { marksText } from './quality-marks.js';
import { Csrf } from '../components/fields.js';
import { parisTime } from '../../src/shared/time.js';
import { formatDay } from '../../src/i18n/format.js';
import { Layout } from '../layout.js';
import { LiveRegion } from '../notifications/live.js';
import { Contacts, OnTheWayForm } from './donation-parts.js';
import { MapView, placed } from '../maps/map.js';
import type { MapTiles } from '../../src/maps/tiles.js';
import { celsius, handoverCodeText, kg, km, mapsUrl, pickupWindow, when } from './format.js';
import { PickupForm, pickupRefused } from './pickup-form.js';
import { NobodyCanTake } from './reach.js';
import { Status } from './status.js';
import { approvedOn } from '../../src/organisations/identity.js';
import { parisToday } from '../../src/shared/period.js';

type HistoryRow = {
  id: number;
  from_status: string | null;
  to_status: string;
  at: Date;
  note: string | null;
  reason?: string | null;
  user_name: string | null;
  org_name: string | null;
};

type PageProps = {
  ctx: ViewCtx;
  d: DonationView;
  viewer: Viewer;
  distanceKm: number | null;
  /** only what this viewer may know (src/donations/contacts.ts) */
  contacts: PickupContacts;
  /** a candidate that may claim it only through this relay hub */
  viaHub?: { id: number; name: string };
  /** the relay hub's driver, collecting for the claimer: only the handover is theirs */
  hubDriver?: boolean;
  history: HistoryRow[];
  /** for the shop's open donation: who could take it (null otherwise) */
  reach?: Reach | null;
  now: Date;
  values?: FormValues;
  errors?: FieldErrors;
  message?: string;
  /** the map's tile server: a small map of the shop's place */
  tiles?: MapTiles;
  /** the claimer's round that has this donation as a stop: a link back to it */
  roundId?: number | null;
  /** the cold-chain limit the pickup form shows (°C) */
  limitC?: number | null;
  /** how the shop's page follows its donation: SSE, or polling where there is no event bus */
  live?: 'sse' | 'poll';
  /** only what changes (the shop's live region reloads it), without the layout and the map */
  fragment?: boolean;
};

/**
 * The page, in this order: its facts, the shop's small map, what the viewer can do, the history.
 * The shop's page follows its donation live (a driver claims, says when they come, releases,
 * picks up; the window ends): all but the map reloads, without a reload of the page.
 */
export function DonationPage(props: PageProps) {
  const { ctx, d, viewer } = props;
  const shop = { lat: d.lat, lng: d.lng, kind: 'shop' as const, label: d.shop_name, href: null };
  const map = props.tiles && placed(shop) ? props.tiles : null;
  if (props.fragment)
    return (
      <>
        <Facts {...props} />
        <Actions {...props} />
      </>
    );
  const mapView = map && (
    <MapView
      ctx={ctx}
      id="shop-map"
      small
      tiles={map}
      markers={[shop]}
      label={tr(ctx, 'map.shop_label', { name: d.shop_name })}
      fallback={[d.shop_name, d.shop_address, d.shop_town].filter(Boolean).join(', ')}
    />
  );
  const live = viewer === 'shop' ? props.live : undefined;
  return (
    <Layout ctx={ctx} title={d.description} map={Boolean(map)} sse={live === 'sse'}>
      {live ? (
        <>
          <LiveRegion
            id="donation-live"
            src={`/donations/${d.id}?fragment=1`}
            events={['donation-changed']}
            poll={live === 'poll'}
          >
            <Facts {...props} />
            <Actions {...props} />
          </LiveRegion>
          {mapView}
        </>
      ) : (
        <>
          <Facts {...props} />
          {mapView}
          <Actions {...props} />
        </>
      )}
    </Layout>
  );
}

/** A refused handover (wrong code, bad weight): the form comes first, open on the field at fault. */
const pickupFirst = (p: PageProps) =>
  p.viewer === 'claimer' && p.d.status === 'claimed' && pickupRefused(p.errors);

function Facts(props: PageProps) {
  const { ctx, d, viewer } = props;
  return (
    <>
      <h1>
        {d.description} <Status ctx={ctx} status={d.status} />
      </h1>
      {d.photo_token && (
        <img
          class="donation-photo"
          src={photoPath(d.photo_token)!}
          alt={tr(ctx, 'photo.alt', { what: d.description })}
        />
      )}
      {props.message && (
        <div class="alert error" role="alert">
          {tr(ctx, props.message)}
        </div>
      )}
      {props.roundId && (
        <p>
          <a href={`/rounds/${props.roundId}`} id="back-to-round">
            {tr(ctx, 'round.back', { id: props.roundId })}
          </a>
        </p>
      )}
      {viewer === 'shop' && <NobodyCanTake ctx={ctx} reach={props.reach ?? null} />}
      {viewer === 'shop' &&
        d.association_name &&
        d.status === 'claimed' &&
        !approvedOn(
          {
            approval_level: d.association_approval_level,
            approval_ends_on: d.association_approval_ends_on,
          },
          parisToday(props.now),
        ) && (
          <div class="alert warn" role="status" id="no-receipt">
            {tr(ctx, 'identity.no_receipt_donor', { name: d.association_name })}
          </div>
        )}
      {pickupFirst(props) && (
        <PickupForm
          ctx={ctx}
          d={d}
          values={props.values}
          errors={props.errors}
          limitC={props.limitC ?? null}
        />
      )}
      <dl class="facts">
        <dt>{tr(ctx, 'don.shop')}</dt>
        <dd>
          {d.shop_name}, {d.shop_address ?? ''} {d.shop_town ?? ''}{' '}
          {viewer !== 'shop' && (
            <a href={mapsUrl(d.lat, d.lng)} target="_blank" rel="noopener">
              {tr(ctx, 'don.maps')}
            </a>
          )}
        </dd>
        <Contacts ctx={ctx} contacts={props.contacts} />
        <dt>{tr(ctx, 'don.category')}</dt>
        <dd>
          {tr(ctx, `cat.${d.category}`)} · {tr(ctx, `don.storage.${d.storage}`)} ·{' '}
          {tr(ctx, d.packaged ? 'don.packaged.yes' : 'don.packaged.no')}
          {marksText(ctx, d) && ` · ${marksText(ctx, d)}`}
        </dd>
        <dt>{tr(ctx, 'don.kg')}</dt>
        <dd>
          {kg(ctx, d.quantity_kg)}
          {d.units ? ` (${d.units})` : ''}
          {props.distanceKm != null && ` · ${km(ctx, props.distanceKm)}`}
        </dd>
        {d.date_kind && (
          <>
            <dt>{tr(ctx, `don.date_kind.${d.date_kind}`)}</dt>
            <dd>{formatDay(ctx.lang, d.product_date)}</dd>
          </>
        )}
        <dt>{tr(ctx, 'don.pickup_from')}</dt>
        <dd>{pickupWindow(ctx, d.pickup_from, d.pickup_until)}</dd>
        {d.association_name && (
          <>
            <dt>{tr(ctx, 'kind.association')}</dt>
            <dd>{d.association_name}</dd>
          </>
        )}
        {d.received_kg != null && (
          <>
            <dt>{tr(ctx, 'don.pickup.kg')}</dt>
            <dd>
              {kg(ctx, d.received_kg)} · {tr(ctx, `don.quality.${d.quality}`)}
              {d.temperature_c != null && ` · ${celsius(ctx, d.temperature_c)}`}
              {d.issues && ` · ${d.issues}`}
            </dd>
            {d.reasons.length > 0 && (
              <dd id="reasons">{d.reasons.map((r) => tr(ctx, `don.reason.${r}`)).join(', ')}</dd>
            )}
            {d.cold_chain_reason && (
              <dd id="cold-chain-reason">
                {tr(ctx, 'don.cold_reason', { reason: tr(ctx, `don.cold.${d.cold_chain_reason}`) })}
              </dd>
            )}
            {d.left_kg != null && <dd>{tr(ctx, 'don.left_kg', { kg: kg(ctx, d.left_kg) })}</dd>}
          </>
        )}
        {d.parent_id != null && viewer !== 'candidate' && (
          <dd>
            <a href={`/donations/${d.parent_id}`}>
              {tr(ctx, 'don.remainder_of', { id: d.parent_id })}
            </a>
          </dd>
        )}
      </dl>
    </>
  );
}

function Actions(props: PageProps) {
  const { ctx, d, viewer } = props;
  return (
    <>
      {viewer === 'shop' && d.status === 'claimed' && (
        <div class="card">
          <p>{tr(ctx, 'don.coming', { name: d.association_name ?? '' })}</p>
          {d.arrival_at && (
            <p id="arrival">
              <strong>{tr(ctx, 'don.arriving', { time: parisTime(d.arrival_at) })}</strong>
            </p>
          )}
          <p>{tr(ctx, 'don.code')}</p>
          <p class="code" id="handover-code">
            {handoverCodeText(d.handover_code)}
          </p>
        </div>
      )}
      {viewer === 'shop' && d.status === 'open' && (
        <p class="actions">
          <a class="button secondary" href={`/donations/${d.id}/edit`}>
            {tr(ctx, 'don.edit')}
          </a>{' '}
          <a class="button danger" href={`/donations/${d.id}/cancel`}>
            {tr(ctx, 'don.cancel')}
          </a>
        </p>
      )}
      {(viewer === 'shop' || viewer === 'claimer') &&
        (d.status === 'picked_up' || d.status === 'refused') && (
          <p>
            <a href={`/donations/${d.id}/record`}>{tr(ctx, 'don.record_link')}</a>
          </p>
        )}
      {viewer === 'shop' && (
        <p>
          <a class="button secondary" href={`/donations/new?from=${d.id}`}>
            {tr(ctx, 'don.repost')}
          </a>
        </p>
      )}
      {viewer === 'candidate' && d.status === 'open' && props.viaHub && (
        <HubClaimForm
          ctx={ctx}
          donationId={d.id}
          hubId={props.viaHub.id}
          hubName={props.viaHub.name}
        />
      )}
      {viewer === 'candidate' && d.status === 'open' && !props.viaHub && (
        <form method="post" action={`/donations/${d.id}/claim`}>
          <Csrf ctx={ctx} />
          <button type="submit">{tr(ctx, 'don.claim')}</button>
        </form>
      )}
      {viewer === 'claimer' && d.status === 'claimed' && (
        <>
          {/* in the order of the trip: on the way first, then the handover at the shop */}
          {!props.hubDriver && (
            <OnTheWayForm
              ctx={ctx}
              d={d}
              values={props.values}
              errors={props.errors?.arrivalTime ? props.errors : undefined}
            />
          )}
          {!pickupFirst(props) && (
            <PickupForm
              ctx={ctx}
              d={d}
              values={props.values}
              // each form says its own messages: a refused "en route" is not the handover's
              errors={pickupRefused(props.errors) ? props.errors : undefined}
              limitC={props.limitC ?? null}
            />
          )}
          {/* the hub's driver collects for the partner: giving it back is the partner's */}
          {!props.hubDriver && (
            <p>
              <a class="button secondary" href={`/donations/${d.id}/release`}>
                {tr(ctx, 'don.release')}
              </a>
            </p>
          )}
        </>
      )}
      {viewer !== 'candidate' && (
        <section>
          <h2>{tr(ctx, 'don.history')}</h2>
          <ol class="history" id="history">
            {props.history.map((h) => (
              <li>
                {when(ctx, h.at)} ·{' '}
                {h.from_status ? `${tr(ctx, `don.status.${h.from_status}`)} → ` : ''}
                {tr(ctx, `don.status.${h.to_status}`)}
                {h.user_name ? ` · ${tr(ctx, 'don.by', { name: h.user_name })}` : ''}
                {h.org_name ? ` (${h.org_name})` : ''}
                {h.note === 'changed' ? ` · ${tr(ctx, 'don.changed')}` : ''}
                {h.note && h.note !== 'released' && h.note !== 'changed' ? ` · ${h.note}` : ''}
                {h.reason ? ` · ${tr(ctx, `don.release.${h.reason}`)}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
