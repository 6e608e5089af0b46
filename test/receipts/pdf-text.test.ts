import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { winAnsi } from '../../src/receipts/pdf-writer.js';

let charset: Set<number>;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  charset = new Set((await doc.embedFont(StandardFonts.Helvetica)).getCharacterSet());
});

describe('text for the standard Helvetica (WinAnsi)', () => {
  it.each([
    ['Reçu n° 2026-0001 ANNULÉ', 'Reçu n° 2026-0001 ANNULÉ'],
    ['l’œuvre « Œ » — €', 'l’œuvre « Œ » — €'],
    ['1\u202f234,50\u00a0€', '1\u00a0234,50\u00a0€'],
    ['a\u2009b\u3000c', 'a\u00a0b\u00a0c'],
    ['Pain 🥖 👨‍👩‍👧 ok', 'Pain   ok'],
    ['❤️ x', ' x'],
    ['Ŝtraße Łódź', 'Straße ?ódz'],
    ['Жук 東京', '??? ??'],
    ['a\nb\tc\u0007d\u2028e', 'a b c d e'],
    ['x\u2010y\u2212z', 'x-y-z'],
  ])('%j -> %j', (input, out) => {
    const got = winAnsi(input, charset);
    expect(got).toBe(out);
    // and every character of it can be written
    for (const ch of got) expect(charset.has(ch.codePointAt(0)!)).toBe(true);
  });
});
