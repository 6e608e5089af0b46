import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';
import { receiptPdfAttachment } from '../receipts/attachment.js';
import type { MailAttachment } from './transport.js';

/**
 * The largest file a mail carries (2 MB: far under SMTP servers' and Brevo's limits once in
 * base64). A bigger one is left out; the mail still has its link to the same document.
 */
export const MAX_ATTACHMENT_BYTES = 2_000_000;

/** What an outbox row's `attachment` names, built when the mail leaves: `receipt_pdf:<id>`. */
const builders: Record<
  string,
  (db: Kysely<Database>, id: number, lang: Lang) => Promise<MailAttachment | null>
> = {
  receipt_pdf: receiptPdfAttachment,
};

/** The file a row names, or nothing (unknown, gone, or over the size limit). */
export async function attachmentOf(
  db: Kysely<Database>,
  ref: string | null,
  lang: Lang,
  max = MAX_ATTACHMENT_BYTES,
): Promise<MailAttachment[]> {
  const m = ref ? /^([a-z_]+):(\d{1,12})$/.exec(ref) : null;
  const build = m && Object.hasOwn(builders, m[1]!) ? builders[m[1]!] : undefined;
  if (!build) return [];
  const file = await build(db, Number(m![2]), lang);
  return file && file.content.byteLength <= max ? [file] : [];
}
