import type { Lang } from '../i18n/index.js';
import type { Params, Template } from '../mail/template-types.js';

/** What happened to a donation agreement, told to the other side's managers (news.ts). */
export type ConventionEvent = 'proposed' | 'accepted' | 'declined' | 'ended' | 'withdrawn';

const FR: Record<ConventionEvent, (p: Params) => [string, string]> = {
  proposed: (p) => [
    `${p.by} vous propose une convention de don`,
    `${p.by} vous propose une convention de don entre ${p.shop} et ${p.association}, à partir du ${p.startsOn}. Un responsable l’accepte ou la refuse en ligne.`,
  ],
  accepted: (p) => [
    `${p.by} a accepté la convention de don`,
    `${p.by} a accepté la convention de don entre ${p.shop} et ${p.association} : elle est en vigueur à partir du ${p.startsOn}.`,
  ],
  declined: (p) => [
    `${p.by} a refusé la convention de don`,
    `${p.by} a refusé la convention de don proposée entre ${p.shop} et ${p.association}.${p.reason ? ` Motif : ${p.reason}` : ''}`,
  ],
  ended: (p) => [
    `${p.by} a mis fin à la convention de don`,
    `${p.by} a mis fin à la convention de don entre ${p.shop} et ${p.association}. Motif : ${p.reason}`,
  ],
  withdrawn: (p) => [
    `${p.by} a retiré sa proposition de convention`,
    `${p.by} a retiré la convention de don qu’il proposait entre ${p.shop} et ${p.association}.${p.reason ? ` Motif : ${p.reason}` : ''}`,
  ],
};

const EN: Record<ConventionEvent, (p: Params) => [string, string]> = {
  proposed: (p) => [
    `${p.by} proposes a donation agreement`,
    `${p.by} proposes a donation agreement between ${p.shop} and ${p.association}, from ${p.startsOn}. A manager accepts or declines it online.`,
  ],
  accepted: (p) => [
    `${p.by} accepted the donation agreement`,
    `${p.by} accepted the donation agreement between ${p.shop} and ${p.association}: it is in force from ${p.startsOn}.`,
  ],
  declined: (p) => [
    `${p.by} declined the donation agreement`,
    `${p.by} declined the donation agreement proposed between ${p.shop} and ${p.association}.${p.reason ? ` Reason: ${p.reason}` : ''}`,
  ],
  ended: (p) => [
    `${p.by} ended the donation agreement`,
    `${p.by} ended the donation agreement between ${p.shop} and ${p.association}. Reason: ${p.reason}`,
  ],
  withdrawn: (p) => [
    `${p.by} withdrew its proposed agreement`,
    `${p.by} withdrew the donation agreement it proposed between ${p.shop} and ${p.association}.${p.reason ? ` Reason: ${p.reason}` : ''}`,
  ],
};

const words: Record<Lang, { table: typeof FR; hello: string; see: string; footer: string }> = {
  fr: {
    table: FR,
    hello: 'Bonjour,',
    see: 'Voir la convention',
    footer: 'Vous recevez ce message comme responsable de l’une des deux parties.',
  },
  en: {
    table: EN,
    hello: 'Hello,',
    see: 'See the agreement',
    footer: 'You get this message as a manager of one of the two parties.',
  },
};

const template =
  (lang: Lang): Template =>
  (p, l) => {
    const w = words[lang];
    const [subject, body] = (w.table[p.event as ConventionEvent] ?? w.table.proposed)(p);
    return {
      subject,
      paragraphs: [w.hello, body],
      action: { label: w.see, url: l.convention! },
      footer: w.footer,
      text: '',
      sms: `Surplus Link${lang === 'fr' ? ' :' : ':'} ${subject}.`,
    };
  };

export const CONVENTION_TEMPLATES: Record<string, Record<Lang, Template>> = {
  convention_news: { fr: template('fr'), en: template('en') },
};
