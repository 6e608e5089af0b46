import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** UTF-8 byte order mark first, for spreadsheets that otherwise guess another encoding. */
  bom?: boolean;
  /** How numbers are written (default: as JavaScript prints them, a dot for decimals). */
  number?: (n: number) => string;
  /** How booleans are written (default: yes / no). */
  boolean?: (b: boolean) => string;
}

/**
 * The one CSV writer of every export: comma-separated, CRLF line ends, RFC 4180 quoting (and
 * cells holding a semicolon quoted too, for spreadsheets set to split on it).
 *
 * Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return, or their full-width forms) gets a leading quote: csv-stringify's `escape_formulas`.
 * Numbers are written as numbers and never prefixed, so a negative figure stays a figure: only
 * text, which is where what users typed ends up, is defused.
 */
export function toCsv(rows: CsvCell[][], opts: CsvOptions = {}): string {
  return stringify(rows, {
    bom: opts.bom ?? false,
    record_delimiter: 'windows',
    // a line break inside a cell is quoted (setting record_delimiter turns that off otherwise)
    quote_record_delimiter: true,
    escape_formulas: true,
    quoted_match: ';',
    cast: {
      number: opts.number ?? String,
      boolean: opts.boolean ?? ((b) => (b ? 'yes' : 'no')),
    },
  });
}

export type CsvLang = 'fr' | 'en';

/** One column of an export: its header in each language and how a row gives its cell. */
export interface CsvColumn<T> {
  fr: string;
  en: string;
  cell: (row: T) => CsvCell;
  /** decimals of a number (default: as many as it has) */
  decimals?: number;
}

/**
 * An export as the user's spreadsheet opens it: UTF-8 with a BOM always; in French `;` between
 * cells, decimal commas, oui/non and French headers (what Excel and LibreOffice set to French
 * expect); in English `,`, decimal points, yes/no. The same columns, in the same order, in both.
 * Extra rows (a total line) are cells in column order.
 */
export function localizedCsv<T>(
  lang: CsvLang,
  columns: CsvColumn<T>[],
  rows: T[],
  extra: CsvCell[][] = [],
): string {
  const fr = lang === 'fr';
  const body: CsvCell[][] = [
    columns.map((c) => c[lang]),
    ...rows.map((r) => columns.map((c) => c.cell(r))),
    ...extra,
  ];
  return stringify(body, {
    bom: true,
    delimiter: fr ? ';' : ',',
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
    quoted_match: fr ? undefined : ';',
    cast: {
      number: (n, ctx) => {
        const d = ctx.header ? undefined : columns[ctx.column as number]?.decimals;
        const s = d != null ? n.toFixed(d) : String(n);
        return fr ? s.replace('.', ',') : s;
      },
      boolean: (b) => (b ? (fr ? 'oui' : 'yes') : fr ? 'non' : 'no'),
    },
  });
}

/** A header in both languages, and the decimals of its numbers. */
export type CsvHeader = { fr: string; en: string; decimals?: number };

/** `localizedCsv` for rows already laid out as cells, in the order of `headers`. */
export function localizedTable(lang: CsvLang, headers: CsvHeader[], rows: CsvCell[][]) {
  return localizedCsv<CsvCell[]>(
    lang,
    headers.map((h, i) => ({ ...h, cell: (r) => r[i] })),
    rows,
  );
}
