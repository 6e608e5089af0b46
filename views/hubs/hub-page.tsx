// /hubs: an association declares its cold room or freezer a relay hub for named partners, and
// answers the hubs that named it.
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Field, FormErrors } from '../components/fields.js';
import { Layout } from '../layout.js';
import { kg } from '../donations/format.js';
import type { HubPartner } from '../../src/hubs/hubs.js';
import { HUB_MAX_PARTNERS } from '../../src/hubs/rules.js';

export interface HubPageProps {
  ctx: ViewCtx;
  org: { storage_chilled: boolean; storage_frozen: boolean };
  hub: {
    capacity_chilled_kg: number;
    capacity_frozen_kg: number;
    opening_hours: string;
    active: boolean;
  } | null;
  partners: HubPartner[];
  /** no fridge nor freezer, and no hub declared before: the page is only the partner's side */
  partnerOnly: boolean;
  candidates: { id: number; name: string; town: string | null }[];
  canManage: boolean;
  hubsOfMine: {
    hub_id: number;
    name: string;
    address: string | null;
    town: string | null;
    status: string;
    opening_hours: string;
  }[];
  values?: FormValues;
  errors?: FieldErrors;
  message?: string;
}

function Declare(p: HubPageProps) {
  const { ctx } = p;
  if (!p.org.storage_chilled && !p.org.storage_frozen)
    return <p id="hub-no-cold">{tr(ctx, 'hub.no_cold_storage')}</p>;
  if (!p.canManage) return p.hub ? null : <p>{tr(ctx, 'hub.manager_only')}</p>;
  const v = p.values ?? {
    capacityChilledKg: p.hub ? Number(p.hub.capacity_chilled_kg) : '',
    capacityFrozenKg: p.hub ? Number(p.hub.capacity_frozen_kg) : '',
    openingHours: p.hub?.opening_hours ?? '',
  };
  const named = new Set(
    p.values
      ? ([] as unknown[]).concat(p.values.partnerIds ?? []).map(String)
      : p.partners.filter((x) => x.status !== 'ended').map((x) => String(x.partnerId)),
  );
  const err = p.errors?.partnerIds;
  return (
    <form method="post" action="/hubs" class="stack" id="hub-form">
      <Csrf ctx={ctx} />
      <FormErrors ctx={ctx} errors={p.errors} />
      {p.org.storage_chilled && (
        <Field
          ctx={ctx}
          name="capacityChilledKg"
          label={tr(ctx, 'hub.capacity_chilled')}
          type="number"
          step="0.01"
          min="0"
          max="100000"
          inputmode="decimal"
          values={v}
          errors={p.errors}
        />
      )}
      {p.org.storage_frozen && (
        <Field
          ctx={ctx}
          name="capacityFrozenKg"
          label={tr(ctx, 'hub.capacity_frozen')}
          type="number"
          step="0.01"
          min="0"
          max="100000"
          inputmode="decimal"
          values={v}
          errors={p.errors}
        />
      )}
      <Field
        ctx={ctx}
        name="openingHours"
        label={tr(ctx, 'hub.opening_hours')}
        hint={tr(ctx, 'hub.opening_hours_hint')}
        maxlength={300}
        required
        values={v}
        errors={p.errors}
      />
      <fieldset
        class={err ? 'has-error' : undefined}
        aria-describedby={err ? 'f-partnerIds-err' : undefined}
      >
        <legend>{tr(ctx, 'hub.partners_pick', { n: HUB_MAX_PARTNERS })}</legend>
        {p.candidates.length === 0 && <p>{tr(ctx, 'hub.no_candidates')}</p>}
        {p.candidates.length > 0 && (
          <div class="checks stacked">
            {p.candidates.map((c) => (
              <label>
                <input
                  type="checkbox"
                  name="partnerIds"
                  value={String(c.id)}
                  checked={named.has(String(c.id))}
                />
                <span>
                  {c.name}
                  {c.town ? ` (${c.town})` : ''}
                </span>
              </label>
            ))}
          </div>
        )}
        {err && (
          <p class="error" id="f-partnerIds-err">
            {tr(ctx, err)}
          </p>
        )}
      </fieldset>
      <button type="submit">{tr(ctx, p.hub ? 'hub.save' : 'hub.declare')}</button>
    </form>
  );
}

/** The association as a hub: its capacity and partners, and the form to declare or change it. */
function MyHub(p: HubPageProps) {
  const { ctx, hub } = p;
  return (
    <section id="my-hub">
      <h2>{tr(ctx, 'hub.mine')}</h2>
      {hub && (
        <p class="meta">
          {tr(ctx, 'hub.capacity_summary', {
            chilled: kg(ctx, hub.capacity_chilled_kg),
            frozen: kg(ctx, hub.capacity_frozen_kg),
          })}{' '}
          · {hub.opening_hours}
        </p>
      )}
      {hub && p.partners.length > 0 && (
        <ul id="hub-partners">
          {p.partners.map((x) => (
            <li>
              {x.name} · {tr(ctx, `hub.partner.${x.status}`)}
            </li>
          ))}
        </ul>
      )}
      <Declare {...p} />
    </section>
  );
}

export function HubPage(p: HubPageProps) {
  const { ctx } = p;
  const partner = p.partnerOnly;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'hub.title')}>
      <h1>{tr(ctx, 'hub.title')}</h1>
      <p id="hub-intro">{tr(ctx, partner ? 'hub.intro_partner' : 'hub.intro')}</p>
      {p.message && (
        <p class="alert ok" role="status">
          {tr(ctx, p.message)}
        </p>
      )}
      <p>
        {!partner && (
          <>
            <a href="/hubs/held">{tr(ctx, 'hub.held_title')}</a> ·{' '}
          </>
        )}
        <a href="/hubs/waiting">{tr(ctx, 'hub.waiting_title')}</a>
      </p>
      {partner && p.errors && (
        <p class="alert error" role="alert">
          {tr(ctx, 'hub.err.no_cold_storage')}
        </p>
      )}
      {!partner && <MyHub {...p} />}
      <section id="my-hubs">
        <h2>{tr(ctx, 'hub.as_partner')}</h2>
        {p.hubsOfMine.length === 0 && <p>{tr(ctx, 'hub.no_hubs')}</p>}
        <ul class="list">
          {p.hubsOfMine.map((h) => (
            <li class="card" id={`hub-${h.hub_id}`}>
              <h3>{h.name}</h3>
              <p class="meta">
                {[h.address, h.town].filter(Boolean).join(', ')} · {h.opening_hours} ·{' '}
                {tr(ctx, `hub.partner.${h.status}`)}
              </p>
              {p.canManage && (
                <form method="post" action={`/hubs/${h.hub_id}/answer`} class="inline">
                  <Csrf ctx={ctx} />
                  {h.status === 'invited' && (
                    <button type="submit" name="decision" value="accept">
                      {tr(ctx, 'hub.accept')}
                    </button>
                  )}{' '}
                  <button type="submit" name="decision" value="decline" class="secondary">
                    {tr(ctx, h.status === 'invited' ? 'hub.decline' : 'hub.leave')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
