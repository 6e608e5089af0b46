import type { Receipt } from '../db/schema.js';
import { t, type Lang } from '../i18n/index.js';
import type { CerfaData, Party } from '../../views/receipts/cerfa.js';
import { A4_LANDSCAPE, PdfFlow } from './pdf-writer.js';

/**
 * The formats of views/stats/format.ts, each Intl object made once per document (making one per
 * cell was most of the time of a long receipt).
 */
function fmt(lang: Lang) {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const e = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const d = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    num: (x: number | null) => (x == null ? '-' : n.format(x)),
    eur: (x: number | null) => (x == null ? '-' : e.format(x)),
    day: (iso: string) => d.format(new Date(`${iso}T00:00:00Z`)),
  };
}

const address = (o: Party) =>
  [o.address, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/**
 * The Cerfa 16216 receipt as an A4 PDF, from what was frozen at issue: number, beneficiary
 * (identity, RNA/SIREN, object), donor (name, SIREN, legal form, address), the amount in figures
 * and in words, the period, the goods with their kg and values, the date of issue. A cancelled
 * receipt says so at the top and across each page.
 */
export async function receiptPdf(r: CerfaData, lang: Lang): Promise<Uint8Array> {
  const { num, eur, day } = fmt(lang);
  const tr = (k: string, v?: Record<string, string | number>) => t(lang, k, v);
  const or = (v: string | null | undefined) => v || tr('receipts.to_complete');
  const pdf = await PdfFlow.create(`${tr('receipts.number')} ${r.number ?? ''}`);
  pdf.text(tr('receipts.cerfa'), { size: 13, bold: true, gap: 8 });
  if (r.number) pdf.text(`${tr('receipts.number')} ${r.number}`, { size: 12, bold: true });
  if (r.status === 'cancelled') {
    pdf.text(tr('receipts.pdf.cancelled'), { size: 14, bold: true, gap: 2 });
    pdf.text(tr('receipts.cancelled_because', { reason: r.cancelReason ?? '' }));
  }
  if (r.status === 'draft') pdf.text(tr('receipts.draft'));

  pdf.heading(tr('receipts.beneficiary'));
  pdf.field(tr('receipts.name'), r.donee.name);
  pdf.field(tr('receipts.address'), or(address(r.donee)));
  const ids = [r.donee.rna && `RNA ${r.donee.rna}`, r.donee.siren && `SIREN ${r.donee.siren}`];
  pdf.field(tr('receipts.rna'), or(ids.filter(Boolean).join(' · ')));
  pdf.field(tr('receipts.object'), or(r.donee.object));

  pdf.heading(tr('receipts.donor'));
  pdf.field(tr('receipts.name'), r.donor.name);
  pdf.field(tr('receipts.siren'), or(r.donor.siren));
  pdf.field(tr('receipts.legal_form'), or(r.donor.legalForm));
  pdf.field(tr('receipts.address'), or(address(r.donor)));

  pdf.heading(tr('receipts.amount'));
  pdf.field(tr('receipts.amount'), eur(r.amountEur));
  pdf.field(tr('receipts.in_words'), r.amountWords);
  pdf.field(
    tr('receipts.period'),
    tr('receipts.from_to', { from: day(r.periodFrom), to: day(r.periodTo) }),
  );
  pdf.field(tr('receipts.form'), tr('receipts.in_kind'));
  const byCategory = new Map<string, number>();
  for (const l of r.lines)
    byCategory.set(l.category, (byCategory.get(l.category) ?? 0) + l.receivedKg);
  pdf.field(
    tr('receipts.nature'),
    [...byCategory].map(([c, kg]) => `${tr(`cat.${c}`)} : ${num(kg)} kg`).join(' ; '),
  );
  pdf.text(tr('receipts.valuation'), { size: 9 });

  const w = pdf.width;
  pdf.table(
    [
      { title: tr('receipts.day'), width: w * 0.13 },
      { title: tr('receipts.goods'), width: w * 0.29 },
      { title: tr('receipts.kg'), width: w * 0.09, align: 'right' },
      { title: tr('receipts.date'), width: w * 0.15 },
      { title: tr('receipts.cost'), width: w * 0.11, align: 'right' },
      { title: tr('receipts.rate'), width: w * 0.12 },
      { title: tr('receipts.value'), width: w * 0.11, align: 'right' },
    ],
    r.lines.map((l) => [
      day(l.pickupDay),
      `${l.description} (${tr(`cat.${l.category}`)})`,
      num(l.receivedKg),
      l.productDate ? `${l.dateKind === 'use_by' ? 'DLC' : 'DDM'} ${day(l.productDate)}` : '-',
      eur(l.costValueEur),
      tr(`receipts.rule.${l.rule}`),
      eur(l.valueEur),
    ]),
  );
  pdf.text(tr('receipts.certify'), { size: 9, gap: 10 });
  pdf.text(
    `${tr('receipts.pdf.issued_on')} : ${r.issuedOn ? day(r.issuedOn) : '-'}    ${tr('receipts.signature')} : ______________________`,
  );
  if (r.status === 'cancelled') pdf.stamp(tr('receipts.pdf.cancelled'));
  return pdf.save();
}

const party = (p: unknown, k: string) => (p as Record<string, string | null>)[k] ?? '';

/**
 * The year's receipts as a PDF list (art. 222 bis LPF: the association states each year the
 * receipts it issued), issued and cancelled, with the count and total of those still issued.
 */
export async function issuedListPdf(
  items: Receipt[],
  o: { year: number; holder: string },
  lang: Lang,
): Promise<Uint8Array> {
  const { num, eur, day } = fmt(lang);
  const tr = (k: string, v?: Record<string, string | number>) => t(lang, k, v);
  const title = tr('receipts.pdf.list_title', { year: o.year });
  const pdf = await PdfFlow.create(title, A4_LANDSCAPE);
  pdf.text(title, { size: 14, bold: true });
  pdf.text(o.holder, { size: 11, gap: 8 });
  const live = items.filter((r) => r.status === 'issued');
  const total = live.reduce((a, r) => a + Math.round(Number(r.amount_eur) * 100), 0) / 100;
  pdf.text(
    tr('receipts.pdf.list_totals', {
      n: live.length,
      eur: eur(total),
      cancelled: tr('receipts.pdf.cancelled_count', { n: items.length - live.length }),
    }),
    { bold: true, gap: 8 },
  );
  const w = pdf.width;
  pdf.table(
    [
      { title: tr('receipts.number'), width: w * 0.08 },
      { title: tr('receipts.pdf.issued_on'), width: w * 0.09 },
      { title: tr('receipts.pdf.status'), width: w * 0.07 },
      { title: tr('receipts.beneficiary'), width: w * 0.15 },
      { title: tr('receipts.donor'), width: w * 0.17 },
      { title: tr('receipts.siren'), width: w * 0.08 },
      { title: tr('receipts.legal_form'), width: w * 0.07 },
      { title: tr('receipts.period'), width: w * 0.13 },
      { title: 'kg', width: w * 0.06, align: 'right' },
      { title: tr('receipts.amount'), width: w * 0.1, align: 'right' },
    ],
    items.map((r) => [
      r.number,
      day(r.issued_at.toISOString().slice(0, 10)),
      tr(`receipts.status.${r.status}`) +
        (r.status === 'cancelled' && r.cancel_reason ? ` (${r.cancel_reason})` : ''),
      party(r.donee, 'name'),
      party(r.donor, 'name'),
      party(r.donor, 'siren'),
      party(r.donor, 'legalForm'),
      tr('receipts.from_to', { from: day(r.period_from), to: day(r.period_to) }),
      num(Number(r.kg)),
      eur(Number(r.amount_eur)),
    ]),
  );
  if (!items.length) pdf.text(tr('receipts.none_issued'));
  return pdf.save();
}
