import type { Lang } from '../i18n/index.js';
import { PdfFlow } from '../receipts/pdf-writer.js';
import { conventionDocument } from './document.js';
import type { ConventionRecord } from './terms.js';

/** The agreement as an A4 PDF: the same text as its printable page (document.ts). */
export async function conventionPdf(r: ConventionRecord, lang: Lang): Promise<Uint8Array> {
  const doc = conventionDocument(r, lang);
  const pdf = await PdfFlow.create(`${doc.title} ${r.row.id}`);
  pdf.text(doc.title, { size: 15, bold: true, gap: 4 });
  pdf.text(doc.model, { size: 9, gap: 6 });
  pdf.text(`N° ${r.row.id} · ${doc.state}`, { bold: true, gap: 6 });
  for (const s of doc.sections) {
    pdf.heading(s.title);
    for (const p of s.paragraphs) pdf.text(p);
    for (const item of s.list) pdf.text(`- ${item}`);
    for (const [label, value] of s.fields) pdf.field(label, value);
  }
  return pdf.save();
}
