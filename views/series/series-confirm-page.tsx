// "Arrêter" a series and "Rouvrir" a closed range land here first: what will happen, then one
// button that posts again with `confirmed=yes`. Works without JavaScript.
import { tr, type ViewCtx } from '../context.js';
import { Csrf } from '../components/fields.js';
import { Layout } from '../layout.js';

export function SeriesConfirmPage(props: {
  ctx: ViewCtx;
  /** the words series.confirm_<kind>_title, series.confirm_<kind>, series.confirm_<kind>_yes */
  kind: 'end' | 'reopen';
  action: string;
  vars?: Record<string, string>;
}) {
  const { ctx, kind } = props;
  return (
    <Layout ctx={ctx} title={tr(ctx, `series.confirm_${kind}_title`)}>
      <h1>{tr(ctx, `series.confirm_${kind}_title`)}</h1>
      <p>{tr(ctx, `series.confirm_${kind}`, props.vars)}</p>
      <form method="post" action={props.action} class="card">
        <Csrf ctx={ctx} />
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" class="danger">
          {tr(ctx, `series.confirm_${kind}_yes`)}
        </button>
      </form>
      <p>
        <a class="button secondary" href="/series">
          {tr(ctx, 'series.cancel')}
        </a>
      </p>
    </Layout>
  );
}
