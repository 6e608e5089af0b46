import type { ArrangementOffer } from '../../src/db/schema.js';
import type { ArrangementRow } from '../../src/series/arrangements.js';
import { weekdaysOf } from '../../src/series/dates.js';
import { formatDay } from '../../src/i18n/format.js';
import { parisDate, parisTime } from '../../src/shared/time.js';
import { tr, type FieldErrors, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';

/** The Monday of a date's ISO week ('YYYY-MM-DD'). */
function mondayOf(day: string) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() || 7) - 1));
  return d.toISOString().slice(0, 10);
}

const when = (ctx: ViewCtx, d: Date) =>
  tr(ctx, 'arr.deadline', { day: parisDate(d), time: parisTime(d) });

/** The end form: a reason the other side reads, then the button (a deliberate two-step tap). */
export function EndArrangementForm(props: {
  ctx: ViewCtx;
  a: { id: number };
  label: string;
  errors?: FieldErrors;
}) {
  const { ctx, a } = props;
  const id = `end-reason-${a.id}`;
  const err = props.errors?.reason;
  return (
    <form method="post" action={`/arrangements/${a.id}/end`} class="stack">
      <Csrf ctx={ctx} />
      <label for={id}>{tr(ctx, 'arr.end_reason')}</label>
      <input
        id={id}
        name="reason"
        required
        maxlength={300}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-err` : undefined}
      />
      {err && (
        <p class="error" id={`${id}-err`}>
          {tr(ctx, err)}
        </p>
      )}
      <button type="submit" class="danger">
        {tr(ctx, props.label)}
      </button>
    </form>
  );
}

function DecisionButtons(props: {
  ctx: ViewCtx;
  a: ArrangementRow;
  field: 'days' | 'weekOf';
  value: string;
  confirm: string;
  decline: string;
}) {
  const { ctx, a } = props;
  return (
    <form method="post" action={`/arrangements/${a.id}/decisions`} class="row">
      <Csrf ctx={ctx} />
      <input type="hidden" name={props.field} value={props.value} />
      <button type="submit" name="decision" value="confirm">
        {tr(ctx, props.confirm)}
      </button>
      <button type="submit" name="decision" value="decline" class="secondary">
        {tr(ctx, props.decline)}
      </button>
    </form>
  );
}

/** The association's dates, by week: each to confirm or decline, or the whole week at once. */
function Offers({
  ctx,
  a,
  offers,
}: {
  ctx: ViewCtx;
  a: ArrangementRow;
  offers: ArrangementOffer[];
}) {
  if (!offers.length) return <p>{tr(ctx, 'arr.no_offers')}</p>;
  const weeks = new Map<string, ArrangementOffer[]>();
  for (const o of offers) weeks.set(mondayOf(o.day), [...(weeks.get(mondayOf(o.day)) ?? []), o]);
  return (
    <>
      {[...weeks].map(([monday, list]) => (
        <section aria-label={tr(ctx, 'arr.week', { day: formatDay(ctx.lang, monday) })}>
          <h4>{tr(ctx, 'arr.week', { day: formatDay(ctx.lang, monday) })}</h4>
          <ul class="list">
            {list.map((o) => (
              <li>
                <strong>{formatDay(ctx.lang, o.day)}</strong> {tr(ctx, `arr.offer.${o.status}`)}
                {o.status === 'pending' && (
                  <>
                    {' '}
                    <small>{when(ctx, o.deadline)}</small>
                    <DecisionButtons
                      ctx={ctx}
                      a={a}
                      field="days"
                      value={o.day}
                      confirm="arr.confirm"
                      decline="arr.decline"
                    />
                  </>
                )}
                {o.donation_id != null && (
                  <a href={`/donations/${o.donation_id}`}> {tr(ctx, 'arr.see_donation')}</a>
                )}
              </li>
            ))}
          </ul>
          {list.filter((o) => o.status === 'pending').length > 1 && (
            <DecisionButtons
              ctx={ctx}
              a={a}
              field="weekOf"
              value={monday}
              confirm="arr.confirm_week"
              decline="arr.decline_week"
            />
          )}
        </section>
      ))}
    </>
  );
}

function Card(props: {
  ctx: ViewCtx;
  a: ArrangementRow;
  side: 'shop' | 'association';
  isManager: boolean;
  offers: ArrangementOffer[];
  errors?: FieldErrors;
}) {
  const { ctx, a, side } = props;
  const days = weekdaysOf(a.weekdays)
    .map((d) => tr(ctx, `series.day.${d}`))
    .join(', ');
  const other = side === 'shop' ? a.association_name : a.shop_name;
  const canEnd = side === 'shop' || props.isManager;
  return (
    <li class="card" id={`arrangement-${a.id}`}>
      <h3>{other}</h3>
      <p>
        {tr(ctx, 'arr.summary', {
          days,
          from: a.pickup_from_time,
          until: a.pickup_until_time,
          what: a.description,
          hours: a.confirm_minutes / 60,
        })}
      </p>
      <p>
        <strong>{tr(ctx, `arr.status.${a.status}`)}</strong>
      </p>
      {a.status === 'ended' && (
        <p>
          {tr(ctx, 'arr.ended_by', {
            who: a.ended_by_org === a.shop_id ? a.shop_name : a.association_name,
            day: a.ended_at ? parisDate(a.ended_at) : '',
            reason: a.end_reason ? tr(ctx, a.end_reason) : '',
          })}
        </p>
      )}
      {a.status === 'proposed' && side === 'association' && props.isManager && (
        <form method="post" action={`/arrangements/${a.id}/acceptance`}>
          <Csrf ctx={ctx} />
          <button type="submit">{tr(ctx, 'arr.accept')}</button>
        </form>
      )}
      {a.status === 'active' && side === 'association' && (
        <Offers ctx={ctx} a={a} offers={props.offers} />
      )}
      {a.status !== 'ended' && canEnd && (
        <EndArrangementForm
          ctx={ctx}
          a={a}
          label={a.status === 'proposed' && side === 'association' ? 'arr.refuse' : 'arr.end'}
          errors={props.errors}
        />
      )}
    </li>
  );
}

export function ArrangementsPage(props: {
  ctx: ViewCtx;
  side: 'shop' | 'association';
  isManager: boolean;
  arrangements: ArrangementRow[];
  offers: Map<number, ArrangementOffer[]>;
  message?: string;
  /** the end form's errors, for the arrangement `errorsFor` */
  errors?: FieldErrors;
  errorsFor?: number;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'arr.title')}>
      <h1>{tr(ctx, 'arr.title')}</h1>
      <p>{tr(ctx, `arr.intro.${props.side}`)}</p>
      {props.message && (
        <p class="alert" role="status">
          {tr(ctx, props.message)}
        </p>
      )}
      {props.arrangements.length === 0 && <p>{tr(ctx, 'arr.none')}</p>}
      <ul class="list">
        {props.arrangements.map((a) => (
          <Card
            ctx={ctx}
            a={a}
            side={props.side}
            isManager={props.isManager}
            offers={props.offers.get(a.id) ?? []}
            errors={props.errorsFor === a.id ? props.errors : undefined}
          />
        ))}
      </ul>
      {props.side === 'shop' && (
        <p>
          <a href="/series">{tr(ctx, 'series.back')}</a>
        </p>
      )}
    </Layout>
  );
}
