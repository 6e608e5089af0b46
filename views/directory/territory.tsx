// A territory's public directory: the map and the list of the actors who chose to be in it, each
// with only what it chose to show. A GET form filters it (a filtered page is a link to share);
// the map is drawn by /static/map.js from escaped JSON, the list says the same without it.
import type { PublicEntry } from '../../src/directory/listing.js';
import { LISTED_KINDS, SERVICES } from '../../src/directory/schemas.js';
import type { MapTiles } from '../../src/maps/tiles.js';
import { frenchPhoneText } from '../../src/shared/phone.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { FormErrors, Select } from '../components/fields.js';
import { Layout } from '../layout.js';
import { MapView, type MapMarker } from '../maps/map.js';

export interface DirectoryPageProps {
  ctx: ViewCtx;
  territory: { id: number; name: string };
  values: FormValues;
  errors?: FieldErrors;
  communes: { code: string; name: string }[];
  entries: PublicEntry[];
  page: number;
  more: boolean;
  tiles: MapTiles;
  /** the signed-in organisation the list is ordered from, nearest first */
  from: string | null;
}

/** What an entry is called: its name if shown, else its kind if shown, else a neutral word. */
const title = (ctx: ViewCtx, e: PublicEntry) =>
  e.name ?? (e.kind ? tr(ctx, `kind.${e.kind}`) : tr(ctx, 'dir.unnamed'));

export function directoryMarkers(ctx: ViewCtx, entries: PublicEntry[]): MapMarker[] {
  return entries
    .filter((e) => e.lat != null && e.lng != null)
    .map((e): MapMarker => ({
      lat: e.lat!,
      lng: e.lng!,
      label: title(ctx, e),
      kind: e.kind === 'association' ? 'association' : 'shop',
      href: null,
    }));
}

/** The page's address with these filters (and page), for the pager's links. */
export function directoryHref(id: number, values: FormValues, page: number) {
  const q = new URLSearchParams();
  for (const k of ['kind', 'commune', 'service', 'gives'])
    if (values[k]) q.set(k, String(values[k]));
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/territories/${id}/directory${s ? `?${s}` : ''}`;
}

function Filters({ ctx, territory, values, errors, communes }: DirectoryPageProps) {
  const any: [string, string] = ['', tr(ctx, 'dir.filter.any')];
  return (
    <form method="get" action={`/territories/${territory.id}/directory`} class="card" novalidate>
      <h2>{tr(ctx, 'dir.filters')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <div class="row">
        <Select
          ctx={ctx}
          name="kind"
          label={tr(ctx, 'dir.filter.kind')}
          values={values}
          errors={errors}
          options={[any, ...LISTED_KINDS.map((k): [string, string] => [k, tr(ctx, `kind.${k}`)])]}
        />
        <Select
          ctx={ctx}
          name="commune"
          label={tr(ctx, 'dir.filter.commune')}
          values={values}
          errors={errors}
          options={[any, ...communes.map((c): [string, string] => [c.code, c.name])]}
        />
        <Select
          ctx={ctx}
          name="service"
          label={tr(ctx, 'dir.filter.service')}
          values={values}
          errors={errors}
          options={[
            any,
            ...SERVICES.map((s): [string, string] => [s, tr(ctx, `dir.service.${s}`)]),
          ]}
        />
      </div>
      <div class="checks">
        <label>
          <input type="checkbox" name="gives" value="1" checked={values.gives === '1'} />{' '}
          {tr(ctx, 'dir.filter.gives')}
        </label>
      </div>
      {errors?.gives && <p class="error">{tr(ctx, errors.gives)}</p>}
      {errors?.page && <p class="error">{tr(ctx, errors.page)}</p>}
      <button type="submit">{tr(ctx, 'dir.filter.apply')}</button>
    </form>
  );
}

function Entry({ ctx, e }: { ctx: ViewCtx; e: PublicEntry }) {
  const lines = e.hours?.split(/\r?\n/) ?? [];
  return (
    <li>
      <h3>
        {title(ctx, e)} {e.name && e.kind && <small>{tr(ctx, `kind.${e.kind}`)}</small>}
      </h3>
      {e.address ? <p>{e.address}</p> : e.commune && <p>{e.commune.name}</p>}
      {e.distanceKm != null && <p>{tr(ctx, 'dir.distance', { km: e.distanceKm })}</p>}
      {e.services && <p>{e.services.map((s) => tr(ctx, `dir.service.${s}`)).join(' · ')}</p>}
      {e.newBeneficiaries != null && (
        <p class={e.newBeneficiaries ? 'badge ok' : 'badge warn'}>
          {tr(ctx, e.newBeneficiaries ? 'dir.nb.yes' : 'dir.nb.no')}
        </p>
      )}
      {e.gives && <p class="badge ok">{tr(ctx, 'dir.gives')}</p>}
      {lines.length > 0 && (
        <p>
          {tr(ctx, 'dir.label.hours')}{' '}
          {lines.map((l, i) => (
            <>
              {i > 0 && <br />}
              {l}
            </>
          ))}
        </p>
      )}
      {e.phone && (
        <p>
          {tr(ctx, 'dir.label.phone')} <a href={`tel:${e.phone}`}>{frenchPhoneText(e.phone)}</a>
        </p>
      )}
      {e.email && (
        <p>
          {tr(ctx, 'dir.label.email')} <a href={`mailto:${e.email}`}>{e.email}</a>
        </p>
      )}
      {e.website && (
        <p>
          {tr(ctx, 'dir.label.website')}{' '}
          <a href={e.website} rel="nofollow noopener noreferrer ugc">
            {e.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
          </a>
        </p>
      )}
    </li>
  );
}

export function DirectoryPage(props: DirectoryPageProps) {
  const { ctx, territory, entries, page, values } = props;
  const name = territory.name;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'dir.page_title', { name })} map>
      <h1>{tr(ctx, 'dir.page_title', { name })}</h1>
      <p>{tr(ctx, 'dir.page_intro')}</p>
      <Filters {...props} />
      <MapView
        ctx={ctx}
        id="directory-map"
        tiles={props.tiles}
        markers={directoryMarkers(ctx, entries)}
        label={tr(ctx, 'dir.map_label', { name })}
        fallback={tr(ctx, 'dir.map_no_js')}
      />
      <h2>{tr(ctx, 'dir.count', { n: entries.length })}</h2>
      {props.from && <p>{tr(ctx, 'dir.nearest_first', { name: props.from })}</p>}
      {entries.length === 0 ? (
        <p>{tr(ctx, 'dir.empty')}</p>
      ) : (
        <ul class="list">
          {entries.map((e) => (
            <Entry ctx={ctx} e={e} />
          ))}
        </ul>
      )}
      {(page > 1 || props.more) && (
        <nav aria-label={tr(ctx, 'dir.page', { n: page })}>
          {page > 1 && (
            <a href={directoryHref(territory.id, values, page - 1)} rel="prev">
              {tr(ctx, 'dir.previous')}
            </a>
          )}{' '}
          {props.more && (
            <a href={directoryHref(territory.id, values, page + 1)} rel="next">
              {tr(ctx, 'dir.next')}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

export function TerritoriesPage(props: {
  ctx: ViewCtx;
  territories: { id: number; name: string }[];
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, 'dir.territories_title')}>
      <h1>{tr(ctx, 'dir.territories_title')}</h1>
      {props.territories.length ? (
        <ul>
          {props.territories.map((t) => (
            <li>
              <a href={`/territories/${t.id}/directory`}>{t.name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{tr(ctx, 'dir.territories_none')}</p>
      )}
    </Layout>
  );
}
