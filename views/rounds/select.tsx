// Building a round: the association's open donations with a box each, claimed together by one
// submit (no JavaScript needed; htmx posts it and shows the refusal in place). Beside it, the
// association's rounds.
import type { FeedRow } from '../../src/donations/matching.js';
import type { LostStop } from '../../src/rounds/rounds.js';
import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';
import { kg, km, when } from '../donations/format.js';

export function LostList({ ctx, lost }: { ctx: ViewCtx; lost: LostStop[] }) {
  if (!lost.length) return null;
  return (
    <div class="alert error" role="alert" id="round-lost">
      <p>{tr(ctx, 'round.lost.title')}</p>
      <ul>
        {lost.map((l) => (
          <li>{tr(ctx, 'round.lost.item', { id: l.donationId, why: tr(ctx, l.message) })}</li>
        ))}
      </ul>
    </div>
  );
}

export function RoundForm({
  ctx,
  feed,
  chosen = [],
  errors,
  message,
  lost = [],
}: {
  ctx: ViewCtx;
  feed: FeedRow[];
  chosen?: number[];
  errors?: FieldErrors;
  /** why no round was made (none of the donations could be claimed) */
  message?: string;
  lost?: LostStop[];
}) {
  const err = errors?.donationIds;
  return (
    <form
      method="post"
      action="/rounds"
      hx-post="/rounds"
      hx-target="this"
      hx-swap="outerHTML"
      id="round-form"
      class="card"
    >
      <Csrf ctx={ctx} />
      {message && (
        <p class="alert error" role="alert">
          {tr(ctx, message)}
        </p>
      )}
      <LostList ctx={ctx} lost={lost} />
      <fieldset
        class={err ? 'has-error' : undefined}
        aria-describedby={err ? 'f-donationIds-err' : undefined}
      >
        <legend>{tr(ctx, 'round.new.intro')}</legend>
        {err && (
          <p class="error" id="f-donationIds-err" role="alert">
            {tr(ctx, err)}
          </p>
        )}
        {!feed.length && <p>{tr(ctx, 'round.new.empty')}</p>}
        <ul class="list">
          {feed.map((d) => (
            <li class="donation">
              <label class="choice">
                <input
                  type="checkbox"
                  name="donationIds"
                  value={String(d.id)}
                  checked={chosen.includes(d.id)}
                />
                <span>
                  <strong>{d.description}</strong> · {d.shop_name}
                </span>
              </label>
              <p class="meta">
                {km(ctx, d.distance_km)} · {kg(ctx, d.quantity_kg)} ·{' '}
                {tr(ctx, `don.storage.${d.storage}`)} ·{' '}
                {tr(ctx, 'don.until', { time: when(ctx, d.pickup_until) })}
              </p>
            </li>
          ))}
        </ul>
      </fieldset>
      <p class="meta">{tr(ctx, 'round.new.partial')}</p>
      <button type="submit">{tr(ctx, 'round.new.submit')}</button>
    </form>
  );
}

export function RoundsPage({
  ctx,
  feed,
  rounds,
  chosen,
  errors,
  message,
  lost,
}: {
  ctx: ViewCtx;
  feed: FeedRow[];
  rounds: { id: number; created_at: Date; stops: number | string | null }[];
  chosen?: number[];
  errors?: FieldErrors;
  message?: string;
  lost?: LostStop[];
}) {
  return (
    <Layout ctx={ctx} title={tr(ctx, 'round.new.title')}>
      <h1>{tr(ctx, 'round.new.title')}</h1>
      <RoundForm
        ctx={ctx}
        feed={feed}
        chosen={chosen}
        errors={errors}
        message={message}
        lost={lost}
      />
      <section id="my-rounds">
        <h2>{tr(ctx, 'round.list.title')}</h2>
        {!rounds.length && <p>{tr(ctx, 'round.list.empty')}</p>}
        <ul class="list">
          {rounds.map((r) => (
            <li>
              <a href={`/rounds/${r.id}`}>
                {tr(ctx, 'round.list.item', {
                  id: r.id,
                  n: Number(r.stops ?? 0),
                  when: when(ctx, r.created_at),
                })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
