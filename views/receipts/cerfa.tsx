import { colon } from '../../src/i18n/format.js';
import type { Organisation, Receipt } from '../../src/db/schema.js';
import type { ReceiptGroup, ReceiptLine } from '../../src/receipts/domain.js';
import { euroAmountInFrench } from '../../src/receipts/words.js';
import { tr, type ViewCtx } from '../context.js';
import { Layout } from '../layout.js';
import { day, eur, num } from '../stats/format.js';
import { Lines } from './pages.js';

/** Who gives and who receives, as the receipt states them (frozen at issue). */
export interface Party {
  name: string;
  address: string | null;
  postcode: string | null;
  town: string | null;
  siren?: string | null;
  legalForm?: string | null;
  rna?: string | null;
  object?: string | null;
}

export interface CerfaData {
  /** the issued receipt's id (its PDF is /receipts/:id/pdf); none for a draft */
  id?: number;
  number: string | null;
  status: 'draft' | 'issued' | 'cancelled';
  cancelReason?: string | null;
  donor: Party;
  donee: Party;
  periodFrom: string;
  periodTo: string;
  amountEur: number;
  amountWords: string;
  lines: ReceiptLine[];
  withoutValue: number;
  issuedOn?: string;
}

export const partyOf = (o: Organisation): Party => ({
  name: o.name,
  address: o.address,
  postcode: o.postcode,
  town: o.town,
  siren: o.siren,
  legalForm: o.legal_form,
  rna: o.rna,
  object: o.purpose,
});

export const draftOf = (g: ReceiptGroup, from: string, to: string): CerfaData => ({
  number: null,
  status: 'draft',
  donor: partyOf(g.shop),
  donee: partyOf(g.association),
  periodFrom: from,
  periodTo: to,
  amountEur: g.totalEur,
  amountWords: euroAmountInFrench(g.totalEur),
  lines: g.lines,
  withoutValue: g.withoutValue,
});

export const issuedOf = (r: Receipt): CerfaData => ({
  id: r.id,
  number: r.number,
  status: r.status,
  cancelReason: r.cancel_reason,
  donor: r.donor as unknown as Party,
  donee: r.donee as unknown as Party,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  amountEur: Number(r.amount_eur),
  amountWords: r.amount_words,
  lines: r.lines as ReceiptLine[],
  withoutValue: 0,
  issuedOn: r.issued_at.toISOString().slice(0, 10),
});

const address = (o: Party) =>
  [o.address, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/** The receipt an association hands the donor: the fields of Cerfa 16216, for a donation in kind. */
export function ReceiptPrintPage({ ctx, r }: { ctx: ViewCtx; r: CerfaData }) {
  const todo = <em class="todo">{tr(ctx, 'receipts.to_complete')}</em>;
  const or = (v: string | null | undefined) => (v ? v : todo);
  const byCategory = new Map<string, number>();
  for (const l of r.lines)
    byCategory.set(l.category, (byCategory.get(l.category) ?? 0) + l.receivedKg);
  const ids = [r.donee.rna && `RNA ${r.donee.rna}`, r.donee.siren && `SIREN ${r.donee.siren}`];
  return (
    <Layout ctx={ctx} title={tr(ctx, 'receipts.print')}>
      <article class="cerfa">
        <h1>{tr(ctx, 'receipts.cerfa')}</h1>
        {r.status === 'draft' && (
          <p class="alert warn" id="draft">
            {tr(ctx, 'receipts.draft')}
          </p>
        )}
        {r.status === 'cancelled' && (
          <p class="alert error" id="cancelled">
            {tr(ctx, 'receipts.cancelled_because', { reason: r.cancelReason ?? '' })}
          </p>
        )}
        {r.number && (
          <p>
            {tr(ctx, 'receipts.number')}
            {colon(ctx.lang)}
            <strong id="number">{r.number}</strong>
            {r.id != null && (
              <>
                {' '}
                ·{' '}
                <a class="noprint" id="pdf" href={`/receipts/${r.id}/pdf`}>
                  {tr(ctx, 'receipts.pdf')}
                </a>
              </>
            )}
          </p>
        )}
        <h2>{tr(ctx, 'receipts.beneficiary')}</h2>
        <dl>
          <dt>{tr(ctx, 'receipts.name')}</dt>
          <dd>{r.donee.name}</dd>
          <dt>{tr(ctx, 'receipts.address')}</dt>
          <dd>{or(address(r.donee))}</dd>
          <dt>{tr(ctx, 'receipts.rna')}</dt>
          <dd id="donee-id">{or(ids.filter(Boolean).join(' · '))}</dd>
          <dt>{tr(ctx, 'receipts.object')}</dt>
          <dd id="donee-object">{or(r.donee.object)}</dd>
        </dl>
        <h2>{tr(ctx, 'receipts.donor')}</h2>
        <dl>
          <dt>{tr(ctx, 'receipts.name')}</dt>
          <dd>{r.donor.name}</dd>
          <dt>{tr(ctx, 'receipts.address')}</dt>
          <dd>{or(address(r.donor))}</dd>
          <dt>{tr(ctx, 'receipts.siren')}</dt>
          <dd id="donor-siren">{or(r.donor.siren)}</dd>
          <dt>{tr(ctx, 'receipts.legal_form')}</dt>
          <dd id="donor-form">{or(r.donor.legalForm)}</dd>
        </dl>
        <h2>{tr(ctx, 'receipts.amount')}</h2>
        <dl>
          <dt>{tr(ctx, 'receipts.amount')}</dt>
          <dd id="amount">{eur(ctx, r.amountEur)}</dd>
          <dt>{tr(ctx, 'receipts.in_words')}</dt>
          <dd id="amount-words" lang="fr">
            {r.amountWords}
          </dd>
          <dt>{tr(ctx, 'receipts.period')}</dt>
          <dd>
            {tr(ctx, 'receipts.from_to', {
              from: day(ctx, r.periodFrom),
              to: day(ctx, r.periodTo),
            })}
          </dd>
          <dt>{tr(ctx, 'receipts.form')}</dt>
          <dd>{tr(ctx, 'receipts.in_kind')}</dd>
          <dt>{tr(ctx, 'receipts.nature')}</dt>
          <dd>
            {[...byCategory]
              .map(([c, kg]) => `${tr(ctx, `cat.${c}`)}${colon(ctx.lang)}${num(ctx, kg)} kg`)
              .join(' ; ')}
            {r.withoutValue > 0 && (
              <> ({tr(ctx, 'receipts.without_value', { n: r.withoutValue })})</>
            )}
          </dd>
        </dl>
        <p>{tr(ctx, 'receipts.valuation')}</p>
        <Lines ctx={ctx} lines={r.lines} />
        <p>{tr(ctx, 'receipts.certify')}</p>
        <p>
          {tr(ctx, 'receipts.signature')}
          {colon(ctx.lang)}
          {r.issuedOn ? day(ctx, r.issuedOn) : ''} ______________________
        </p>
      </article>
    </Layout>
  );
}
