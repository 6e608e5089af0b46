import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

export const A4: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const MARGIN = 42;

/** Spaces that WinAnsi lacks (Intl's fr-FR thousands separator is U+202F) become a no-break space. */
const SPACES = /[\u2000-\u200a\u202f\u205f\u3000]/g;
const DASHES = /[\u2010-\u2012\u2212]/g;
/** Emoji, their joiners and variation selectors, and format characters: dropped. */
const DROPPED = /[\p{Extended_Pictographic}\u200b-\u200d\u2060\ufe00-\ufe0f\u{e0000}-\u{e007f}]/gu;

/**
 * Text the standard Helvetica can write (WinAnsi): control characters become spaces, other
 * spaces a no-break space, an accented letter outside WinAnsi its base letter, emoji are
 * dropped and anything else left becomes "?" — so a name typed with any character gives a PDF.
 */
export function winAnsi(text: string, charset: Set<number>): string {
  let out = '';
  const cleaned = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(SPACES, '\u00a0')
    .replace(DASHES, '-')
    .replace(DROPPED, '');
  for (const ch of cleaned) {
    const cp = ch.codePointAt(0)!;
    if (charset.has(cp)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every((b) => charset.has(b.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** A flow of text down A4 pages: paragraphs, label/value fields and tables, wrapped and paged. */
export class PdfFlow {
  private page!: PDFPage;
  private y = 0;
  private readonly charset: Set<number>;
  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly size: [number, number],
  ) {
    this.charset = new Set(font.getCharacterSet());
    this.newPage();
  }

  static async create(title: string, size: [number, number] = A4) {
    const doc = await PDFDocument.create();
    doc.setTitle(title.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, ''));
    doc.setProducer('Surplus Link');
    doc.setCreator('Surplus Link');
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new PdfFlow(doc, font, bold, size);
  }

  get width() {
    return this.size[0] - 2 * MARGIN;
  }

  private newPage() {
    this.page = this.doc.addPage(this.size);
    this.y = this.size[1] - MARGIN;
  }

  private room(h: number) {
    if (this.y - h < MARGIN) this.newPage();
  }

  /** `text` cut into lines no wider than `width` (a word too long is cut where it must be). */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const f = bold ? this.bold : this.font;
    const fits = (s: string) => f.widthOfTextAtSize(s, size) <= width;
    const lines: string[] = [];
    let line = '';
    for (const word of winAnsi(text, this.charset).split(' ')) {
      const joined = line ? `${line} ${word}` : word;
      if (fits(joined)) {
        line = joined;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (!fits(rest)) {
        let n = rest.length - 1;
        while (n > 1 && !fits(rest.slice(0, n))) n = Math.floor(n * 0.9);
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    if (line || !lines.length) lines.push(line);
    return lines;
  }

  text(text: string, o: { size?: number; bold?: boolean; gap?: number } = {}) {
    const size = o.size ?? 10;
    for (const line of this.wrap(text, this.width, size, o.bold)) {
      this.room(size * 1.3);
      this.y -= size * 1.3;
      this.page.drawText(line, {
        x: MARGIN,
        y: this.y,
        size,
        font: o.bold ? this.bold : this.font,
      });
    }
    this.y -= o.gap ?? 4;
  }

  heading(text: string) {
    this.y -= 6;
    this.text(text, { size: 12, bold: true, gap: 2 });
    this.room(4);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + this.width, y: this.y },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5),
    });
    this.y -= 4;
  }

  /** "Label : value", the value wrapped beside its label. */
  field(label: string, value: string, size = 10) {
    const labelWidth = Math.min(170, this.width / 3);
    const labels = this.wrap(`${label} :`, labelWidth - 6, size, true);
    const values = this.wrap(value, this.width - labelWidth, size);
    for (let i = 0; i < Math.max(labels.length, values.length); i++) {
      this.room(size * 1.3);
      this.y -= size * 1.3;
      if (labels[i])
        this.page.drawText(labels[i]!, { x: MARGIN, y: this.y, size, font: this.bold });
      if (values[i])
        this.page.drawText(values[i]!, {
          x: MARGIN + labelWidth,
          y: this.y,
          size,
          font: this.font,
        });
    }
    this.y -= 3;
  }

  /** A table; its header is repeated on each page it runs onto. */
  table(columns: Column[], rows: string[][], size = 8) {
    const lh = size * 1.25;
    const header = () => {
      const cells = columns.map((c) => this.wrap(c.title, c.width - 4, size, true));
      this.row(columns, cells, size, true);
    };
    this.room(lh * 4);
    header();
    for (const r of rows) {
      const cells = columns.map((c, i) => this.wrap(r[i] ?? '', c.width - 4, size));
      const h = Math.max(...cells.map((x) => x.length)) * lh + 3;
      if (this.y - h < MARGIN) {
        this.newPage();
        header();
      }
      this.row(columns, cells, size, false);
    }
    this.y -= 6;
  }

  private row(columns: Column[], cells: string[][], size: number, bold: boolean) {
    const lh = size * 1.25;
    const top = this.y;
    let x = MARGIN;
    columns.forEach((c, i) => {
      cells[i]!.forEach((line, j) => {
        const f = bold ? this.bold : this.font;
        const w = f.widthOfTextAtSize(line, size);
        const at = c.align === 'right' ? x + c.width - 4 - w : x;
        this.page.drawText(line, { x: at, y: top - lh * (j + 1), size, font: f });
      });
      x += c.width;
    });
    this.y = top - Math.max(...cells.map((l) => l.length)) * lh - 3;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 1 },
      end: { x: MARGIN + this.width, y: this.y + 1 },
      thickness: bold ? 0.6 : 0.2,
      color: rgb(0.6, 0.6, 0.6),
    });
  }

  /** A large red word across every page (a cancelled receipt: "ANNULÉ"). */
  stamp(word: string) {
    const text = winAnsi(word, this.charset);
    for (const p of this.doc.getPages()) {
      const [w, h] = [p.getWidth(), p.getHeight()];
      p.drawText(text, {
        x: w * 0.2,
        y: h * 0.35,
        size: 72,
        font: this.bold,
        color: rgb(0.8, 0.1, 0.1),
        opacity: 0.35,
        rotate: degrees(35),
      });
    }
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
