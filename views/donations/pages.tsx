import type { Donation } from '../../src/db/schema.js';
import type { DonationView } from '../../src/donations/donation.js';
import type { Viewer } from '../../src/donations/queries.js';
import type { FeedRow } from '../../src/donations/matching.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { DonationForm } from './form.js';
import { handoverCodeText, kg, mapsUrl, timeLeft, when } from './format.js';

type ShopRow = Donation & { association_name: string | null };

const Status = ({ ctx, status }: { ctx: ViewCtx; status: string }) => (
  <span class={`badge status-${status}`}>{tr(ctx, `don.status.${status}`)}</span>
);

export function ShopDonationList({ ctx, donations }: { ctx: ViewCtx; donations: ShopRow[] }) {
  if (!donations.length) return <p>{tr(ctx, 'don.none')}</p>;
  return (
    <ul class="list" id="shop-donations">
      {donations.map((d) => (
        <li class="donation">
          <h3>
            <a href={`/donations/${d.id}`}>{d.description}</a>{' '}
            <Status ctx={ctx} status={d.status} />
          </h3>
          <p class="meta">
            {tr(ctx, `cat.${d.category}`)} · {kg(d.quantity_kg)} · {when(ctx, d.pickup_from)} →{' '}
            {when(ctx, d.pickup_until)}
          </p>
          {d.status === 'claimed' && (
            <p>
              {tr(ctx, 'don.coming', { name: d.association_name ?? '' })} {tr(ctx, 'don.code')} :{' '}
              <strong class="code-inline">{handoverCodeText(d.handover_code)}</strong>
            </p>
          )}
          <a class="button secondary" href={`/donations/new?from=${d.id}`}>
            {tr(ctx, 'don.repost')}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function ShopDonationsPage({
  ctx,
  donations,
  values,
  errors,
}: {
  ctx: ViewCtx;
  donations: ShopRow[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'don.mine')}>
      <h1>{tr(ctx, 'don.new')}</h1>
      <DonationForm ctx={ctx} values={values} errors={errors} />
      <h2>{tr(ctx, 'don.mine')}</h2>
      <ShopDonationList ctx={ctx} donations={donations} />
    </Layout>
  );
}

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
      <h3>
        <a href={`/donations/${d.id}`}>{d.description}</a>
      </h3>
      <p class="meta">
        <strong>
          {tr(ctx, 'don.km', {
            km: d.distance_km.toLocaleString(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
              maximumFractionDigits: 1,
            }),
          })}
        </strong>{' '}
        · {kg(d.quantity_kg)} · {tr(ctx, `cat.${d.category}`)} ·{' '}
        {tr(ctx, `don.storage.${d.storage}`)}
      </p>
      <p class="meta">
        {d.shop_name} · {tr(ctx, 'don.until', { time: when(ctx, d.pickup_until) })} (
        {tr(ctx, 'don.left', { time: timeLeft(d.pickup_until.getTime() - now.getTime()) })})
      </p>
      {message && (
        <p class="alert error" role="alert">
          {tr(ctx, message)}
        </p>
      )}
      <div class="actions">
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
        </form>{' '}
        <a class="button secondary" href={mapsUrl(d.lat, d.lng)} target="_blank" rel="noopener">
          {tr(ctx, 'don.maps')}
        </a>
      </div>
    </li>
  );
}

export function ClaimedCard({ ctx, id }: { ctx: ViewCtx; id: number }) {
  return (
    <li class="donation claimed" id={`donation-${id}`}>
      <p class="alert ok" role="status">
        {tr(ctx, 'don.claimed_ok')} <a href={`/donations/${id}`}>→</a>
      </p>
    </li>
  );
}

export function FeedList({ ctx, feed, now }: { ctx: ViewCtx; feed: FeedRow[]; now: Date }) {
  if (!feed.length) return <p id="feed-empty">{tr(ctx, 'don.feed.empty')}</p>;
  return (
    <ul class="list">
      {feed.map((d) => (
        <FeedCard ctx={ctx} d={d} now={now} />
      ))}
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
}: {
  ctx: ViewCtx;
  pickups: Pickup[];
  missed: number;
}) {
  const current = pickups.filter((p) => p.status === 'claimed');
  return (
    <section id="my-pickups">
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

export function FeedPage({
  ctx,
  feed,
  now,
  pickups,
  missed,
  live,
  poll,
  message,
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
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'don.feed.title')} sse={Boolean(live)}>
      <PickupList ctx={ctx} pickups={pickups} missed={missed} />
      <h1>{tr(ctx, 'don.feed.title')}</h1>
      {message && (
        <p class="alert error" role="alert">
          {tr(ctx, message)}
        </p>
      )}
      {live}
      <div
        id="feed"
        hx-get="/feed?fragment=1"
        hx-trigger={poll ? 'every 15s' : 'donation-changed from:body'}
        hx-swap="innerHTML"
      >
        <FeedList ctx={ctx} feed={feed} now={now} />
      </div>
    </Layout>
  );
}

type HistoryRow = {
  id: number;
  from_status: string | null;
  to_status: string;
  at: Date;
  note: string | null;
  user_name: string | null;
  org_name: string | null;
};

export function PickupForm({
  ctx,
  d,
  values = {},
  errors,
}: {
  ctx: ViewCtx;
  d: Donation;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const cold = d.storage !== 'ambient';
  return (
    <form
      method="post"
      action={`/donations/${d.id}/pickup`}
      class="card"
      id="pickup-form"
      novalidate
    >
      <Csrf ctx={ctx} />
      <h2>{tr(ctx, 'don.pickup.title')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <Field
        ctx={ctx}
        name="handoverCode"
        label={tr(ctx, 'don.pickup.code')}
        values={values}
        errors={errors}
        hint={tr(ctx, 'don.pickup.code_hint')}
        inputmode="numeric"
        autocomplete="one-time-code"
        maxlength={12}
        pattern="[0-9 ]*"
        required
      />
      <div class="row">
        <Field
          ctx={ctx}
          name="receivedKg"
          label={tr(ctx, 'don.pickup.kg')}
          values={{ receivedKg: d.quantity_kg, ...values }}
          errors={errors}
          inputmode="decimal"
          required
        />
        {cold && (
          <Field
            ctx={ctx}
            name="temperatureC"
            label={tr(ctx, 'don.pickup.temperature')}
            values={values}
            errors={errors}
            inputmode="decimal"
            required
          />
        )}
      </div>
      <Select
        ctx={ctx}
        name="quality"
        label={tr(ctx, 'don.pickup.quality')}
        values={values}
        errors={errors}
        options={(['good', 'acceptable', 'poor', 'refused'] as const).map((q) => [
          q,
          tr(ctx, `don.quality.${q}`),
        ])}
      />
      <div class={`field${errors?.issues ? ' has-error' : ''}`}>
        <label for="f-issues">{tr(ctx, 'don.pickup.issues')}</label>
        <textarea
          id="f-issues"
          name="issues"
          rows={3}
          aria-describedby={errors?.issues ? 'f-issues-err' : undefined}
        >
          {String(values.issues ?? '')}
        </textarea>
        {errors?.issues && (
          <p class="error" id="f-issues-err">
            {tr(ctx, errors.issues)}
          </p>
        )}
      </div>
      <button type="submit">{tr(ctx, 'don.pickup.submit')}</button>
    </form>
  );
}

export function DonationPage(props: {
  ctx: ViewCtx;
  d: DonationView;
  viewer: Viewer;
  distanceKm: number | null;
  history: HistoryRow[];
  now: Date;
  values?: FormValues;
  errors?: FieldErrors;
  message?: string;
}) {
  const { ctx, d, viewer } = props;
  return (
    <Layout ctx={ctx} title={d.description}>
      <h1>
        {d.description} <Status ctx={ctx} status={d.status} />
      </h1>
      {props.message && (
        <div class="alert error" role="alert">
          {tr(ctx, props.message)}
        </div>
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
        <dt>{tr(ctx, 'don.category')}</dt>
        <dd>
          {tr(ctx, `cat.${d.category}`)} · {tr(ctx, `don.storage.${d.storage}`)} ·{' '}
          {tr(ctx, d.packaged ? 'don.packaged.yes' : 'don.packaged.no')}
        </dd>
        <dt>{tr(ctx, 'don.kg')}</dt>
        <dd>
          {kg(d.quantity_kg)}
          {d.units ? ` (${d.units})` : ''}
          {props.distanceKm != null &&
            ` · ${tr(ctx, 'don.km', { km: props.distanceKm.toFixed(1) })}`}
        </dd>
        {d.date_kind && (
          <>
            <dt>{tr(ctx, `don.date_kind.${d.date_kind}`)}</dt>
            <dd>{d.product_date}</dd>
          </>
        )}
        <dt>{tr(ctx, 'don.pickup_from')}</dt>
        <dd>
          {when(ctx, d.pickup_from)} → {when(ctx, d.pickup_until)}
        </dd>
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
              {kg(d.received_kg)} · {tr(ctx, `don.quality.${d.quality}`)}
              {d.temperature_c != null && ` · ${d.temperature_c} °C`}
              {d.issues && ` · ${d.issues}`}
            </dd>
          </>
        )}
      </dl>
      {viewer === 'shop' && d.status === 'claimed' && (
        <div class="card">
          <p>{tr(ctx, 'don.coming', { name: d.association_name ?? '' })}</p>
          <p>{tr(ctx, 'don.code')}</p>
          <p class="code" id="handover-code">
            {handoverCodeText(d.handover_code)}
          </p>
        </div>
      )}
      {viewer === 'shop' && d.status === 'open' && (
        <form method="post" action={`/donations/${d.id}/cancel`}>
          <Csrf ctx={ctx} />
          <button type="submit" class="danger">
            {tr(ctx, 'don.cancel')}
          </button>
        </form>
      )}
      {viewer === 'shop' && (
        <p>
          <a class="button secondary" href={`/donations/new?from=${d.id}`}>
            {tr(ctx, 'don.repost')}
          </a>
        </p>
      )}
      {viewer === 'candidate' && d.status === 'open' && (
        <form method="post" action={`/donations/${d.id}/claim`}>
          <Csrf ctx={ctx} />
          <button type="submit">{tr(ctx, 'don.claim')}</button>
        </form>
      )}
      {viewer === 'claimer' && d.status === 'claimed' && (
        <>
          <PickupForm ctx={ctx} d={d} values={props.values} errors={props.errors} />
          <form method="post" action={`/donations/${d.id}/release`}>
            <Csrf ctx={ctx} />
            <button type="submit" class="secondary">
              {tr(ctx, 'don.release')}
            </button>
          </form>
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
                {h.note && h.note !== 'released' ? ` · ${h.note}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
    </Layout>
  );
}
