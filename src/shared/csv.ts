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
