// Destructive taps (cancel, release, refuse) land here first: what will happen, then one button
// that posts again with `confirmed=yes` (and the values typed, kept as hidden fields). Works
// without JavaScript.
import { RELEASE_REASONS } from '../../src/db/tables/donations.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { Csrf, Select } from '../components/fields.js';
import { Layout } from '../layout.js';

export function ConfirmPage(props: {
  ctx: ViewCtx;
  /** 'cancel' | 'release' | 'refuse': the words don.confirm.<kind>* */
  kind: 'cancel' | 'release' | 'refuse';
  action: string;
  back: string;
  /** what was typed before (the pickup form), posted again unchanged */
  hidden?: FormValues;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, kind } = props;
  const hidden = Object.entries(props.hidden ?? {}).filter(
    ([k]) => k !== '_csrf' && k !== 'confirmed',
  );
  return (
    <Layout ctx={ctx} title={tr(ctx, `don.confirm.${kind}`)}>
      <h1>{tr(ctx, `don.confirm.${kind}`)}</h1>
      <p>{tr(ctx, `don.confirm.${kind}_text`)}</p>
      <form method="post" action={props.action} class="card" id="confirm-form">
        <Csrf ctx={ctx} />
        <input type="hidden" name="confirmed" value="yes" />
        {hidden.flatMap(([k, v]) =>
          [v].flat().map((x) => <input type="hidden" name={k} value={String(x ?? '')} />),
        )}
        {kind === 'release' && (
          <Select
            ctx={ctx}
            name="reason"
            label={tr(ctx, 'don.release.reason')}
            values={props.values}
            errors={props.errors}
            options={[
              ['', '—'],
              ...RELEASE_REASONS.map((r) => [r, tr(ctx, `don.release.${r}`)] as [string, string]),
            ]}
          />
        )}
        <button type="submit" class="danger">
          {tr(ctx, `don.confirm.${kind}_yes`)}
        </button>
      </form>
      <p>
        <a class="button secondary" href={props.back}>
          {tr(ctx, 'don.confirm.back')}
        </a>
      </p>
    </Layout>
  );
}
