/**
 * A small RFC 4180 reader for the exports (csv-parse is not installed): quotes doubled, quoted
 * separators and line breaks, CRLF between records. It tells the separator it was given only.
 */
export function parseCsv(text: string, delimiter: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) (row.push(cell), (cell = ''));
    else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''), i++);
    } else cell += ch;
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  return rows;
}

/** An export read as objects keyed by its headers, after checking the BOM and that every row is as wide. */
export async function readCsvExport(res: Response, lang: 'fr' | 'en') {
  const buf = new Uint8Array(await res.arrayBuffer());
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const text = new TextDecoder().decode(buf);
  const [headers, ...rows] = parseCsv(text, lang === 'fr' ? ';' : ',');
  return {
    bom,
    contentType: res.headers.get('content-type'),
    headers,
    widths: [...new Set(rows.map((r) => r.length))],
    rows: rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))),
  };
}
