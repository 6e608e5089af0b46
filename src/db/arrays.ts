/**
 * An array parameter written as PostgreSQL's array text ('{1,2,NULL}'), to be cast in SQL
 * (`${pgArray(ids)}::int[]`). The same on every driver: postgres.js sends a JS array as '1,2'
 * when it has not fetched the server's array types (Workers), and a JS array of dates with the
 * type of one date.
 */
export function pgArray(values: readonly (number | string | Date | null)[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
      return String(v);
    }
    const s = v instanceof Date ? v.toISOString() : v;
    return `"${s.replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${items.join(',')}}`;
}
