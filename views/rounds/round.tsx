// A round: its stops in the order driven, each with its shop's address, window and planned time,
// confirmed at the shop with the donation's own pickup form (or given back, as a single claim);
// the route for the phone's maps app; sharing the car with another association and the kg split.
import type { LostStop } from '../../src/rounds/rounds.js';
import type { RoundStopView, RoundView } from '../../src/rounds/queries.js';
import { geoUri, googleMapsRoute, osmUrl } from '../../src/rounds/links.js';
import { deName } from '../../src/i18n/elision.js';
import { parisTime } from '../../src/shared/time.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { kg, pickupWindow } from '../donations/format.js';
import { Status } from '../donations/status.js';
import { LostList } from './select.js';

/** The stops the car still has to visit: the round's, not yet handed over. */
export const stopsToVisit = (stops: RoundStopView[]) =>
  stops.filter((s) => s.ours && s.status === 'claimed');

function Stop({ ctx, s, owner }: { ctx: ViewCtx; s: RoundStopView; owner: boolean }) {
  const place = { lat: Number(s.lat), lng: Number(s.lng) };
  const todo = s.ours && s.status === 'claimed';
  return (
    <li class="donation" id={`stop-${s.position}`}>
      <h3>
        {tr(ctx, 'round.stop.title', { n: s.position, shop: s.shop_name })}{' '}
        {s.ours ? <Status ctx={ctx} status={s.status} /> : null}
      </h3>
      <p>
        <a href={`/donations/${s.donation_id}`}>{s.description}</a> ·{' '}
        {kg(ctx, s.received_kg ?? s.quantity_kg)}
      </p>
      <p class="meta">
        {[s.shop_address, s.shop_town].filter(Boolean).join(', ')}
        <br />
        {tr(ctx, 'round.stop.window', {
          window: pickupWindow(ctx, s.pickup_from, s.pickup_until),
        })}
        {todo && (
          <>
            <br />
            {tr(ctx, 'round.stop.planned', { time: parisTime(s.planned_at) })}
          </>
        )}
      </p>
      {!s.ours && <p class="alert">{tr(ctx, 'round.stop.gone')}</p>}
      {todo && s.late && (
        <p class="alert error" role="alert">
          {tr(ctx, 'round.stop.late')}
        </p>
      )}
      {todo && s.moved && !s.late && <p class="meta">{tr(ctx, 'round.stop.moved')}</p>}
      {todo && (
        <p class="tap-links">
          <a href={geoUri(place, s.shop_name)}>{tr(ctx, 'round.maps.geo')}</a>
          <a href={osmUrl(place)} target="_blank" rel="noopener">
            {tr(ctx, 'round.maps.osm')}
          </a>
        </p>
      )}
      {todo && (
        // the release is the secondary one, apart from the pickup, worded as on the donation page
        <div class="actions stop-actions">
          {owner && (
            <a class="button" href={`/donations/${s.donation_id}#pickup-form`}>
              {tr(ctx, 'don.pickup.title')}
            </a>
          )}{' '}
          {owner && (
            <a class="button secondary" href={`/donations/${s.donation_id}/release`}>
              {tr(ctx, 'don.release')}
            </a>
          )}
        </div>
      )}
    </li>
  );
}

/** The partner's member: accept or decline the shared round; once accepted, leave it. */
function PartnerAnswer({ ctx, view }: { ctx: ViewCtx; view: RoundView }) {
  const accepted = view.round.partner_accepted_at != null;
  return (
    <form method="post" action={`/rounds/${view.round.id}/answer`} id="round-answer">
      <Csrf ctx={ctx} />
      {!accepted && <p>{tr(ctx, 'round.share.asked', { name: view.association_name })}</p>}
      {!accepted && (
        <button type="submit" name="answer" value="accept">
          {tr(ctx, 'round.share.accept')}
        </button>
      )}{' '}
      <button type="submit" name="answer" value="leave" class="secondary">
        {tr(ctx, accepted ? 'round.share.leave' : 'round.share.decline')}
      </button>
    </form>
  );
}

function Sharing(props: {
  ctx: ViewCtx;
  view: RoundView;
  partners: { id: number; name: string; town: string | null }[];
  totalKg: number;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, view } = props;
  const { round, shares } = view;
  const nameOf = (id: number) =>
    id === round.association_id ? view.association_name : (view.partner_name ?? '');
  return (
    <section id="round-share" class="card">
      <h2>{tr(ctx, 'round.share.title')}</h2>
      <p class="meta">{tr(ctx, 'round.share.text')}</p>
      {view.partner_name && <p>{tr(ctx, 'round.share.with', { name: view.partner_name })}</p>}
      {view.owner && view.partner_name && !round.partner_accepted_at && (
        <p class="meta">{tr(ctx, 'round.share.pending', { name: view.partner_name })}</p>
      )}
      {!view.owner && <PartnerAnswer ctx={ctx} view={view} />}
      {view.owner && !shares.length && (
        <form method="post" action={`/rounds/${round.id}/partner`}>
          <Csrf ctx={ctx} />
          <Select
            ctx={ctx}
            name="partnerId"
            label={tr(ctx, 'round.share.partner')}
            value={round.partner_id ? String(round.partner_id) : ''}
            errors={props.errors}
            options={[
              ['', tr(ctx, 'round.share.none')],
              ...props.partners.map(
                (p) =>
                  [String(p.id), p.town ? `${p.name} (${p.town})` : p.name] as [string, string],
              ),
            ]}
          />
          <button type="submit" class="secondary">
            {tr(ctx, 'round.share.submit')}
          </button>
        </form>
      )}
      {round.partner_id != null && (
        <>
          <h3>{tr(ctx, 'round.split.title')}</h3>
          <p>{tr(ctx, 'round.split.total', { kg: kg(ctx, props.totalKg) })}</p>
          {shares.length > 0 && (
            <ul id="round-shares">
              {shares.map((s) => (
                <li>
                  {tr(ctx, 'round.split.done', {
                    name: nameOf(s.association_id),
                    kg: kg(ctx, s.kg),
                  })}
                </li>
              ))}
            </ul>
          )}
          {view.owner && round.partner_accepted_at && (
            <form method="post" action={`/rounds/${round.id}/split`}>
              <Csrf ctx={ctx} />
              <Field
                ctx={ctx}
                name="partnerKg"
                label={tr(ctx, 'round.split.partner_kg', { name: view.partner_name ?? '' })}
                inputmode="decimal"
                values={props.values}
                errors={props.errors}
              />
              <button type="submit">{tr(ctx, 'round.split.submit')}</button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

export function RoundPage(props: {
  ctx: ViewCtx;
  view: RoundView;
  partners: { id: number; name: string; town: string | null }[];
  totalKg: number;
  /** the donations chosen that went to someone else (just after the round was made) */
  lost?: LostStop[];
  /** a refused form of the page (partner, split), or a message above it */
  values?: FormValues;
  errors?: FieldErrors;
  message?: string;
}) {
  const { ctx, view } = props;
  const { round } = view;
  const start = { lat: Number(round.start_lat), lng: Number(round.start_lng) };
  const todo = stopsToVisit(view.stops).map((s) => ({ lat: Number(s.lat), lng: Number(s.lng) }));
  const route = googleMapsRoute(start, todo);
  return (
    <Layout ctx={ctx} title={tr(ctx, 'round.title', { id: round.id })}>
      <h1>{tr(ctx, 'round.title', { id: round.id })}</h1>
      <p class="meta">
        {tr(ctx, 'round.by', {
          name: view.association_name,
          de_name: deName(view.association_name),
        })}
      </p>
      {props.message && (
        <p class="alert error" role="alert">
          {tr(ctx, props.message)}
        </p>
      )}
      <LostList ctx={ctx} lost={props.lost ?? []} />
      {route && (
        <p>
          <a class="button" id="round-maps" href={route} target="_blank" rel="noopener">
            {tr(ctx, 'round.maps.google')}
          </a>
        </p>
      )}
      <p class="meta">{tr(ctx, 'round.order_note')}</p>
      <ol class="list" id="round-stops">
        {view.stops.map((s) => (
          <Stop ctx={ctx} s={s} owner={view.owner} />
        ))}
      </ol>
      <Sharing
        ctx={ctx}
        view={view}
        partners={props.partners}
        totalKg={props.totalKg}
        values={props.values}
        errors={props.errors}
      />
      <p>
        <a href="/rounds">{tr(ctx, 'round.list.title')}</a>
      </p>
    </Layout>
  );
}
