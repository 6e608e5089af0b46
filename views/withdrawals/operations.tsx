import { formatDateTime } from '../../src/shared/time.js';
import { colon } from '../../src/i18n/format.js';
import type { WithdrawalDetail } from '../../src/withdrawals/queries.js';
import { tr, type FieldErrors, type FormValues, type ViewCtx } from '../context.js';
import { eur, kg, productName, date } from './format.js';
import { AnswerForms } from './answer.js';

export interface ListProps {
  ctx: ViewCtx;
  campaign: number;
  items: WithdrawalDetail[];
  totals: { kg: number; amountEur: number };
}

export function CampaignNav({ ctx, campaign }: { ctx: ViewCtx; campaign: number }) {
  return (
    <p class="meta">
      <a href={`/withdrawals?campaign=${campaign - 1}`}>← {campaign - 1}</a> ·{' '}
      <strong>
        {tr(ctx, 'wd.campaign')} {campaign}
      </strong>{' '}
      · <a href={`/withdrawals?campaign=${campaign + 1}`}>{campaign + 1} →</a>
    </p>
  );
}

function StatusBadge({ ctx, w }: { ctx: ViewCtx; w: WithdrawalDetail }) {
  return (
    <span class={`badge ${w.status === 'received' ? 'ok' : 'warn'}`}>
      {tr(ctx, `wd.status.${w.status}`)}
    </span>
  );
}

/** One operation as a line that fits a phone: what, how much, to whom, what it is worth. */
export function OperationItem({
  ctx,
  w,
  who,
}: {
  ctx: ViewCtx;
  w: WithdrawalDetail;
  who: 'po' | 'association' | 'admin';
}) {
  return (
    <li id={`withdrawal-${w.id}`}>
      <strong>{productName(ctx, w)}</strong> · {kg(ctx, w.quantity_kg)} kg ·{' '}
      {date(ctx, w.withdrawn_on)} <StatusBadge ctx={ctx} w={w} />
      {w.over_ceiling && <span class="badge warn"> {tr(ctx, 'wd.over_badge')}</span>}
      <div class="meta">
        {who !== 'association' && tr(ctx, 'wd.to_association', { name: w.association_name })}
        {who !== 'po' && ` ${tr(ctx, 'wd.from_po', { name: w.po_name })}`}
        {` · ${tr(ctx, 'wd.att.certificate')} ${w.certificate_number}`}
        {' · '}
        {w.notified_at
          ? tr(ctx, 'wd.notified_on', { when: formatDateTime(new Date(w.notified_at), ctx.lang) })
          : tr(ctx, 'wd.notice_missing')}
        {w.rate_basis === 'history_2014_2018' && ` · ${tr(ctx, 'wd.priced_on_history')}`}
      </div>
      {w.status === 'received' && (
        <div>
          {tr(ctx, 'wd.received_kg')}
          {colon(ctx.lang)}
          {kg(ctx, w.received_kg!)} kg · {tr(ctx, 'wd.compensation')} :{' '}
          <strong class="amount">{eur(ctx, w.amount_eur!)} €</strong>
          <div class="meta">
            {tr(ctx, 'wd.compensation_detail', {
              kg: kg(ctx, w.received_kg!),
              rate: eur(ctx, w.eur_per_100kg),
              flat: eur(ctx, w.flat_eur_per_100kg),
            })}
          </div>
        </div>
      )}
      {w.status === 'refused' && <div class="meta">{w.refusal_reason}</div>}
      <a href={`/withdrawals/${w.id}/attestation`}>{tr(ctx, 'wd.attestation')}</a>
    </li>
  );
}

function Totals({ ctx, totals }: { ctx: ViewCtx; totals: ListProps['totals'] }) {
  return (
    <p id="totals">
      {tr(ctx, 'wd.totals', { kg: kg(ctx, totals.kg), eur: eur(ctx, totals.amountEur) })}
    </p>
  );
}

export function OperationsSection(
  props: ListProps & { who: 'po' | 'association' | 'admin'; answer?: AnswerState },
) {
  const { ctx } = props;
  return (
    <section aria-labelledby="operations-title">
      <h2 id="operations-title">{tr(ctx, 'wd.operations')}</h2>
      <Totals ctx={ctx} totals={props.totals} />
      {props.items.length === 0 ? (
        <p>{tr(ctx, 'wd.none')}</p>
      ) : (
        <ul class="list" id="operations">
          {props.items.map((w) =>
            props.who === 'association' && w.status === 'pending_receipt' ? (
              <AnswerForms
                ctx={ctx}
                w={w}
                state={props.answer?.id === w.id ? props.answer : undefined}
              />
            ) : (
              <OperationItem ctx={ctx} w={w} who={props.who} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

export interface AnswerState {
  id: number;
  values?: FormValues;
  errors?: FieldErrors;
}
