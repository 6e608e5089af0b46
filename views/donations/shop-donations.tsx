import { colon } from '../../src/i18n/format.js';
// The shop's donations page: the posting form above the shop's own donations (the list also
// stands alone in the shop's home section).
import type { Donation } from '../../src/db/schema.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { LiveRegion } from '../notifications/live.js';
import { DonationForm } from './form.js';
import { handoverCodeText, kg, when } from './format.js';
import { Status } from './status.js';

type ShopRow = Donation & { association_name: string | null };

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
            {tr(ctx, `cat.${d.category}`)} · {kg(ctx, d.quantity_kg)} · {when(ctx, d.pickup_from)} →{' '}
            {when(ctx, d.pickup_until)}
          </p>
          {d.status === 'claimed' && (
            <p>
              {tr(ctx, 'don.coming', { name: d.association_name ?? '' })} {tr(ctx, 'don.code')}
              {colon(ctx.lang)}
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
  poll = false,
}: {
  ctx: ViewCtx;
  donations: ShopRow[];
  values: FormValues;
  errors?: FieldErrors;
  /** no event bus (Workers): the list reloads every 15 s instead of listening to /events */
  poll?: boolean;
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'don.mine')} sse={!poll}>
      <h1>{tr(ctx, 'don.new')}</h1>
      <DonationForm ctx={ctx} values={values} errors={errors} />
      <p>
        <a href="/series">{tr(ctx, 'series.link')}</a>
      </p>
      <h2>{tr(ctx, 'don.mine')}</h2>
      {/* a driver claims, comes, picks up; a donation ends: the list changes without a reload */}
      <LiveRegion
        id="shop-donations-live"
        src="/donations?fragment=1"
        events={['donation-changed']}
        poll={poll}
      >
        <ShopDonationList ctx={ctx} donations={donations} />
      </LiveRegion>
    </Layout>
  );
}
