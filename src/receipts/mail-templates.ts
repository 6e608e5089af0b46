import { formatDay, formatEur } from '../i18n/format.js';
import type { Lang } from '../i18n/index.js';
import type { Params, Template } from '../mail/template-types.js';

/**
 * The period and amount in the recipient's language ("1 mars 2026", "12,50 €" / "€12.50"). Messages
 * queued before the params were plain carry "01/03/2026" and "12,50": shown as they are.
 */
function words(lang: Lang, p: Params) {
  const amount = typeof p.amount === 'number' ? formatEur(lang, p.amount) : `${p.amount} €`;
  return { from: formatDay(lang, String(p.from)), to: formatDay(lang, String(p.to)), amount };
}

/** The shop's managers are told when an association issues them a receipt (issue.ts). */
export const receiptTemplates: Record<string, Record<Lang, Template>> = {
  receipt_issued: {
    fr: (p, l, w = words('fr', p)) => ({
      subject: `Reçu fiscal n° ${p.number} de ${p.association}`,
      paragraphs: [
        'Bonjour,',
        `${p.association} vous a émis le reçu fiscal n° ${p.number} (Cerfa 16216) pour vos dons du ${w.from} au ${w.to} : ${w.amount}.`,
        'Il est joint à ce message en PDF (sauf s’il dépasse 2 Mo) ; vous le trouverez aussi, imprimable, sur votre page des reçus.',
        ...(l.pdf ? [`Le reçu en PDF : ${l.pdf}`] : []),
      ],
      action: { label: 'Voir le reçu', url: l.receipt! },
      text: '',
      sms: `Surplus Link : reçu n° ${p.number} de ${p.association}, ${w.amount}.`,
    }),
    en: (p, l, w = words('en', p)) => ({
      subject: `Tax receipt no. ${p.number} from ${p.association}`,
      paragraphs: [
        'Hello,',
        `${p.association} issued you tax receipt no. ${p.number} (Cerfa 16216) for your donations from ${w.from} to ${w.to}: ${w.amount}.`,
        'It is attached to this message as a PDF (unless over 2 MB); you will also find it, printable, on your receipts page.',
        ...(l.pdf ? [`The receipt as a PDF: ${l.pdf}`] : []),
      ],
      action: { label: 'See the receipt', url: l.receipt! },
      text: '',
      sms: `Surplus Link: receipt no. ${p.number} from ${p.association}, ${w.amount}.`,
    }),
  },
};
