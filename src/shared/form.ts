/** An HTML form as read: one string per field, or several for a field sent more than once. */
export type FormFields = Record<string, string | string[]>;

/** A field's value; sent several times (a hidden default and a checkbox), the last one. */
export function lastOf(form: FormFields, k: string): string | undefined {
  const v = form[k];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** Every value of a field (checkboxes of one name), at most `max`. */
export function allOf(form: FormFields, k: string, max = 1000): string[] {
  const v = form[k];
  return (v == null ? [] : Array.isArray(v) ? v : [v]).slice(0, max);
}
