import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';
import type { MailAttachment } from '../mail/transport.js';
import { issuedOf } from '../../views/receipts/cerfa.js';
import { receiptPdf } from './pdf.js';

/**
 * A receipt's PDF, carried by the mail that tells the shop's managers it was issued: built from
 * the frozen copy when the mail leaves, in the reader's language (cancelled meanwhile, it says so).
 * The outbox row only names it, so the PDF is never stored twice.
 */
export async function receiptPdfAttachment(
  db: Kysely<Database>,
  id: number,
  lang: Lang,
): Promise<MailAttachment | null> {
  const r = await db.selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    filename: `receipt-${r.number}.pdf`,
    contentType: 'application/pdf',
    content: await receiptPdf(issuedOf(r), lang),
  };
}
