import type { Lang } from '../i18n/index.js';
import type { Template } from '../mail/template-types.js';

/** The shop's managers are told when an association issues them a receipt (issue.ts). */
export const receiptTemplates: Record<string, Record<Lang, Template>> = {
  receipt_issued: {
    fr: (p, l) => ({
      subject: `Reçu fiscal n° ${p.number} de ${p.association}`,
      paragraphs: [
        'Bonjour,',
        `${p.association} vous a émis le reçu fiscal n° ${p.number} (Cerfa 16216) pour vos dons du ${p.from} au ${p.to} : ${p.amount} €.`,
        'Il est joint à ce message en PDF ; vous le trouverez aussi, imprimable, sur votre page des reçus.',
        ...(l.pdf ? [`Le reçu en PDF : ${l.pdf}`] : []),
      ],
      action: { label: 'Voir le reçu', url: l.receipt! },
      text: '',
      sms: `Surplus Link : reçu n° ${p.number} de ${p.association}, ${p.amount} €.`,
    }),
    en: (p, l) => ({
      subject: `Tax receipt no. ${p.number} from ${p.association}`,
      paragraphs: [
        'Hello,',
        `${p.association} issued you tax receipt no. ${p.number} (Cerfa 16216) for your donations from ${p.from} to ${p.to}: EUR ${p.amount}.`,
        'It is attached to this message as a PDF; you will also find it, printable, on your receipts page.',
        ...(l.pdf ? [`The receipt as a PDF: ${l.pdf}`] : []),
      ],
      action: { label: 'See the receipt', url: l.receipt! },
      text: '',
      sms: `Surplus Link: receipt no. ${p.number} from ${p.association}, EUR ${p.amount}.`,
    }),
  },
};
