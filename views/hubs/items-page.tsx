// /hubs/held (the hub: food it keeps for its partners, the second handover) and /hubs/waiting
// (the partner: its food at the hub, collected from there).
import { COLD_CHAIN_REASONS, PICKUP_REASONS } from '../../src/db/tables/donations.js';
import type { HubItem } from '../../src/hubs/deposits.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';
import { celsius, kg, when } from '../donations/format.js';

const str = (v: unknown) => (v == null ? '' : String(v));

function FieldError({ ctx, id, err }: { ctx: ViewCtx; id: string; err?: string }) {
  return err ? (
    <p class="error" id={`${id}-err`}>
      {tr(ctx, err)}
    </p>
  ) : null;
}

/** The second handover: kg and temperature at the hub, a reason if above the limit. */
function DepositForm(p: {
  ctx: ViewCtx;
  item: HubItem;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, item } = p;
  const v = p.values ?? { receivedKg: item.received_kg ?? '' };
  const e = p.errors ?? {};
  const id = (n: string) => `f-${n}-${item.id}`;
  const input = (name: string, label: string) => (
    <div class={`field${e[name] ? ' has-error' : ''}`}>
      <label for={id(name)}>{label}</label>
      <input
        id={id(name)}
        name={name}
        inputmode="decimal"
        required
        value={str(v[name])}
        aria-invalid={e[name] ? 'true' : undefined}
        aria-describedby={e[name] ? `${id(name)}-err` : undefined}
      />
      <FieldError ctx={ctx} id={id(name)} err={e[name]} />
    </div>
  );
  return (
    <form method="post" action={`/hubs/deposits/${item.id}`} class="stack">
      <Csrf ctx={ctx} />
      {p.errors && (
        <p class="alert error" role="alert">
          {tr(ctx, e._ ?? 'err.form')}
        </p>
      )}
      {input('receivedKg', tr(ctx, 'hub.deposit.kg'))}
      {input('temperatureC', tr(ctx, 'don.pickup.temperature'))}
      <div class="checks stacked">
        <label>
          <input
            type="checkbox"
            name="temperatureConfirmed"
            checked={v.temperatureConfirmed === 'on'}
          />
          <span>{tr(ctx, 'don.pickup.confirm_warm')}</span>
        </label>
      </div>
      <div class="field">
        <label for={id('temperatureReason')}>{tr(ctx, 'don.pickup.warm_reason')}</label>
        <select id={id('temperatureReason')} name="temperatureReason">
          {[
            ['', '—'] as [string, string],
            ...COLD_CHAIN_REASONS.map((r) => [r, tr(ctx, `don.cold.${r}`)] as [string, string]),
          ].map(([val, label]) => (
            <option value={val} selected={val === str(v.temperatureReason)}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{tr(ctx, 'hub.deposit.submit')}</button>
    </form>
  );
}

/** The hub refuses the food on arrival, saying why: 0 kg kept, nothing for the partner to fetch. */
function RefuseForm({ ctx, item }: { ctx: ViewCtx; item: HubItem }) {
  const id = `f-refusalReason-${item.id}`;
  return (
    <form method="post" action={`/hubs/deposits/${item.id}`} class="stack">
      <Csrf ctx={ctx} />
      <label for={id}>{tr(ctx, 'hub.refuse.reason')}</label>
      <select id={id} name="refusalReason" required>
        {PICKUP_REASONS.map((r) => (
          <option value={r}>{tr(ctx, `don.reason.${r}`)}</option>
        ))}
      </select>
      <button type="submit" class="secondary">
        {tr(ctx, 'hub.refuse.submit')}
      </button>
    </form>
  );
}

function Item(p: {
  ctx: ViewCtx;
  side: 'hub' | 'partner';
  item: HubItem;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, item, side } = p;
  const drivesToShop = (side === 'hub') === (item.hub_collector === 'hub');
  return (
    <li class="card" id={`hub-item-${item.id}`}>
      <h3>
        {item.description} · {kg(ctx, item.received_kg ?? item.quantity_kg)} ·{' '}
        {tr(ctx, `don.storage.${item.storage}`)}
      </h3>
      <p class="meta">
        {item.shop_name} → {side === 'hub' ? item.partner_name : item.hub_name} ·{' '}
        <strong>{tr(ctx, `hub.stage.${item.stage}`)}</strong>
      </p>
      {item.stage === 'at_shop' && (
        <p class="meta">
          {tr(ctx, `hub.collects.${item.hub_collector}`)} ·{' '}
          {tr(ctx, 'don.until', { time: when(ctx, item.pickup_until) })}
          {drivesToShop && (
            <>
              {' · '}
              <a href={`/donations/${item.id}`}>{tr(ctx, 'don.pickup.title')}</a>
            </>
          )}
        </p>
      )}
      {item.temperature_c != null && (
        <p class="meta">{tr(ctx, 'hub.at_shop_temp', { t: celsius(ctx, item.temperature_c) })}</p>
      )}
      {item.hub_received_at && item.refusal_reason && (
        <p class="meta">
          {tr(ctx, 'hub.refused_record', {
            reason: tr(ctx, `don.reason.${item.refusal_reason}`),
            time: when(ctx, item.hub_received_at),
          })}
        </p>
      )}
      {item.hub_received_at && !item.refusal_reason && (
        <p class="meta">
          {tr(ctx, 'hub.at_hub_record', {
            kg: kg(ctx, item.hub_kg),
            t: celsius(ctx, item.hub_temperature_c),
            time: when(ctx, item.hub_received_at),
          })}
        </p>
      )}
      {item.collected_at && (
        <p class="meta">{tr(ctx, 'hub.collected_on', { time: when(ctx, item.collected_at) })}</p>
      )}
      {item.stage === 'unrecorded' && item.hub_unrecorded_at && (
        <p class="meta">
          {tr(ctx, 'hub.unrecorded_record', { time: when(ctx, item.hub_unrecorded_at) })}
        </p>
      )}
      {side === 'hub' && item.stage === 'to_hub' && (
        <>
          <DepositForm ctx={ctx} item={item} values={p.values} errors={p.errors} />
          <RefuseForm ctx={ctx} item={item} />
        </>
      )}
      {side === 'partner' && item.stage === 'at_hub' && (
        <form method="post" action={`/hubs/deposits/${item.id}/collection`}>
          <Csrf ctx={ctx} />
          <button type="submit">{tr(ctx, 'hub.collect')}</button>
        </form>
      )}
    </li>
  );
}

export function HubItemsPage(p: {
  ctx: ViewCtx;
  side: 'hub' | 'partner';
  items: HubItem[];
  message?: string;
  /** the form refused, and on which item */
  errorsFor?: number;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, side } = p;
  const title = tr(ctx, side === 'hub' ? 'hub.held_title' : 'hub.waiting_title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href="/hubs">{tr(ctx, 'hub.title')}</a>
      </p>
      {p.message && (
        <p class="alert error" role="alert">
          {tr(ctx, p.message)}
        </p>
      )}
      {p.items.length === 0 && <p id="hub-items-empty">{tr(ctx, 'hub.items_empty')}</p>}
      <ul class="list" id="hub-items">
        {p.items.map((item) => (
          <Item
            ctx={ctx}
            side={side}
            item={item}
            values={p.errorsFor === item.id ? p.values : undefined}
            errors={p.errorsFor === item.id ? p.errors : undefined}
          />
        ))}
      </ul>
    </Layout>
  );
}
