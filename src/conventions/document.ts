import { t, type Lang } from '../i18n/index.js';
import { formatDateTime } from '../shared/time.js';
import type { ConventionParty, ConventionRecord } from './terms.js';

/** A part of the agreement: its heading, label/value fields, paragraphs and a list. */
export interface DocSection {
  id: string;
  title: string;
  fields: [label: string, value: string][];
  paragraphs: string[];
  list: string[];
}

export interface ConventionDocument {
  title: string;
  model: string;
  state: string;
  sections: DocSection[];
}

const address = (o: ConventionParty) =>
  [o.address, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/**
 * The agreement's text, made from the ministry's model (articles: parties, food, pickup, each
 * side's commitments, the quality loop, responsibility, duration, acceptance), in one language.
 * The printable page and the PDF both say exactly this.
 */
export function conventionDocument(r: ConventionRecord, lang: Lang): ConventionDocument {
  const tr = (k: string, v?: Record<string, string | number>) => t(lang, k, v);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${iso}T00:00:00Z`));
  const when = (d: Date | null) => (d ? formatDateTime(d, lang) : '-');
  const missing = tr('identity.missing');
  // French agrees "non renseigné(e)" with the field: l’adresse, la forme juridique... are feminine
  const missingF = tr('identity.missing.f');
  const or = (v: string | number | null | undefined, feminine = false) =>
    v == null || v === '' ? (feminine ? missingF : missing) : String(v);
  const c = r.row;
  const { shop, association } = r.terms;
  const section = (id: string, o: Partial<DocSection> = {}): DocSection => ({
    id,
    title: tr(`conv.doc.${id}`),
    fields: [],
    paragraphs: [],
    list: [],
    ...o,
  });
  const approval = (p: ConventionParty) =>
    p.approval
      ? [
          tr(`identity.approval.${p.approval.level}`),
          p.approval.number,
          p.approval.endsOn && tr('conv.doc.until', { date: day(p.approval.endsOn) }),
        ]
          .filter(Boolean)
          .join(' · ')
      : missingF;
  const clauses = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => tr(`${prefix}.${i + 1}`));

  const sections: DocSection[] = [
    section('object', { paragraphs: [tr('conv.doc.object_text')] }),
    section('donor', {
      fields: [
        [tr('receipts.name'), shop.name],
        [tr('receipts.address'), or(address(shop), true)],
        [tr('identity.siret'), or(shop.siret)],
        [tr('identity.siren'), or(shop.siren)],
        [tr('identity.legal_form'), or(shop.legalForm, true)],
        [tr('identity.sales_area'), or(shop.salesAreaM2, true)],
      ],
    }),
    section('beneficiary', {
      fields: [
        [tr('receipts.name'), association.name],
        [tr('receipts.address'), or(address(association), true)],
        [tr('identity.rna'), or(association.rna)],
        [tr('identity.siren'), or(association.siren)],
        [tr('identity.legal_form'), or(association.legalForm, true)],
        [tr('identity.approval'), approval(association)],
      ],
    }),
    section('food', {
      list: (c.categories as string[]).map((k) => tr(`cat.${k}`)),
      paragraphs: [tr('conv.doc.food_text')],
    }),
    section('pickup', {
      paragraphs: [c.pickup_arrangements],
      list: r.terms.series.map((s) =>
        tr('conv.doc.series_line', {
          days: s.weekdays.map((d) => tr(`series.day.${d}`)).join(', '),
          from: s.from,
          until: s.until,
          kg: s.kg,
          what: s.description,
        }),
      ),
    }),
    section('donor_duties', { list: clauses('conv.doc.donor_duty', 5) }),
    section('beneficiary_duties', { list: clauses('conv.doc.beneficiary_duty', 5) }),
    section('quality', {
      paragraphs: [tr('conv.doc.quality_text')],
      list: clauses('conv.doc.quality_duty', 4),
      fields: [[tr('conv.quality_contact'), or(c.quality_contact)]],
    }),
    section('responsibility', { paragraphs: [tr('conv.doc.responsibility_text')] }),
    section('duration', {
      fields: [
        [tr('conv.starts_on'), day(c.starts_on)],
        [tr('conv.ends_on'), c.ends_on ? day(c.ends_on) : tr('conv.doc.no_end')],
      ],
      paragraphs: [tr('conv.doc.duration_text')],
    }),
    section('acceptance', {
      fields: [
        [
          tr('conv.doc.proposed'),
          tr('conv.doc.by_on', {
            side: tr(`conv.side.${c.proposed_by_side}`),
            who: r.proposedByName ?? '-',
            when: when(c.proposed_at),
          }),
        ],
        ...(c.answered_at
          ? [
              [
                tr(c.status === 'declined' ? 'conv.doc.declined' : 'conv.doc.accepted'),
                tr('conv.doc.by_on', {
                  side: tr(`conv.side.${c.proposed_by_side === 'shop' ? 'association' : 'shop'}`),
                  who: r.answeredByName ?? '-',
                  when: when(c.answered_at),
                }),
              ] as [string, string],
            ]
          : []),
        ...(c.decline_reason ? [[tr('conv.reason'), c.decline_reason] as [string, string]] : []),
        ...(c.ended_at
          ? [
              [
                tr(c.status === 'withdrawn' ? 'conv.doc.withdrawn' : 'conv.doc.ended'),
                tr('conv.doc.who_on', { who: r.endedByName ?? '-', when: when(c.ended_at) }),
              ] as [string, string],
              [tr('conv.reason'), c.end_reason ?? '-'] as [string, string],
            ]
          : []),
      ],
      paragraphs: [tr('conv.doc.acceptance_text')],
    }),
  ];
  return {
    title: tr('conv.doc.title'),
    model: tr('conv.doc.model'),
    state: tr(`conv.state.${r.state}`),
    sections,
  };
}
