import type { MissingConvention } from '../../src/conventions/queries.js';
import type { ConventionRecord } from '../../src/conventions/terms.js';
import { formatDateTime } from '../../src/shared/time.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { day } from '../stats/format.js';

function Item({ ctx, r }: { ctx: ViewCtx; r: ConventionRecord }) {
  const c = r.row;
  return (
    <li id={`convention-${c.id}`} data-state={r.state}>
      <a href={`/conventions/${c.id}`}>
        {tr(ctx, 'conv.with', { shop: r.terms.shop.name, association: r.terms.association.name })}
      </a>{' '}
      · {tr(ctx, `conv.state.${r.state}`)} ·{' '}
      {tr(ctx, 'conv.since', { date: day(ctx, c.starts_on) })}
    </li>
  );
}

function Group({
  ctx,
  id,
  title,
  items,
}: {
  ctx: ViewCtx;
  id: string;
  title: string;
  items: ConventionRecord[];
}) {
  if (!items.length) return null;
  return (
    <section id={id}>
      <h2>{tr(ctx, title)}</h2>
      <ul class="list">
        {items.map((r) => (
          <Item ctx={ctx} r={r} />
        ))}
      </ul>
    </section>
  );
}

/**
 * A shop's or an association's agreements: the proposals it has to answer first, then (a shop
 * under the legal duty) the partner associations without one, each with "Proposer une
 * convention", then those sent, in force and past.
 */
export function ConventionsPage(props: {
  ctx: ViewCtx;
  org: { id: number; kind: 'shop' | 'association' };
  items: ConventionRecord[];
  /** null: the shop is not under the duty (or this is an association) */
  missing: MissingConvention[] | null;
  notice?: string;
}) {
  const { ctx, org, items } = props;
  const sideOfOrg = org.kind;
  const toAnswer = items.filter(
    (r) => r.row.status === 'pending' && r.row.proposed_by_side !== sideOfOrg,
  );
  const sent = items.filter(
    (r) => r.row.status === 'pending' && r.row.proposed_by_side === sideOfOrg,
  );
  const active = items.filter((r) => r.state === 'active');
  const past = items.filter((r) => r.row.status !== 'pending' && r.state !== 'active');
  return (
    <Layout ctx={ctx} title={tr(ctx, 'conv.title')}>
      <h1>{tr(ctx, 'conv.title')}</h1>
      {props.notice && (
        <p class="alert ok" role="status" id="notice">
          {tr(ctx, props.notice)}
        </p>
      )}
      <p>{tr(ctx, 'conv.intro')}</p>
      <Group ctx={ctx} id="to-answer" title="conv.to_answer" items={toAnswer} />
      {props.missing && (
        <section id="duty">
          <h2>{tr(ctx, 'conv.duty.title')}</h2>
          {props.missing.length === 0 ? (
            <p id="duty-covered">{tr(ctx, 'conv.duty.all_covered')}</p>
          ) : (
            <>
              <p class="alert warn">{tr(ctx, 'conv.duty.text')}</p>
              <ul class="list">
                {props.missing.map((m) => (
                  <li id={`missing-${m.id}`}>
                    <strong>{m.name}</strong>
                    {m.lastPickupAt && (
                      <>
                        {' '}
                        ·{' '}
                        {tr(ctx, 'conv.last_pickup', {
                          date: formatDateTime(m.lastPickupAt, ctx.lang),
                        })}
                      </>
                    )}
                    <br />
                    {m.pendingId ? (
                      <a href={`/conventions/${m.pendingId}`}>{tr(ctx, 'conv.waiting')}</a>
                    ) : (
                      <a class="button" href={`/conventions/new?associationId=${m.id}`}>
                        {tr(ctx, 'conv.propose')}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <p>
        <a class={props.missing ? undefined : 'button'} href="/conventions/new" id="new">
          {tr(ctx, 'conv.new')}
        </a>
      </p>
      <Group ctx={ctx} id="sent" title="conv.sent" items={sent} />
      <Group ctx={ctx} id="active" title="conv.active" items={active} />
      <Group ctx={ctx} id="history" title="conv.history" items={past} />
      {items.length === 0 && <p>{tr(ctx, 'conv.none')}</p>}
    </Layout>
  );
}
